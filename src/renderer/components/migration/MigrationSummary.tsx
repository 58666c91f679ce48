// The report's summary: the counts that say how far the migration is, then the way off the grant
// (deprecate → watch this report → disable). The words are the report's own (shared).
import type { MigrationReport } from '../../../shared/migration-report'
import { formatTime } from '../../../shared/migration-report-text'

function Figure({ label, value, note }: { label: string; value: number; note?: string }) {
  return (
    <div className="migration-figure">
      <dt>{label}</dt>
      <dd>
        <strong>{value}</strong>
        {note ? <span className="muted"> {note}</span> : null}
      </dd>
    </div>
  )
}

export function MigrationSummary({ report }: { report: MigrationReport }) {
  const s = report.summary
  const g = s.passwordGrants
  return (
    <section className="migration-summary" aria-label="Summary">
      <dl className="migration-figures">
        <Figure
          label="Clients still using the password grant"
          value={s.clientsUsingGrant}
          note={`(${s.clientsWithSuccess} with a successful grant)`}
        />
        <Figure
          label="Password grants in the period"
          value={g.requests}
          note={`(${g.successes} succeeded, ${g.failures} failed)`}
        />
        <Figure label="Distinct users" value={g.distinctUsers} />
        <Figure label="Refresh grants" value={s.refreshGrants} />
        <Figure label="Clients that ignored a Deprecation header" value={s.clientsIgnoringDeprecation} />
      </dl>
      <p className="muted">
        Period: {formatTime(s.firstSeen)} to {formatTime(s.lastSeen)}. Modes: {s.modes.enabled} enabled,{' '}
        {s.modes.deprecated} deprecated, {s.modes.disabled} disabled.
        {s.grantsWithoutClient ? ` ${s.grantsWithoutClient} password grant(s) named no client.` : ''}
      </p>
      <h3>Migration path</h3>
      <ol className="migration-path">
        {s.migrationPath.map((step) => (
          <li key={step.step}>
            <strong>{step.title}</strong> — {step.detail.replace(/`/g, '')}
          </li>
        ))}
      </ol>
    </section>
  )
}
