// The lesson's part of the renderer state (its slice is lesson-slice.ts): where the trainer is, what
// each step's live action returned, and the guessing run as it streams in.
import type { Exchange } from '../../shared/exchange'
import type { LabOutput, LessonAttempt, LessonGuessRun, LessonStatus } from '../../shared/lab-api'

/** What the steps' actions returned, by result; cleared by Reset. */
export interface LessonResults {
  signIn?: LabOutput<'lesson.signIn'>
  guessOff?: LessonGuessRun
  guessOn?: LessonGuessRun
  realUser?: LabOutput<'lesson.realUser'>
  compare?: LabOutput<'lesson.compareUsers'>
  scope?: LabOutput<'lesson.scope'>
  secondFactor?: LabOutput<'lesson.secondFactor'>
  shared?: LabOutput<'lesson.sharedPassword'>
  lookalike?: LabOutput<'lesson.lookalike'> & { collected: { username: string; password: string } }
  tokensOff?: LabOutput<'lesson.tokensOutlive'>
  tokensOn?: LabOutput<'lesson.tokensOutlive'>
  wayOut?: LabOutput<'lesson.wayOut'>
  deprecated?: LabOutput<'lesson.migrate'>
  disabled?: LabOutput<'lesson.migrate'>
  wayOutLive?: LabOutput<'lesson.wayOutLive'>
}
export type LessonResultKey = keyof LessonResults

/** A guessing run while it streams `lesson.progress`. */
export interface LiveGuessRun {
  runId: string | null
  lockout: boolean
  planned: number
  attempts: LessonAttempt[]
}

export interface LessonSlice {
  /** 0-based index of the step on screen. */
  lessonStep: number
  lessonPresenting: boolean
  lessonStatus: LessonStatus | null
  lessonResults: LessonResults
  lessonLive: LiveGuessRun | null
  /** Unmasked copies fetched with Reveal (memory only), by exchange id. */
  lessonRevealed: Record<string, Exchange>
  /** The result an action is busy producing. */
  lessonBusy: LessonResultKey | 'reset' | null
  lessonProblem: string | null
  /** Subscribes to the guessing run's progress and starts the lesson lab; returns the unsubscribe. */
  openLesson(): () => void
  lessonGo(step: number): void
  lessonNext(): void
  lessonPrevious(): void
  setLessonPresenting(on: boolean): void
  /** Stops a run, closes the lesson lab and brings the lesson back to step 1 with nothing shown. */
  resetLesson(): Promise<void>
  toggleLessonReveal(id: string): Promise<void>
  lessonSignIn(username: string, password: string): Promise<void>
  lessonGuess(lockout: boolean, guesses: number): Promise<void>
  lessonStopGuessing(): Promise<void>
  lessonRealUser(): Promise<void>
  lessonCompareUsers(): Promise<void>
  lessonAskScope(scope: string): Promise<void>
  lessonSecondFactor(): Promise<void>
  lessonSharedPassword(): Promise<void>
  lessonLookalike(username: string, password: string): Promise<void>
  lessonTokensOutlive(revokeOnPasswordChange: boolean): Promise<void>
  lessonWayOut(): Promise<void>
  lessonMigrate(mode: 'deprecated' | 'disabled'): Promise<void>
  /** Step 7, live: the three flows side by side, and the user with a second factor. */
  lessonWayOutLive(): Promise<void>
}
