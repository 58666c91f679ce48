// Runs `ropc-lab test --pack ropc-conformance` (the built CLI, out/main/cli.js) against one matrix
// server with one client authentication method, and returns the JSON report's steps.
import { runCli } from '../../helpers/cli-process'
import { accounts } from './harness'

export type AuthMethod = 'basic' | 'post' | 'none'

export interface PackStep {
  /** a check's stable id, once the pack gives one */
  id?: string
  name: string
  /** MUST, SHOULD, BCP or info, once the pack gives levels */
  level?: string
  status: string
  rfc?: string
  reason?: string
  failures: Array<{ what: string; expected: string; actual: string }>
}

export interface PackRun {
  code: number | null
  steps: PackStep[]
  stderr: string
}

export function packArgs(target: string, auth: AuthMethod, extra: string[] = []): string[] {
  const client =
    auth === 'none'
      ? ['--client-id', accounts.publicClientId]
      : ['--client-id', accounts.confidentialClientId, '--client-secret', accounts.confidentialClientSecret]
  return [
    'test',
    '--pack',
    'ropc-conformance',
    '--target',
    target,
    ...client,
    '--auth',
    auth,
    '--username',
    accounts.user.username,
    '--password',
    accounts.user.password,
    '--reporter',
    'json',
    ...extra,
  ]
}

export async function runPack(target: string, auth: AuthMethod, extra: string[] = []): Promise<PackRun> {
  const r = await runCli(packArgs(target, auth, extra), { NO_COLOR: '1' })
  let steps: PackStep[] = []
  try {
    const report = JSON.parse(r.stdout) as { suites: Array<{ steps: PackStep[] }> }
    steps = report.suites.flatMap((s) => s.steps)
  } catch {
    throw new Error(`ropc-lab test printed no JSON report (exit ${r.code}):\n${r.stdout}\n${r.stderr}`)
  }
  return { code: r.code, steps, stderr: r.stderr }
}

/** One line of a verdict table: the step's own summary, else its first failure. */
export function stepMessage(step: PackStep): string {
  if (step.reason) return step.reason
  const first = step.failures[0]
  return first ? `${first.what}: expected ${first.expected}, got ${first.actual}` : ''
}
