// Step 7: who sees the password under each grant, how many clients saw one in this very lesson (from
// the lesson lab's own log), and the migration path: deprecate, watch the report, disable.
import { useLab } from '../../store'
import { WhoSeesDiagram } from '../WhoSeesDiagram'

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

export function WayOut() {
  const busy = useLab((s) => s.lessonBusy !== null)
  const count = useLab((s) => s.lessonWayOut)
  return (
    <div className="lesson-panel">
      <WhoSeesDiagram />
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
            <li>
              <strong>Deprecate.</strong> Successful password grants carry <code>Deprecation</code> (RFC 9745),{' '}
              <code>Sunset</code> (RFC 8594) and a <code>Link</code> to the migration page; clients move to the
              authorization code grant with PKCE.
            </li>
            <li>
              <strong>Watch the report.</strong> Which clients, and whose passwords, still come through the grant — the
              table beside is that report for this lesson.
            </li>
            <li>
              <strong>Disable.</strong> Answer as an OAuth 2.1 server that never had the grant:{' '}
              <code>unsupported_grant_type</code>, and <code>password</code> leaves <code>grant_types_supported</code>.
            </li>
          </ol>
        </section>
      </div>
    </div>
  )
}
