// Step 7, live: the same user signs in by the password grant, by authorization code with PKCE and by
// the authorization challenge, side by side — each flow's requests in order and who held the password
// — then the user with a second factor: refused by the password grant (RFC 9700 §2.4), signed in
// through the challenge with the code the lab computed (RFC 6238).
import type { Exchange } from '../../../shared/exchange'
import type { LessonFlowRun } from '../../../shared/lab-api'
import { ENDPOINT_PATHS, endpointPath } from '../../../shared/wire'
import { useLab } from '../../store'
import { StatusBadge } from '../ExchangeCard'

const FLOW_TITLES: Record<LessonFlowRun['flow'], { title: string; rfc: string }> = {
  password: { title: 'Password grant', rfc: 'RFC 6749 §4.3' },
  authorization_code: { title: 'Code + PKCE', rfc: 'RFC 6749 §4.1, RFC 7636' },
  authorization_challenge: { title: 'Authorization challenge', rfc: 'draft-ietf-oauth-first-party-apps' },
}

/** Who held the password, in words a class reads. */
const WHO_SAW: Record<LessonFlowRun['flow'], string> = {
  password: 'The legacy app: it asked for the password and sent it. It can keep it, replay it, leak it.',
  authorization_code:
    'Only the authorization server, on its own sign-in page. The app received a one-time code and redeemed it with its PKCE verifier.',
  authorization_challenge:
    'The first-party app’s own form passed it once to the server, which decided (and may ask for a second factor); the app holds a code, then tokens — not a password to reuse.',
}

function stepName(e: Exchange): string {
  const path = endpointPath(e.endpoint)
  if (path === ENDPOINT_PATHS.authorize) return e.method === 'POST' ? 'sign-in page (POST)' : 'sign-in page'
  if (path === ENDPOINT_PATHS.challenge) return 'challenge'
  return `token (${e.grantType ?? '?'})`
}

function FlowColumn({ run }: { run: LessonFlowRun }) {
  const t = FLOW_TITLES[run.flow]
  return (
    <section className="way-out-column" aria-label={t.title}>
      <h5>
        {t.title} <span className="muted">({t.rfc})</span>
      </h5>
      <ol className="flow-conversation">
        {run.exchanges.map((e) => (
          <li key={e.id}>
            {stepName(e)} <StatusBadge exchange={e} />
          </li>
        ))}
      </ol>
      <p>
        <strong>Who saw the password: </strong>
        {WHO_SAW[run.flow]}
      </p>
      <p className="muted">
        Password sent in:{' '}
        {run.passwordSeen.map((p) => `${p.step} (by the ${p.by === 'client' ? 'app' : 'browser'})`).join(', ') || '—'}
        {run.signedIn ? ' · signed in' : ' · not signed in'}
      </p>
    </section>
  )
}

export function WayOutLive() {
  const busy = useLab((s) => s.lessonBusy !== null)
  const run = useLab((s) => s.lessonWayOutLive)
  const result = useLab((s) => s.lessonResults.wayOutLive)
  return (
    <section className="way-out-live" aria-label="The way out, live">
      <h4>The way out, live</h4>
      <div className="actions lesson-actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void run()}>
          Sign in three ways
        </button>
      </div>
      {result ? (
        <>
          <p>
            The same user, <code>{result.username}</code>, each time:
          </p>
          <div className="way-out-columns">
            {result.flows.map((f) => (
              <FlowColumn key={f.flow} run={f} />
            ))}
          </div>
          <section aria-label="A second factor">
            <h5>
              <code>{result.secondFactor.username}</code> has a second factor
            </h5>
            <p>
              Password grant: <StatusBadge exchange={result.secondFactor.passwordGrant} /> — the grant has no step to
              ask for a code.
            </p>
            <p>Authorization challenge, with the code the lab computed for her (a trainer needs no phone):</p>
            <ol className="flow-conversation">
              {result.secondFactor.challenge.exchanges.map((e) => (
                <li key={e.id}>
                  {stepName(e)} <StatusBadge exchange={e} />
                </li>
              ))}
            </ol>
          </section>
        </>
      ) : null}
    </section>
  )
}
