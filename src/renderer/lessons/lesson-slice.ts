// The lesson's slice of the store: the step on screen, presentation mode, and what each step's
// action returned from the lesson lab (`lesson.*`; the lab side is src/lab/lesson/). The guessing
// run streams in as `lesson.progress` events while its call is pending.
import type { LessonProgress } from '../../shared/lab-api'
import type { SliceCreator } from '../store/types'
import type { LabClient } from '../transport/lab-client'
import type { LessonResultKey, LessonResults, LessonSlice } from './lesson-types'
import { WHY_CAUTION_STEPS } from './why-caution'

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

const clampStep = (n: number) => Math.max(0, Math.min(WHY_CAUTION_STEPS.length - 1, n))

const START = {
  lessonStep: 0,
  lessonResults: {},
  lessonLive: null,
  lessonRevealed: {},
  lessonBusy: null,
  lessonProblem: null,
} satisfies Partial<LessonSlice>

export const createLessonSlice =
  (client: LabClient): SliceCreator<LessonSlice> =>
  (set, get) => {
    /** Bumped by Reset: an answer to a call made before it is dropped. */
    let generation = 0

    async function act<K extends LessonResultKey>(
      key: K,
      run: () => Promise<NonNullable<LessonResults[K]>>,
    ): Promise<void> {
      if (get().lessonBusy) return
      const mine = generation
      set({ lessonBusy: key, lessonProblem: null })
      try {
        const result = await run()
        if (mine !== generation) return
        set({ lessonResults: { ...get().lessonResults, [key]: result } })
      } catch (err) {
        if (mine === generation) set({ lessonProblem: message(err) })
      } finally {
        if (mine === generation) {
          set({ lessonBusy: null })
          void refreshStatus()
        }
      }
    }

    async function refreshStatus(): Promise<void> {
      const mine = generation
      try {
        const lessonStatus = await client.call('lesson.status', {})
        if (mine === generation) set({ lessonStatus })
      } catch {
        // The status is a hint for the steps; the next call says what is wrong.
      }
    }

    function onProgress(p: LessonProgress): void {
      const live = get().lessonLive
      if (!live || (live.runId !== null && live.runId !== p.runId)) return
      if (p.kind === 'attempt') {
        if (live.lockout !== p.lockout) return
        set({ lessonLive: { ...live, runId: p.runId, planned: p.planned, attempts: [...live.attempts, p.attempt] } })
      }
    }

    return {
      ...START,
      lessonPresenting: false,
      lessonStatus: null,
      openLesson() {
        const off = client.on('lesson.progress', onProgress)
        client
          .call('lesson.start', {})
          .then((lessonStatus) => set({ lessonStatus }))
          .catch((err: unknown) => set({ lessonProblem: message(err) }))
        return off
      },
      lessonGo: (step) => set({ lessonStep: clampStep(step) }),
      lessonNext: () => set({ lessonStep: clampStep(get().lessonStep + 1) }),
      lessonPrevious: () => set({ lessonStep: clampStep(get().lessonStep - 1) }),
      setLessonPresenting: (lessonPresenting) => set({ lessonPresenting }),
      async resetLesson() {
        generation++
        set({ ...START, lessonBusy: 'reset' })
        try {
          set({ lessonStatus: await client.call('lesson.reset', {}) })
        } catch (err) {
          set({ lessonProblem: message(err) })
        } finally {
          set({ lessonBusy: null })
        }
      },
      async toggleLessonReveal(id) {
        const { [id]: shown, ...others } = get().lessonRevealed
        if (shown) {
          set({ lessonRevealed: others })
          return
        }
        try {
          const revealed = await client.call('lesson.reveal', { id })
          set({ lessonRevealed: { ...get().lessonRevealed, [id]: revealed } })
        } catch (err) {
          set({ lessonProblem: message(err) })
        }
      },
      lessonSignIn: (username, password) => act('signIn', () => client.call('lesson.signIn', { username, password })),
      lessonGuess(lockout, guesses) {
        const key = lockout ? 'guessOn' : 'guessOff'
        return act(key, async () => {
          set({ lessonLive: { runId: null, lockout, planned: guesses, attempts: [] } })
          try {
            return await client.call('lesson.guess', { lockout, guesses })
          } finally {
            set({ lessonLive: null })
          }
        })
      },
      async lessonStopGuessing() {
        try {
          await client.call('lesson.stopGuessing', {})
        } catch (err) {
          set({ lessonProblem: message(err) })
        }
      },
      lessonRealUser: () => act('realUser', () => client.call('lesson.realUser', {})),
      lessonCompareUsers: () => act('compare', () => client.call('lesson.compareUsers', {})),
      lessonAskScope: (scope) => act('scope', () => client.call('lesson.scope', { scope })),
      lessonSecondFactor: () => act('secondFactor', () => client.call('lesson.secondFactor', {})),
      lessonSharedPassword: () => act('shared', () => client.call('lesson.sharedPassword', {})),
      lessonLookalike: (username, password) =>
        act('lookalike', async () => ({
          ...(await client.call('lesson.lookalike', { username, password })),
          collected: { username, password },
        })),
      lessonTokensOutlive: (revokeOnPasswordChange) =>
        act(revokeOnPasswordChange ? 'tokensOn' : 'tokensOff', () =>
          client.call('lesson.tokensOutlive', { revokeOnPasswordChange }),
        ),
      lessonWayOut: () => act('wayOut', () => client.call('lesson.wayOut', {})),
      lessonMigrate: (mode) => act(mode, () => client.call('lesson.migrate', { mode })),
      lessonWayOutLive: () => act('wayOutLive', () => client.call('lesson.wayOutLive', {})),
    }
  }
