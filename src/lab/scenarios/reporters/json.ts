// The json reporter: the RunResult (results.ts) as is, for scripts.
import type { RunResult } from '../results'

export function jsonReport(result: RunResult): string {
  return JSON.stringify(result, null, 2) + '\n'
}
