// Step 1: a plain legacy login form; the request it sends (built by the one request builder,
// shared/token-request.ts), every place the password now exists, and the lab's log beside what a
// careless log would keep.
import { useId, useState } from 'react'
import { LESSON_CAST } from '../../../shared/lab-api'
import { buildTokenRequest, formatRawRequest } from '../../../shared/token-request'
import { formatRecordedRequest } from '../../lib/response-body'
import { useLab } from '../../store'
import { ExchangeCard, RevealButton, StatusBadge } from '../ExchangeCard'
import { hideSecrets } from '../hide-secrets'

export function LegacyLoginForm({
  title,
  address,
  submitLabel,
  busy,
  onSubmit,
  initial,
}: {
  title: string
  address: string
  submitLabel: string
  busy: boolean
  onSubmit: (username: string, password: string) => void
  initial: { username: string; password: string }
}) {
  const [username, setUsername] = useState(initial.username)
  const [password, setPassword] = useState(initial.password)
  const id = useId()
  return (
    <form
      className="legacy-login"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault()
        onSubmit(username, password)
      }}
    >
      <div className="legacy-login-bar mono" aria-label={`${title} address`}>
        {address}
      </div>
      <div className="legacy-login-body">
        <h4>{title}</h4>
        <label htmlFor={`${id}-u`}>Username</label>
        <input id={`${id}-u`} value={username} autoComplete="off" onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor={`${id}-p`}>Password</label>
        <input
          id={`${id}-p`}
          type="password"
          value={password}
          autoComplete="off"
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" className="primary" disabled={busy || !username || !password}>
          {submitLabel}
        </button>
      </div>
    </form>
  )
}

function PasswordPlaces({ passwordLength }: { passwordLength: number }) {
  return (
    <section className="password-places" aria-label="Where the password now is">
      <h4>Where the password now is</h4>
      <ol>
        <li>
          <strong>The app’s memory</strong> — the form field and the variable the app built the request from (
          {passwordLength} characters). RFC 6749 §4.3.1: the client MUST discard it once it has a token; nothing makes
          it.
        </li>
        <li>
          <strong>The request</strong> — <code>password=…</code> in the body, and the app’s own secret in{' '}
          <code>Authorization</code>, on every hop.
        </li>
        <li>
          <strong>Any proxy or log on the way</strong> — a TLS-terminating proxy, the app’s debug log, an APM agent. The
          lab’s log masks it; a careless log keeps it as sent.
        </li>
        <li>
          <strong>The authorization server</strong> — the one place that needs it.
        </li>
      </ol>
    </section>
  )
}

export function ClientHoldsPassword() {
  const result = useLab((s) => s.lessonResults.signIn)
  const busy = useLab((s) => s.lessonBusy !== null)
  const signIn = useLab((s) => s.lessonSignIn)
  const revealed = useLab((s) => (result ? s.lessonRevealed[result.exchange.id] : undefined))
  const built = result ? buildTokenRequest(result.request, result.baseUrl) : null
  const password = result?.request.params.find(([k]) => k === 'password')?.[1] ?? ''
  return (
    <div className="lesson-panel lesson-columns">
      <div>
        <LegacyLoginForm
          title="Legacy App"
          address="legacy-app.example · native login form"
          submitLabel="Sign in"
          busy={busy}
          initial={{ username: LESSON_CAST.signInUser, password: LESSON_CAST.signInPassword }}
          onSubmit={(u, p) => void signIn(u, p)}
        />
        {result ? <PasswordPlaces passwordLength={password.length} /> : null}
      </div>
      {result && built ? (
        <div>
          <section aria-label="The request it sends">
            <div className="section-head">
              <h4>The request it sends</h4>
              <StatusBadge exchange={result.exchange} />
              <RevealButton id={result.exchange.id} />
            </div>
            <pre className="wire" aria-label="The request the legacy app sent">
              {formatRawRequest(revealed ? built : hideSecrets(built))}
            </pre>
          </section>
          <section aria-label="The logs">
            <h4>What the lab’s log keeps</h4>
            <pre className="wire" aria-label="What the lab’s log keeps">
              {formatRecordedRequest(result.exchange.request)}
            </pre>
            {revealed ? (
              <>
                <h4>What a careless log would keep</h4>
                <pre className="wire careless-log" aria-label="What a careless log would keep">
                  {formatRecordedRequest(revealed.request)}
                  {'\n\n'}
                  {revealed.response.body}
                </pre>
              </>
            ) : (
              <p className="muted">Reveal shows what a careless log would keep: the password, and live tokens.</p>
            )}
          </section>
          <ExchangeCard exchange={result.exchange} title="The answer the app gets" />
        </div>
      ) : null}
    </div>
  )
}
