// A check is one rule, one StepResult. Checks come in groups that run in order (a group shares
// state: the refresh token a later check reuses); groups of one phase run concurrently, a few at
// a time, and steps are reported (onStep) in the order they are listed, whatever finished first.
import { performance } from 'node:perf_hooks'
import type { CheckLevel, ExpectationFailure, StepResult } from '../../results'
import type { Reply } from './reply'
import type { PackSession, Precondition } from './session'
import { SkipCheck } from './skip'

/**
 * One rule, as data: what the rule says (quoted from the RFC), how strong it is, to whom it
 * applies, what the check needs established first, and the probe that tests it.
 */
export interface Check {
  /** Stable across releases (CI and the interop matrix match on it), e.g. "client-auth.basic-form-decoded". */
  id: string
  /** Named after its rule, e.g. "§2.3.1 Basic credentials are form-decoded". */
  name: string
  /** e.g. "RFC 6749 §2.3.1" */
  rfc: string
  /** The rule's sentence as the RFC words it (short), so a verdict can be defended from the text. */
  quote: string
  /**
   * MUST: a broken rule fails; SHOULD/BCP: it warns; info: it is reported and never fails. A
   * function when the level depends on the client (RFC 9700 §4.14.2 is a MUST for public clients
   * only); null there means the rule does not apply to this run (the check is skipped, saying why).
   */
  level: CheckLevel | ((s: PackSession) => CheckLevel | { skip: string })
  /** What the pack must have established for this check to mean anything (session.ts). */
  requires?: Precondition[]
  run(step: Step): Promise<void>
}

export interface CheckGroup {
  name: string
  checks: Check[]
}

export class Step {
  readonly failures: ExpectationFailure[] = []
  /** What the check saw that breaks only a SHOULD or best practice, whatever the check's level. */
  readonly warnings: ExpectationFailure[] = []
  readonly exchangeIds: string[] = []
  /** One line that says why the step failed, when the first failure alone would not. */
  reason: string | undefined

  constructor(readonly session: PackSession) {}

  /** The reply belongs to this step ("open in Inspector"); returned for chaining. */
  use(reply: Reply): Reply {
    if (!this.exchangeIds.includes(reply.exchange.id)) this.exchangeIds.push(reply.exchange.id)
    return reply
  }

  /** Adds the failures an assertion found; true when there were none. */
  expect(failures: ExpectationFailure[]): boolean {
    this.failures.push(...failures)
    return failures.length === 0
  }

  fail(what: string, expected: string, actual: string): void {
    this.failures.push({ what, expected, actual })
  }

  warn(what: string, expected: string, actual: string): void {
    this.warnings.push({ what, expected, actual })
  }
}

function failureSummary(step: Step, list: ExpectationFailure[]): string {
  if (step.reason !== undefined) return step.reason
  const [first] = list
  if (first === undefined) return 'failed'
  const more = list.length > 1 ? ` (and ${list.length - 1} more)` : ''
  return `${first.what}: expected ${first.expected}, got ${first.actual}${more}`
}

/** The level the check holds this run to, or why it does not apply. */
function levelFor(check: Check, session: PackSession): CheckLevel | { skip: string } {
  return typeof check.level === 'function' ? check.level(session) : check.level
}

/** What the step's findings make of it at its level. */
function verdict(step: Step, level: CheckLevel): Pick<StepResult, 'status' | 'reason' | 'failures'> {
  const seen = [...step.failures, ...step.warnings]
  if (seen.length === 0)
    return { status: 'passed', ...(step.reason !== undefined && { reason: step.reason }), failures: [] }
  if (step.failures.length > 0 && level === 'MUST') {
    return { status: 'failed', reason: failureSummary(step, step.failures), failures: seen }
  }
  if (level === 'info') return { status: 'passed', reason: `(info) ${failureSummary(step, seen)}`, failures: seen }
  return { status: 'warning', reason: failureSummary(step, seen), failures: seen }
}

export async function runCheck(check: Check, session: PackSession): Promise<StepResult> {
  const started = performance.now()
  const step = new Step(session)
  const level = levelFor(check, session)
  const base = {
    id: check.id,
    name: check.name,
    rfc: check.rfc,
    ...(typeof level === 'string' && { level }),
  }
  const durationMs = () => Math.round((performance.now() - started) * 100) / 100
  try {
    if (typeof level !== 'string') throw new SkipCheck(level.skip)
    for (const need of check.requires ?? []) await session.require(need)
    await check.run(step)
  } catch (err) {
    if (err instanceof SkipCheck) {
      return {
        ...base,
        status: 'skipped',
        reason: err.reason,
        failures: [],
        exchangeIds: step.exchangeIds,
        durationMs: durationMs(),
      }
    }
    // The server could not be reached, or answered in a way no check foresaw: a failure, said plainly.
    const message = err instanceof Error ? err.message : String(err)
    return {
      ...base,
      status: 'failed',
      reason: message,
      failures: [...step.failures, { what: 'the check', expected: 'to run to the end', actual: message }],
      exchangeIds: step.exchangeIds,
      durationMs: durationMs(),
    }
  }
  return { ...base, ...verdict(step, level as CheckLevel), exchangeIds: step.exchangeIds, durationMs: durationMs() }
}

/** Calls onStep in list order as soon as every earlier step is done. */
class OrderedReporter {
  readonly #results: Array<StepResult | undefined>
  #next = 0

  constructor(
    size: number,
    private readonly onStep?: (step: StepResult) => void,
  ) {
    this.#results = new Array<StepResult | undefined>(size)
  }

  put(index: number, result: StepResult): void {
    this.#results[index] = result
    while (this.#next < this.#results.length && this.#results[this.#next] !== undefined) {
      this.onStep?.(this.#results[this.#next]!)
      this.#next++
    }
  }

  all(): StepResult[] {
    return this.#results.filter((r): r is StepResult => r !== undefined)
  }
}

async function runBounded<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) await run(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/**
 * Runs the phases one after the other; inside a phase, up to `concurrency` groups at once, each
 * group's checks in order. Returns every step in list order.
 */
export async function runPhases(
  phases: CheckGroup[][],
  session: PackSession,
  opts: { concurrency: number; onStep?: (step: StepResult) => void },
): Promise<StepResult[]> {
  const indexed: Array<Array<{ group: CheckGroup; first: number }>> = []
  let count = 0
  for (const phase of phases) {
    indexed.push(
      phase.map((group) => {
        const entry = { group, first: count }
        count += group.checks.length
        return entry
      }),
    )
  }
  const reporter = new OrderedReporter(count, opts.onStep)
  for (const phase of indexed) {
    await runBounded(phase, opts.concurrency, async ({ group, first }) => {
      for (const [i, check] of group.checks.entries()) reporter.put(first + i, await runCheck(check, session))
    })
  }
  return reporter.all()
}
