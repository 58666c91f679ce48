// The "Why caution" lesson on the lab side: its own lab, its steps and the guessing run.
// createLessonArea is composed once by createLab; lesson-handlers.ts exposes it as `lesson.*`.
import type { LessonProgress, LessonStatus } from '../../shared/lab-api'
import { GuessingControl } from './guessing'
import { LessonLab, type CreateLessonLab } from './lesson-lab'

export type { CreateLessonLab, OpenLesson } from './lesson-lab'
export { classifyGuess } from './guessing'
export { GUESSED_PASSWORD, LESSON_MAX_FAILURES, LESSON_WORKSPACE } from './lesson-workspace'
export { guesses, WORD_LIST } from './word-list'
export * as lessonSteps from './lesson-steps'

export interface LessonArea {
  lab: LessonLab
  guessing: GuessingControl
  status(): LessonStatus
  /** Stops a guessing run and closes the lesson lab: the lesson is back at its start. */
  reset(): Promise<LessonStatus>
  /** The owning lab closes. */
  close(): Promise<void>
}

export interface LessonAreaDeps {
  createLab: CreateLessonLab
  /** Announces the guessing run's progress (the owning lab's `lesson.progress` event). */
  progress: (p: LessonProgress) => void
}

export function createLessonArea({ createLab, progress }: LessonAreaDeps): LessonArea {
  const lab = new LessonLab(createLab)
  const guessing = new GuessingControl(progress)
  const status = () => lab.status({ guessing: guessing.running })
  return {
    lab,
    guessing,
    status,
    async reset() {
      await guessing.stop()
      await lab.reset()
      return status()
    },
    async close() {
      await guessing.stop()
      await lab.close()
    },
  }
}
