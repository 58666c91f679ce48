import type { LabMethod } from '../../../shared/lab-api'

/** The lesson's calls of the LabApi (`lesson.*`). */
export type LessonMethod = Extract<LabMethod, `lesson.${string}`>
