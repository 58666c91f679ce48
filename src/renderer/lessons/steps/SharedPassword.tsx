// Step 5: one password opens every client that asks for it, and a look-alike form collects it as
// well as the real one; the public client's id it sends is no secret.
import { LESSON_CAST } from '../../../shared/lab-api'
import { useLab } from '../../store'
import { ExchangeCard } from '../ExchangeCard'
import { HIDDEN } from '../hide-secrets'
import { LegacyLoginForm } from './ClientHoldsPassword'

function Collected() {
  const result = useLab((s) => s.lessonResults.lookalike)
  const shown = useLab((s) => (result ? !!s.lessonRevealed[result.exchange.id] : false))
  if (!result) return null
  const { username, password } = result.collected
  return (
    <ExchangeCard exchange={result.exchange} title="What the look-alike did with it" revealable>
      <p className="lesson-verdict" aria-label="The look-alike collected">
        Collected: <code>{username}</code> / <code>{shown ? password : HIDDEN}</code> — sent on with the public client
        id <code>{LESSON_CAST.publicClient}</code>, copied from the real app.
        {result.exchange.status === 200 ? ' The server cannot tell: tokens issued.' : ''}
      </p>
    </ExchangeCard>
  )
}

export function SharedPassword() {
  const result = useLab((s) => s.lessonResults.shared)
  const busy = useLab((s) => s.lessonBusy !== null)
  const both = useLab((s) => s.lessonSharedPassword)
  const lookalike = useLab((s) => s.lessonLookalike)
  return (
    <div className="lesson-panel">
      <div className="actions lesson-actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void both()}>
          Sign in to both clients
        </button>
      </div>
      {result ? (
        <div className="lesson-columns">
          {result.exchanges.map((e) => (
            <ExchangeCard key={e.id} exchange={e} title={`${LESSON_CAST.signInUser} at ${e.clientId ?? '?'}`} />
          ))}
        </div>
      ) : null}
      <div className="lesson-columns">
        <LegacyLoginForm
          title="Legacy Αpp"
          address="legacy-app.example.login-check.example · a look-alike"
          submitLabel="Sign in to the look-alike"
          busy={busy}
          initial={{ username: LESSON_CAST.signInUser, password: LESSON_CAST.signInPassword }}
          onSubmit={(u, p) => void lookalike(u, p)}
        />
        <Collected />
      </div>
    </div>
  )
}
