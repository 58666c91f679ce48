// Step 4: users who must use a second factor, or change their password first, type the right
// password and can never get in through this grant: one request, one answer, no further step.
import type { Exchange } from '../../../shared/exchange'
import { LESSON_CAST } from '../../../shared/lab-api'
import { useLab } from '../../store'
import { ExchangeCard } from '../ExchangeCard'

function DeadEnd({ exchange, title, why }: { exchange: Exchange; title: string; why: string }) {
  // The step that refused the user (not the catch point's `response.error` after it).
  const fails = exchange.trace.filter((s) => s.outcome === 'fail')
  const refusal = fails.filter((s) => s.step.startsWith('user.')).at(-1) ?? fails.at(-1)
  return (
    <ExchangeCard exchange={exchange} title={title} traceOpen>
      <p className="lesson-verdict">
        {why}{' '}
        {refusal ? (
          <>
            The trace stops at <code>{refusal.step}</code>: {refusal.detail.replace(/\.$/, '')}.
          </>
        ) : null}
      </p>
    </ExchangeCard>
  )
}

export function NoSecondFactor() {
  const result = useLab((s) => s.lessonResults.secondFactor)
  const busy = useLab((s) => s.lessonBusy !== null)
  const run = useLab((s) => s.lessonSecondFactor)
  return (
    <div className="lesson-panel">
      <div className="actions lesson-actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void run()}>
          Sign in as Mia and Leo
        </button>
      </div>
      {result ? (
        <div className="lesson-columns">
          <DeadEnd
            exchange={result.mfa}
            title={`${LESSON_CAST.mfaUser}: right password, second factor required`}
            why="There is no step in this grant where a second factor could be asked."
          />
          <DeadEnd
            exchange={result.expired}
            title={`${LESSON_CAST.expiredUser}: right password, expired`}
            why="There is no step in this grant where a new password could be set."
          />
        </div>
      ) : null}
    </div>
  )
}
