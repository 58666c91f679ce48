// Levels as the OpenID Foundation's conformance suite reports them: a broken MUST fails, a broken
// SHOULD or best-practice rule (RFC 9700) is a warning, which alone does not fail a run.
export type StepStatus = 'passed' | 'failed' | 'warning' | 'skipped'
/** How strong the rule a pack check judges is: MUST fails, SHOULD/BCP warn, info never fails. */
export type CheckLevel = 'MUST' | 'SHOULD' | 'BCP' | 'info'
export interface ExpectationFailure {
  what: string
  expected: string
  actual: string
}
export interface StepResult {
  /** A pack check's stable id, e.g. "client-auth.basic-form-decoded" (absent for scenario steps). */
  id?: string
  name: string
  /** A pack check's level as it applied to this run (e.g. BCP for a confidential client, MUST for a public one). */
  level?: CheckLevel
  status: StepStatus
  /** RFC section when the step comes from a pack, e.g. "RFC 6749 §5.2" */
  rfc?: string
  /** why it was skipped, or a one-line summary of why it failed or warned */
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
  warnings: number
  skipped: number
  durationMs: number
}
