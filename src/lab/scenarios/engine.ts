// Runs scenarios: the steps of one scenario in order, never two at once; independent scenarios
// concurrently, a few at a time. It sends nothing itself: every request goes through `send`, the
// lab's request runner, so each one is an exchange like any other (History, trace, findings).
import { performance } from 'node:perf_hooks'
import type { Exchange } from '../../shared/exchange'
import { substituteDeep, variablesUsedBy, type Scenario, type ScenarioStep } from '../../shared/scenarios/index'
import { capture } from './captures'
import { isSensitiveVariable, redactor } from './display'
import { checkExpectations } from './expectations'
import type { ExpectationFailure, RunResult, StepResult, SuiteResult } from './results'
import { toRunnerRequest } from './step-request'
import type { ResolvedTarget, SendRequest } from './types'
import { SCENARIO_CONCURRENCY } from '../../shared/limits'

/** One scenario with the variables it starts from (its file's variables < credentials < --var). */
export interface ScenarioJob {
  scenario: Scenario
  variables: Readonly<Record<string, string>>
  /** The suite's name in the results, when not the scenario's own (two files with the same name). */
  suiteName?: string
}

export interface EngineOptions {
  send: SendRequest
  target: ResolvedTarget
  /** How many scenarios run at once (default 4). */
  concurrency?: number
  /** Called as each step finishes. */
  onStep?: (step: StepResult, suite: { name: string; kind: 'scenario' }) => void
}

/** Durations to a tenth of a millisecond: what a timer on loopback can tell apart. */
export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10
}

/** A variable whose capture failed (or whose step was skipped), and the step that should have made it. */
type Unavailable = Map<string, string>

function summary(failures: readonly ExpectationFailure[]): string {
  const f = failures[0]!
  const more = failures.length > 1 ? ` (and ${failures.length - 1} more)` : ''
  return `${f.what}: expected ${f.expected}, got ${f.actual}${more}`
}

class ScenarioState {
  readonly values = new Map<string, string>()
  readonly secrets = new Map<string, string>()
  readonly unavailable: Unavailable = new Map()

  constructor(initial: Readonly<Record<string, string>>) {
    for (const [name, value] of Object.entries(initial)) this.set(name, value, false)
  }

  set(name: string, value: string, sensitive: boolean): void {
    this.values.set(name, value)
    this.unavailable.delete(name)
    if (sensitive || isSensitiveVariable(name)) this.secrets.set(name, value)
    else this.secrets.delete(name)
  }

  /** The step's captures will not exist: the steps that use them are skipped. */
  lose(step: ScenarioStep): void {
    for (const name of Object.keys(step.capture)) this.unavailable.set(name, step.name)
  }
}

async function runStep(step: ScenarioStep, state: ScenarioState, opts: EngineOptions): Promise<StepResult> {
  const started = performance.now()
  const done = (r: Omit<StepResult, 'name' | 'durationMs'>): StepResult => {
    const redact = redactor(state.secrets)
    return {
      name: step.name,
      ...r,
      ...(r.reason !== undefined && { reason: redact(r.reason) }),
      failures: r.failures.map((f) => ({ what: f.what, expected: redact(f.expected), actual: redact(f.actual) })),
      durationMs: roundMs(performance.now() - started),
    }
  }
  const missing = [...variablesUsedBy(step)].filter((n) => state.unavailable.has(n))
  if (missing.length) {
    const [name] = missing
    const reason = `needs {{${name}}}, which step ${JSON.stringify(state.unavailable.get(name!))} could not capture`
    state.lose(step)
    return done({ status: 'skipped', reason, failures: [], exchangeIds: [] })
  }
  const lookup = (name: string) => state.values.get(name)
  const mapped = toRunnerRequest(substituteDeep(step.request, lookup), opts.target)
  if (!mapped.ok) {
    state.lose(step)
    if (mapped.skip) return done({ status: 'skipped', reason: mapped.why, failures: [], exchangeIds: [] })
    const failures = [{ what: 'request', expected: 'a request that can be sent', actual: mapped.why }]
    return done({ status: 'failed', reason: mapped.why, failures, exchangeIds: [] })
  }
  const sentAt = performance.now()
  let exchange: Exchange
  try {
    exchange = await opts.send(mapped.request)
  } catch (err) {
    state.lose(step)
    const why = err instanceof Error ? err.message : String(err)
    const failures = [{ what: 'request', expected: 'an answer', actual: why }]
    return done({ status: 'failed', reason: `no answer: ${why}`, failures, exchangeIds: [] })
  }
  const elapsed = performance.now() - sentAt
  const failures = await checkExpectations(substituteDeep(step.expect, lookup, true), exchange, elapsed)
  for (const [name, path] of Object.entries(step.capture)) {
    const got = capture(path, exchange)
    if (got.ok) state.set(name, got.value, got.sensitive)
    else {
      state.unavailable.set(name, step.name)
      failures.push({ what: `capture ${name}`, expected: `a value at ${path}`, actual: got.why })
    }
  }
  return done({
    status: failures.length ? 'failed' : 'passed',
    ...(failures.length && { reason: summary(failures) }),
    failures,
    exchangeIds: [exchange.id],
  })
}

/**
 * Runs the steps in order. A failed expectation does not stop the scenario (as in newman): later steps
 * run, except those that need a capture that could not be made — they are skipped, saying which.
 */
export async function runScenario(job: ScenarioJob, opts: EngineOptions): Promise<SuiteResult> {
  const started = performance.now()
  const name = job.suiteName ?? job.scenario.name
  const state = new ScenarioState(job.variables)
  const steps: StepResult[] = []
  for (const step of job.scenario.steps) {
    const result = await runStep(step, state, opts)
    steps.push(result)
    opts.onStep?.(result, { name, kind: 'scenario' })
  }
  return { name, kind: 'scenario', steps, durationMs: roundMs(performance.now() - started) }
}

/** Maps `items` with at most `limit` calls in flight; results in the order of `items`. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
  return results
}

/** Runs every scenario, `concurrency` at a time; suites in the order of `jobs`. */
export function runScenarios(jobs: readonly ScenarioJob[], opts: EngineOptions): Promise<SuiteResult[]> {
  return mapBounded(jobs, opts.concurrency ?? SCENARIO_CONCURRENCY, (job) => runScenario(job, opts))
}

/** The totals of a run. */
export function summarize(suites: SuiteResult[], durationMs: number): RunResult {
  const count = (status: StepResult['status']) =>
    suites.reduce((n, s) => n + s.steps.filter((st) => st.status === status).length, 0)
  return {
    suites,
    passed: count('passed'),
    failed: count('failed'),
    warnings: count('warning'),
    skipped: count('skipped'),
    durationMs: roundMs(durationMs),
  }
}
