// The Migration screen: who still uses the password grant (RFC 9700 §2.4: it MUST NOT be used),
// how, and what to move each client to — the same report as `ropc-lab report`, with Export as
// Markdown, HTML or JSON. Loaded when the screen opens; Refresh reads the log again.
import { useEffect } from 'react'
import { formatTime } from '../../../shared/migration-report-text'
import { useLab } from '../../store'
import { ProblemList } from '../common/Field'
import { ExportReport } from './ExportReport'
import { MigrationClients } from './MigrationClients'
import { MigrationSummary } from './MigrationSummary'

export function MigrationScreen() {
  const report = useLab((s) => s.report)
  const loading = useLab((s) => s.reportLoading)
  const problem = useLab((s) => s.reportProblem)
  const loadReport = useLab((s) => s.loadReport)
  const movedAfterDays = useLab((s) => s.movedAfterDays)
  const setMovedAfterDays = useLab((s) => s.setMovedAfterDays)
  useEffect(() => void loadReport(), [loadReport])

  return (
    <section className="migration" aria-label="Migration">
      <div className="section-head">
        <h2>Migration off the password grant</h2>
        <label
          className="moved-after"
          title="A client using a successor flow is moved after this many days without a password grant"
        >
          Moved after{' '}
          <input
            type="number"
            min={0}
            max={3650}
            value={movedAfterDays}
            onChange={(e) => {
              const days = Number(e.target.value)
              if (Number.isInteger(days) && days >= 0 && days <= 3650) {
                setMovedAfterDays(days)
                void loadReport()
              }
            }}
          />{' '}
          days
        </label>
        <button type="button" disabled={loading} onClick={() => void loadReport()}>
          Refresh
        </button>
      </div>
      <p className="muted" role="status" aria-live="polite">
        {loading
          ? 'Reading the exchange log…'
          : report
            ? `Generated ${formatTime(report.generatedAt)} from the exchanges of outside clients and the proxy` +
              (report.scope.excludedLabGrants
                ? ` (${report.scope.excludedLabGrants} password grant(s) from the composer and scenarios left out).`
                : '.')
            : ''}
      </p>
      <ProblemList problems={problem ? [problem] : []} />
      {report ? (
        <>
          <ExportReport />
          <MigrationSummary report={report} />
          <h3>Clients</h3>
          <MigrationClients clients={report.clients} />
        </>
      ) : null}
    </section>
  )
}
