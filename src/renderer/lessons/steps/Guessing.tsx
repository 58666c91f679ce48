// Step 2: a bounded guessing run against Sam, with lockout off and then on, watched live; then what
// the lock costs the real Sam, and why an attacker learns nothing from the answers either way.
import { useId, useState } from 'react'
import {
  LESSON_CAST,
  LESSON_DEFAULT_GUESSES,
  LESSON_MAX_GUESSES,
  type LessonAttempt,
  type LessonGuessRun,
} from '../../../shared/lab-api'
import { useLab } from '../../store'
import { ExchangeCard } from '../ExchangeCard'
import { GuessChart } from '../GuessChart'

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

/** What the run showed, in a sentence. */
export function runSummary(run: LessonGuessRun): string {
  const n = run.attempts.length
  const head = `${n} guess${n === 1 ? '' : 'es'} in ${seconds(run.elapsedMs)}`
  const ended =
    run.endedBy === 'time' ? ' (stopped at its time limit)' : run.endedBy === 'stopped' ? ' (stopped by hand)' : ''
  if (!run.lockout) {
    return run.foundAt !== null
      ? `${head}: found ${LESSON_CAST.guessedUser}’s password on guess ${run.foundAt}, and got tokens. Nothing ever locked.${ended}`
      : `${head}, none right; ${LESSON_CAST.guessedUser} was never locked.${ended}`
  }
  const refusedRight = run.attempts.find((a) => a.outcome === 'correct_but_locked')
  const lock =
    run.lockedAt !== null
      ? `locked after ${run.maxFailures} failures (guess ${run.lockedAt})`
      : `not locked (${run.maxFailures} failures lock)`
  return `${head}: ${lock}.${refusedRight ? ` Guess ${refusedRight.n} was the right password — refused, the user is locked.` : ''}${ended}`
}

function RunView({ lockout }: { lockout: boolean }) {
  const run = useLab((s) => (lockout ? s.lessonResults.guessOn : s.lessonResults.guessOff))
  const live = useLab((s) => (s.lessonLive?.lockout === lockout ? s.lessonLive : null))
  const large = useLab((s) => s.lessonPresenting)
  const headingId = useId()
  const attempts: readonly LessonAttempt[] = live?.attempts ?? run?.attempts ?? []
  const label = lockout ? 'Lockout on' : 'Lockout off'
  return (
    <section className="guess-run" aria-labelledby={headingId}>
      <h4 id={headingId}>{label}</h4>
      <GuessChart attempts={attempts} label={label} large={large} />
      <p className="guess-summary" role="status" aria-label={`${label}: result`}>
        {live ? `Guessing… ${live.attempts.length} of ${live.planned}` : run ? runSummary(run) : 'Not run yet.'}
      </p>
    </section>
  )
}

function CompareUsers() {
  const result = useLab((s) => s.lessonResults.compare)
  if (!result) return null
  return (
    <table className="lesson-table" aria-label="Known and unknown user">
      <thead>
        <tr>
          <th scope="col">username</th>
          <th scope="col">exists</th>
          <th scope="col">answer</th>
          <th scope="col">median time</th>
        </tr>
      </thead>
      <tbody>
        {result.samples.map((s) => (
          <tr key={s.username}>
            <td className="mono">{s.username}</td>
            <td>{s.known ? 'yes' : 'no'}</td>
            <td className="mono">
              {s.status} {s.body}
            </td>
            <td className="mono">{s.medianMs.toFixed(1)} ms</td>
          </tr>
        ))}
      </tbody>
      <caption>
        {result.sameAnswer
          ? 'The same answer, byte for byte, and one password hash either way: the answer does not tell who exists.'
          : 'The answers differ: this server tells an attacker which users exist.'}
      </caption>
    </table>
  )
}

export function Guessing() {
  const busy = useLab((s) => s.lessonBusy)
  const guess = useLab((s) => s.lessonGuess)
  const stop = useLab((s) => s.lessonStopGuessing)
  const realUser = useLab((s) => s.lessonRealUser)
  const compare = useLab((s) => s.lessonCompareUsers)
  const real = useLab((s) => s.lessonResults.realUser)
  const [typed, setTyped] = useState(String(LESSON_DEFAULT_GUESSES))
  // What is typed stays as typed; the run takes it within its bounds (1 to 300).
  const count = Math.max(1, Math.min(LESSON_MAX_GUESSES, Math.trunc(Number(typed)) || LESSON_DEFAULT_GUESSES))
  const guessing = busy === 'guessOn' || busy === 'guessOff'
  const countId = useId()
  return (
    <div className="lesson-panel">
      <div className="actions lesson-actions" role="group" aria-label="Guessing run">
        <label htmlFor={countId}>Guesses</label>
        <input
          id={countId}
          type="number"
          className="guess-count"
          min={1}
          max={LESSON_MAX_GUESSES}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        <button type="button" className="primary" disabled={busy !== null} onClick={() => void guess(false, count)}>
          Guess with lockout off
        </button>
        <button type="button" className="primary" disabled={busy !== null} onClick={() => void guess(true, count)}>
          Guess with lockout on
        </button>
        <button type="button" disabled={!guessing} onClick={() => void stop()}>
          Stop
        </button>
      </div>
      <div className="lesson-columns">
        <RunView lockout={false} />
        <RunView lockout />
      </div>
      <div className="actions lesson-actions">
        <button type="button" disabled={busy !== null} onClick={() => void realUser()}>
          The real {LESSON_CAST.guessedUser} signs in
        </button>
        <button type="button" disabled={busy !== null} onClick={() => void compare()}>
          Compare a known and an unknown user
        </button>
      </div>
      <div className="lesson-columns">
        {real ? (
          <ExchangeCard exchange={real.exchange} title={`The real ${LESSON_CAST.guessedUser}, right password`}>
            <p className="lesson-verdict">
              {real.exchange.status === 200
                ? `${LESSON_CAST.guessedUser} gets in.`
                : `${LESSON_CAST.guessedUser} typed the right password and is refused: the lock that stops the attacker locks out the user too${real.user.lockedUntil ? ` (until ${new Date(real.user.lockedUntil).toLocaleTimeString()})` : ''}.`}
            </p>
          </ExchangeCard>
        ) : (
          <div />
        )}
        <CompareUsers />
      </div>
    </div>
  )
}
