// The reporters of `ropc-lab test --reporter`: pretty (live lines and a summary), json, junit.
import type { RunResult } from '../results'
import { jsonReport } from './json'
import { junitReport } from './junit'
import { prettyReport, type PrettyOptions } from './pretty'

export const REPORTERS = ['pretty', 'json', 'junit'] as const
export type ReporterName = (typeof REPORTERS)[number]

export function report(name: ReporterName, result: RunResult, opts: PrettyOptions = {}): string {
  if (name === 'json') return jsonReport(result)
  if (name === 'junit') return junitReport(result)
  return prettyReport(result, opts)
}

export { jsonReport, junitReport, prettyReport }
export { prettyStepLine, prettySummary, type PrettyOptions } from './pretty'
