// The verdicts expected of the pack on one real server (expected-<server>.json): for each client
// authentication method, the checks whose right verdict is not "passed", each with the RFC sentence
// that makes it so. A check not listed is expected to pass. `packIsWrong` marks a case where the pack
// gives another verdict than the RFC supports: the test states the right verdict and expects it to
// fail until the pack is fixed, so the wrong verdict is never written down as right.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { AuthMethod, PackStep } from './run-pack'
import { stepMessage } from './run-pack'

export type Status = 'passed' | 'failed' | 'warning' | 'skipped'

export interface Expectation {
  /** a check id or name; a trailing "*" matches any check that starts with the rest */
  check: string
  /** the right verdict, or the verdicts the RFC text equally allows */
  status: Status | Status[]
  /** why, quoting the RFC */
  why: string
  /** a pattern (case-insensitive) the step's message must match when it fails or warns: the right reason */
  evidence?: string
  /** why the pack's current verdict differs from the right one (the case is expected to fail) */
  packIsWrong?: string
}

export interface ServerExpectations {
  server: string
  otherwise: 'passed'
  runs: Partial<Record<AuthMethod, Expectation[]>>
}

export function loadExpectations(serverId: string): ServerExpectations {
  const path = fileURLToPath(new URL(`./expected-${serverId}.json`, import.meta.url))
  return JSON.parse(readFileSync(path, 'utf8')) as ServerExpectations
}

export function matches(expectation: Expectation, step: PackStep): boolean {
  const keys = [step.id, step.name].filter((k): k is string => typeof k === 'string')
  const pattern = expectation.check
  if (pattern.endsWith('*')) return keys.some((k) => k.startsWith(pattern.slice(0, -1)))
  return keys.includes(pattern)
}

/** The first expectation that names the step, if any. */
export function expectationFor(list: Expectation[], step: PackStep): Expectation | undefined {
  return list.find((e) => matches(e, step))
}

export function allowed(expectation: Expectation | undefined): Status[] {
  if (!expectation) return ['passed']
  return Array.isArray(expectation.status) ? expectation.status : [expectation.status]
}

/** Null when the step's verdict is the expected one (and, for a failure or warning, for the expected reason). */
export function mismatch(step: PackStep, expectation: Expectation | undefined): string | null {
  const want = allowed(expectation)
  const message = stepMessage(step)
  if (!want.includes(step.status as Status))
    return `"${step.name}": expected ${want.join(' or ')}, got ${step.status}${message ? ` (${message})` : ''}`
  const evidence = expectation?.evidence
  if (evidence && (step.status === 'failed' || step.status === 'warning')) {
    const text = [message, ...step.failures.map((f) => `${f.what} ${f.expected} ${f.actual}`)].join(' ')
    if (!new RegExp(evidence, 'i').test(text))
      return `"${step.name}": ${step.status} as expected, but not for the expected reason (/${evidence}/): ${message}`
  }
  return null
}
