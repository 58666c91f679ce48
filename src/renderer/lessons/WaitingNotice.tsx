import type { LessonWaitingStep } from '../../shared/lab-api'
import { useLab } from '../store'

/** The step's server side is not in this build: say so, and show no result it did not produce. */
export function useWaiting(step: LessonWaitingStep): string | undefined {
  return useLab((s) => s.lessonStatus?.waiting[step])
}

export function WaitingNotice({ reason }: { reason: string }) {
  return (
    <p className="lesson-waiting" role="note">
      <span className="badge warn">Waiting</span> This step cannot run yet: {reason}.
    </p>
  )
}
