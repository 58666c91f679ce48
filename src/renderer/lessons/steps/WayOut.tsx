// Step 7: who sees the password under each grant, how many clients saw one in this very lesson (from
// the lesson lab's own log), and the migration path — deprecate, watch the report, disable — each
// stage shown live on the lesson lab.
import type { ReactNode } from 'react'
import { headerValue } from '../../lib/response-body'
import { useLab } from '../../store'
import { StatusBadge } from '../ExchangeCard'
import { WhoSeesDiagram } from '../WhoSeesDiagram'
import { WayOutLive } from './WayOutLive'

function LessonReport() {
  const result = useLab((s) => s.lessonResults.wayOut)
  if (!result) return null
  return (
    <table className="lesson-table" aria-label="Clients that received a password in this lesson">
      <caption>
        {result.total} password grant{result.total === 1 ? '' : 's'} in this lesson, through {result.clients.length}{' '}
        client{result.clients.length === 1 ? '' : 's'}. With the authorization code grant and PKCE, none of them would
        have seen a password.
      </caption>
      <thead>
        <tr>
          <th scope="col">client</th>
          <th scope="col">password grants</th>
          <th scope="col">accepted</th>
          <th scope="col">usernames sent</th>
        </tr>
      </thead>
      <tbody>
        {result.clients.map((c) => (
          <tr key={c.clientId}>
            <td className="mono">{c.clientId}</td>
            <td>{c.requests}</td>
            <td>{c.accepted}</td>
            <td className="mono">{c.users.join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

const MIGRATION_HEADERS = ['Deprecation', 'Sunset', 'Link']

/** One sign-in of the legacy app with the grant in that mode: what came back. */
function MigrationResult({ mode }: { mode: 'deprecated' | 'disabled' }) {
  const result = useLab((s) => s.lessonResults[mode])
  if (!result) return null
  const { exchange } = result
  const headers = MIGRATION_HEADERS.flatMap((name) => {
    const value = headerValue(exchange.response.headers, name)
    return value === undefined ? [] : [`${name}: ${value}`]
  })
  return (
    <div className="migration-result" aria-label={`The legacy app, grant ${mode}`}>
      <StatusBadge exchange={exchange} />
      {headers.length ? <pre className="wire">{headers.join('\n')}</pre> : null}
      {mode === 'disabled' ? (
        <span> — as an OAuth 2.1 server that never had the grant.</span>
      ) : (
        <span> — still granted, and told it is going.</span>
      )}
    </div>
  )
}

function Stage({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <li>
      <strong>{title}</strong> {children}
      {action}
    </li>
  )
}

export function WayOut() {
  const busy = useLab((s) => s.lessonBusy !== null)
  const count = useLab((s) => s.lessonWayOut)
  const migrate = useLab((s) => s.lessonMigrate)
  return (
    <div className="lesson-panel">
      <WhoSeesDiagram />
      <WayOutLive />
      <div className="lesson-columns">
        <div>
          <div className="actions lesson-actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void count()}>
              Count from the lesson’s log
            </button>
          </div>
          <LessonReport />
        </div>
        <section aria-label="The migration path">
          <h4>The migration path</h4>
          <ol className="migration-path">
            <Stage
              title="Deprecate."
              action={
                <>
                  <div className="actions lesson-actions">
                    <button type="button" disabled={busy} onClick={() => void migrate('deprecated')}>
                      Sign in with the grant deprecated
                    </button>
                  </div>
                  <MigrationResult mode="deprecated" />
                </>
              }
            >
              Successful password grants carry <code>Deprecation</code> (RFC 9745), <code>Sunset</code> (RFC 8594) and a{' '}
              <code>Link</code> to the migration page; clients move to the authorization code grant with PKCE.
            </Stage>
            <Stage title="Watch the report.">
              Which clients, and whose passwords, still come through the grant — the table beside is that report for
              this lesson.
            </Stage>
            <Stage
              title="Disable."
              action={
                <>
                  <div className="actions lesson-actions">
                    <button type="button" disabled={busy} onClick={() => void migrate('disabled')}>
                      Sign in with the grant disabled
                    </button>
                  </div>
                  <MigrationResult mode="disabled" />
                </>
              }
            >
              Answer as an OAuth 2.1 server that never had the grant: <code>unsupported_grant_type</code>, and{' '}
              <code>password</code> leaves <code>grant_types_supported</code>.
            </Stage>
          </ol>
          <p className="muted">The lesson lab is back to enabled after each sign-in, so every step still runs.</p>
        </section>
      </div>
    </div>
  )
}
