// The pretty reporter: one line per step as it finishes, then the failures with expected and actual
// side by side, the skips with their reasons, and the totals.
import { inert } from '../../../shared/inert-text'
import type { RunResult, StepResult, SuiteResult } from '../results'

export interface PrettyOptions {
  /** ANSI colours (a terminal that is not told NO_COLOR). */
  color?: boolean
}

const ANSI = { green: 32, red: 31, yellow: 33, dim: 2, bold: 1 } as const
type Tone = keyof typeof ANSI

function paint(opts: PrettyOptions) {
  return (tone: Tone, text: string) => (opts.color ? `\u001b[${ANSI[tone]}m${text}\u001b[0m` : text)
}

const LABEL: Record<StepResult['status'], [string, Tone]> = {
  passed: ['PASS', 'green'],
  failed: ['FAIL', 'red'],
  warning: ['WARN', 'yellow'],
  skipped: ['SKIP', 'yellow'],
}

function ms(n: number): string {
  return n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(2)} s`
}

const title = (suite: Pick<SuiteResult, 'name'>, step: StepResult) => inert(`${suite.name} › ${step.name}`)

/** ` [RFC 6749 §5.1, SHOULD]`: the level is said when it is not a MUST. */
function ruleTag(step: StepResult): string {
  const parts = [step.rfc, step.level !== undefined && step.level !== 'MUST' ? step.level : undefined]
  const text = parts.filter((p) => p !== undefined).join(', ')
  return text === '' ? '' : ` [${text}]`
}

/** `  FAIL  scenario › step — status: expected 200, got 400 (14 ms)` */
export function prettyStepLine(step: StepResult, suite: Pick<SuiteResult, 'name'>, opts: PrettyOptions = {}): string {
  const c = paint(opts)
  const [label, tone] = LABEL[step.status]
  const tag = ruleTag(step)
  const rfc = tag ? c('dim', tag) : ''
  const why = step.reason ? ` — ${inert(step.reason)}` : ''
  return `  ${c(tone, label)}  ${title(suite, step)}${rfc}${why} ${c('dim', `(${ms(step.durationMs)})`)}`
}

function failureBlock(n: number, suite: SuiteResult, step: StepResult, opts: PrettyOptions): string[] {
  const c = paint(opts)
  const lines = [`  ${n}) ${c('bold', title(suite, step))}${ruleTag(step)}`]
  if (!step.failures.length && step.reason) lines.push(`     ${inert(step.reason)}`)
  for (const f of step.failures) {
    lines.push(
      `     ${inert(f.what)}`,
      `       expected: ${c('green', inert(f.expected))}`,
      `       actual:   ${c('red', inert(f.actual))}`,
    )
  }
  if (step.exchangeIds.length) lines.push(c('dim', `     exchange ${step.exchangeIds.join(', ')}`))
  return lines
}

/** What follows the step lines: failures in detail, skips with reasons, the totals. */
export function prettySummary(result: RunResult, opts: PrettyOptions = {}): string {
  const c = paint(opts)
  const lines: string[] = ['']
  const failed = result.suites.flatMap((suite) =>
    suite.steps.filter((s) => s.status === 'failed').map((step) => ({ suite, step })),
  )
  if (failed.length) {
    lines.push(c('red', 'Failures:'), '')
    failed.forEach(({ suite, step }, i) => lines.push(...failureBlock(i + 1, suite, step, opts), ''))
  }
  const warned = result.suites.flatMap((suite) =>
    suite.steps.filter((s) => s.status === 'warning').map((step) => ({ suite, step })),
  )
  if (warned.length) {
    lines.push(c('yellow', 'Warnings (a SHOULD or a best practice; --strict makes them fail):'), '')
    warned.forEach(({ suite, step }, i) => lines.push(...failureBlock(i + 1, suite, step, opts), ''))
  }
  const skipped = result.suites.flatMap((suite) =>
    suite.steps.filter((s) => s.status === 'skipped').map((step) => ({ suite, step })),
  )
  if (skipped.length) {
    lines.push(c('yellow', 'Skipped:'))
    for (const { suite, step } of skipped) lines.push(`  ${title(suite, step)}: ${inert(step.reason ?? 'skipped')}`)
    lines.push('')
  }
  const steps = result.passed + result.failed + result.warnings + result.skipped
  const totals = [
    c('green', `${result.passed} passed`),
    c(result.failed ? 'red' : 'dim', `${result.failed} failed`),
    c(result.warnings ? 'yellow' : 'dim', `${result.warnings} warning${result.warnings === 1 ? '' : 's'}`),
    c(result.skipped ? 'yellow' : 'dim', `${result.skipped} skipped`),
  ].join(', ')
  const n = result.suites.length
  lines.push(
    `${totals} — ${steps} step${steps === 1 ? '' : 's'} in ${n} suite${n === 1 ? '' : 's'}, ${ms(result.durationMs)}`,
  )
  return lines.join('\n') + '\n'
}

/** The whole report as text (for --out FILE with the pretty reporter): every step line, then the summary. */
export function prettyReport(result: RunResult, opts: PrettyOptions = {}): string {
  const lines = result.suites.flatMap((suite) => suite.steps.map((step) => prettyStepLine(step, suite, opts)))
  return lines.join('\n') + '\n' + prettySummary(result, opts)
}
