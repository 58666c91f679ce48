// The junit reporter: JUnit XML as GitLab, Jenkins and GitHub test reporters read it — one testsuite per
// scenario or pack, one testcase per step or check, <failure> with expected, actual and the RFC section,
// <skipped> with its reason. A warning (a SHOULD or a best practice broken) is a passing testcase: the
// warning goes in <system-out> and a `warning` property, never in <failure>, so CI stays green unless
// `--strict` (which only changes the exit code). Built with junit-report-builder (escaping, counts), never by hand.
import junit, { type TestCase } from 'junit-report-builder'
import type { RunResult, StepResult } from '../results'

/** The part of xmlbuilder's element this file touches. */
interface XmlElement {
  children: Array<{ name?: string; att?: (name: string, value: string) => unknown }>
}

/** junit-report-builder writes `<skipped/>` without a message; Jenkins and GitHub reporters show one. */
function skippedWithReason(testCase: TestCase, reason: string): void {
  testCase.skipped()
  const build = testCase.build.bind(testCase)
  testCase.build = (parent) => {
    const element = build(parent)
    const skipped = (element as unknown as XmlElement).children.find((child) => child.name === 'skipped')
    skipped?.att?.('message', reason)
    return element
  }
}

const seconds = (ms: number) => Math.round(ms) / 1000

function failureDetails(step: StepResult): string {
  const lines = step.failures.flatMap((f) => [f.what, `  expected: ${f.expected}`, `  actual:   ${f.actual}`])
  if (!step.failures.length && step.reason) lines.push(step.reason)
  if (step.rfc) lines.push(`RFC: ${step.rfc}`)
  if (step.exchangeIds.length) lines.push(`exchange: ${step.exchangeIds.join(', ')}`)
  return lines.join('\n')
}

export function junitReport(result: RunResult): string {
  const builder = junit.newBuilder().name('ropc-lab test')
  for (const suite of result.suites) {
    const testSuite = builder.testSuite().name(suite.name).time(seconds(suite.durationMs)).property('kind', suite.kind)
    for (const step of suite.steps) {
      const testCase = testSuite.testCase().className(suite.name).name(step.name).time(seconds(step.durationMs))
      if (step.id) testCase.property('id', step.id)
      if (step.rfc) testCase.property('rfc', step.rfc)
      if (step.level) testCase.property('level', step.level)
      for (const id of step.exchangeIds) testCase.property('exchange', id)
      if (step.status === 'failed') {
        const message = `${step.reason ?? 'failed'}${step.rfc ? ` [${step.rfc}]` : ''}`
        testCase.failure(message, 'expectation').stacktrace(failureDetails(step))
      } else if (step.status === 'warning') {
        testCase.property('warning', step.reason ?? 'warning')
        testCase.standardOutput(`WARNING: ${step.reason ?? 'warning'}\n${failureDetails(step)}`)
      } else if (step.status === 'skipped') {
        skippedWithReason(testCase, step.reason ?? 'skipped')
      }
    }
  }
  return builder.build() + '\n'
}
