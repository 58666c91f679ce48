export { WHY_CAUTION_STEPS, type LessonSource, type WhyCautionStep, type WhyCautionStepId } from './steps'
export type { LessonMethod } from './lesson-method'
