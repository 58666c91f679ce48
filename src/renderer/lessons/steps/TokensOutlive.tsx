// Step 6: a refresh token obtained with the old password, presented after a password change — with
// the setting "revoke refresh tokens when the password changes" off, then on (RFC 6819 §5.2.2.3).
import { useId } from 'react'
import { LESSON_CAST, type LabOutput } from '../../../shared/lab-api'
import { useLab } from '../../store'
import { ExchangeCard, StatusBadge } from '../ExchangeCard'

const SETTING = 'Revoke refresh tokens when the password changes'

function Outcome({ revoke }: { revoke: boolean }) {
  const result: LabOutput<'lesson.tokensOutlive'> | undefined = useLab((s) =>
    revoke ? s.lessonResults.tokensOn : s.lessonResults.tokensOff,
  )
  const headingId = useId()
  const label = `${SETTING}: ${revoke ? 'on' : 'off'}`
  return (
    <section className="tokens-outlive" aria-labelledby={headingId}>
      <h4 id={headingId}>{label}</h4>
      {result ? (
        <>
          <p className="lesson-verdict" role="status" aria-label={`${label}: result`}>
            {result.refresh.status === 200
              ? 'After the change, the old refresh token still works: new tokens, without the password.'
              : 'After the change, the old refresh token is refused: it went with the old password.'}
          </p>
          <ol className="lesson-sequence">
            <li>
              {LESSON_CAST.tokenUser} signs in: <StatusBadge exchange={result.signIn} /> (a refresh token)
            </li>
            <li>
              The password changes; the old one now gets <StatusBadge exchange={result.oldPassword} />
            </li>
            <li>
              The app presents the refresh token from 1: <StatusBadge exchange={result.refresh} />
            </li>
          </ol>
          <ExchangeCard exchange={result.refresh} title="The refresh token, after the change" traceOpen />
        </>
      ) : (
        <p className="muted">Not run yet.</p>
      )}
    </section>
  )
}

export function TokensOutlive() {
  const busy = useLab((s) => s.lessonBusy !== null)
  const run = useLab((s) => s.lessonTokensOutlive)
  return (
    <div className="lesson-panel">
      <div className="actions lesson-actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void run(false)}>
          Setting off: sign in, change the password, refresh
        </button>
        <button type="button" className="primary" disabled={busy} onClick={() => void run(true)}>
          Setting on: sign in, change the password, refresh
        </button>
      </div>
      <div className="lesson-columns">
        <Outcome revoke={false} />
        <Outcome revoke />
      </div>
    </div>
  )
}
