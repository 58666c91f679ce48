// One row per client: how it uses the password grant, its mode, and what to move it to, with the
// reason (the facts of the log that chose the recommendation).
import type { ClientMigration } from '../../../shared/migration-report'
import {
  authSummary,
  CLIENT_TABLE_COLUMNS,
  deprecationLabel,
  flowsNote,
  modeLabel,
  movementLabel,
  modeNote,
} from '../../../shared/migration-report-text'

// The way out is a line of the recommendation's cell here: one more column would not fit 1024 px.
const SCREEN_COLUMNS = CLIENT_TABLE_COLUMNS.filter((h) => h !== 'Way out')

function ClientRow({ client: c }: { client: ClientMigration }) {
  const g = c.passwordGrants
  return (
    <tr>
      <th scope="row" className="mono">
        {c.clientId}
        {c.registered ? null : <div className="muted">not registered</div>}
      </th>
      <td>{c.type}</td>
      <td title={modeNote(c)}>{modeLabel(c)}</td>
      <td className="num">{g.requests}</td>
      <td className="num">{g.successes}</td>
      <td className="num">{g.failures}</td>
      <td className="num">{g.distinctUsers}</td>
      <td className="mono">{authSummary(c)}</td>
      <td className="num">{c.refresh.requests}</td>
      <td>{deprecationLabel(c.deprecation)}</td>
      <td>
        <strong>{c.recommendation.title}</strong> <span className="muted">({c.recommendation.rfc})</span>
        <div className="migration-way-out" title={flowsNote(c)}>
          Way out: <strong>{movementLabel(c)}</strong>
        </div>
        <div className="migration-reason">{c.recommendation.reason}</div>
      </td>
    </tr>
  )
}

export function MigrationClients({ clients }: { clients: readonly ClientMigration[] }) {
  if (clients.length === 0) return <p className="muted placeholder">No client used the password grant in the period.</p>
  return (
    <div className="migration-scroll">
      <table className="migration-table" aria-label="Clients">
        <thead>
          <tr>
            {SCREEN_COLUMNS.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {clients.map((c) => (
            <ClientRow key={c.clientId} client={c} />
          ))}
        </tbody>
      </table>
    </div>
  )
}
