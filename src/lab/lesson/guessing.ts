// Step 2: online guessing (RFC 6819 §4.4.3.6) against the lesson's user, in the lab process. Bounded
// three ways — at most LESSON_MAX_GUESSES guesses, at most LESSON_MAX_RUN_SECONDS, and only against the
// lesson lab on 127.0.0.1 — and it stops by itself: at the count, at the deadline, on the guess the
// server accepts, or when asked. Each attempt is announced as it ends (a `lesson.progress` event).
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Exchange } from '../../shared/exchange'
import {
  LabError,
  LESSON_CAST,
  LESSON_MAX_RUN_SECONDS,
  type LabParsedInput,
  type LessonAttempt,
  type LessonGuessOutcome,
  type LessonGuessRun,
  type LessonProgress,
  type LessonRunEnd,
} from '../../shared/lab-api'
import type { OpenLesson } from './lesson-lab'
import { GUESSED_PASSWORD } from './lesson-workspace'
import { passwordGrant } from './requests'
import { guesses } from './word-list'

export type GuessInput = LabParsedInput<'lesson.guess'>

/**
 * How a guess ended, from the server's decision trace (src/server/oauth/user-verification.ts): a
 * `user.refused` step means the user was locked. A locked user's password is not compared (RFC 6749
 * §4.3.2: a burst gets no more compares than the lockout allows), so whether a refused guess was
 * the right password is the lesson's own knowledge, `isRight`.
 */
export function classifyGuess(
  exchange: Pick<Exchange, 'status' | 'trace'>,
  isRight: boolean,
): {
  outcome: LessonGuessOutcome
  lockedNow: boolean
} {
  const refused = exchange.trace.some((s) => s.step === 'user.refused')
  const lockSteps = exchange.trace.filter((s) => s.step === 'user.lockout')
  // The check before the compare passed, and the failure recorded after it locked the user.
  const lockedNow = !refused && lockSteps.length > 1 && lockSteps[lockSteps.length - 1]!.outcome === 'fail'
  if (exchange.status === 200) return { outcome: 'accepted', lockedNow: false }
  if (refused) return { outcome: isRight ? 'correct_but_locked' : 'locked', lockedNow: false }
  return { outcome: 'wrong', lockedNow }
}

/** Only the lesson lab on loopback is ever guessed against. */
function assertLoopback(baseUrl: string): void {
  if (new URL(baseUrl).hostname !== '127.0.0.1') {
    throw new LabError('validation', `the guessing run only targets the lesson lab on 127.0.0.1, not ${baseUrl}`)
  }
}

export class GuessingControl {
  #current: { abort: AbortController; done: Promise<LessonGuessRun> } | null = null

  constructor(private readonly progress: (p: LessonProgress) => void) {}

  get running(): boolean {
    return this.#current !== null
  }

  /** Runs to the end (the call resolves with the whole run); one run at a time. */
  run(open: OpenLesson, input: GuessInput): Promise<LessonGuessRun> {
    if (this.#current) throw new LabError('conflict', 'a guessing run is already going: stop it first')
    const abort = new AbortController()
    const done = this.#run(open, input, abort.signal).finally(() => {
      this.#current = null
    })
    this.#current = { abort, done }
    return done
  }

  /** Asks the run to stop after the guess in flight; resolves once it has. */
  async stop(): Promise<boolean> {
    const current = this.#current
    if (!current) return false
    current.abort.abort()
    await current.done.catch(() => {})
    return true
  }

  async #run(open: OpenLesson, input: GuessInput, signal: AbortSignal): Promise<LessonGuessRun> {
    assertLoopback(open.baseUrl)
    const target = LESSON_CAST.guessedUser
    const { lockout } = (await open.call('workspace.get', {})).settings
    await open.call('settings.update', { lockout: { ...lockout, enabled: input.lockout } })
    // Each run starts from a clean count, so the lock it shows is its own.
    await open.call('users.unlock', { username: target })

    const words = guesses(input.guesses)
    const runId = randomUUID()
    const deadline = Math.min(input.maxSeconds, LESSON_MAX_RUN_SECONDS) * 1000
    const started = performance.now()
    const elapsed = () => performance.now() - started
    const attempts: LessonAttempt[] = []
    let endedBy: LessonRunEnd = 'count'
    for (const [i, password] of words.entries()) {
      if (signal.aborted) {
        endedBy = 'stopped'
        break
      }
      if (elapsed() >= deadline) {
        endedBy = 'time'
        break
      }
      const { logged } = await open.send(passwordGrant('legacy', target, password))
      const attempt: LessonAttempt = {
        n: i + 1,
        atMs: Math.round(elapsed()),
        durationMs: logged.durationMs,
        status: logged.status,
        ...(logged.error && { error: logged.error }),
        ...classifyGuess(logged, password === GUESSED_PASSWORD),
        exchangeId: logged.id,
      }
      attempts.push(attempt)
      this.progress({ kind: 'attempt', runId, lockout: input.lockout, planned: words.length, attempt })
      if (attempt.outcome === 'accepted') {
        endedBy = 'found'
        break
      }
      const pause = Math.min(input.paceMs, deadline - elapsed())
      if (pause > 0 && i < words.length - 1) await sleep(pause, undefined, { signal }).catch(() => {})
    }
    if (endedBy === 'count' && signal.aborted && attempts.length < words.length) endedBy = 'stopped'

    const user = (await open.call('workspace.get', {})).users.find((u) => u.username === target)
    if (!user) throw new LabError('not_found', `the lesson user "${target}" is gone`)
    const run: LessonGuessRun = {
      runId,
      lockout: input.lockout,
      maxFailures: lockout.maxFailures,
      planned: words.length,
      attempts,
      endedBy,
      elapsedMs: Math.round(elapsed()),
      lockedAt: attempts.find((a) => a.lockedNow)?.n ?? null,
      foundAt: attempts.find((a) => a.outcome === 'accepted')?.n ?? null,
      user,
    }
    this.progress({ kind: 'done', runId, run })
    return run
  }
}
