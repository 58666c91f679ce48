export type StepStatus = 'passed' | 'failed' | 'skipped'
export interface ExpectationFailure {
  what: string
  expected: string
  actual: string
}
export interface StepResult {
  name: string
  status: StepStatus
  /** RFC section when the step comes from a pack, e.g. "RFC 6749 §5.2" */
  rfc?: string
  /** why it was skipped, or a one-line summary of why it failed */
  reason?: string
  failures: ExpectationFailure[]
  /** the exchange(s) this step sent, for "open in Inspector" */
  exchangeIds: string[]
  durationMs: number
}
export interface SuiteResult {
  name: string
  kind: 'scenario' | 'pack'
  steps: StepResult[]
  durationMs: number
}
export interface RunResult {
  suites: SuiteResult[]
  passed: number
  failed: number
  skipped: number
  durationMs: number
}
