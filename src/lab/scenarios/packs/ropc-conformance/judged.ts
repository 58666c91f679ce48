// The pack does not word any rule about the form of an answer: every exchange it sends goes through
// the one exchange pipeline, which runs the shared judge (src/shared/response-checks) on it, and the
// pack reads those findings here. A finding's severity is its level: error → the check fails,
// warning → the check warns, info → reported only.
import type { Finding } from '../../../../shared/exchange'
import type { FindingCode } from '../../../../shared/findings/index'
import type { Step } from './check'
import type { Reply } from './reply'

/** The judge's findings on this reply among `codes`. */
export function judgedFindings(reply: Reply, codes: ReadonlySet<FindingCode>): Finding[] {
  return (reply.exchange.findings ?? []).filter((f) => codes.has(f.code as FindingCode))
}

/** Adds the findings to the step at their level; true when none was an error. */
export function applyFindings(step: Step, reply: Reply, findings: readonly Finding[]): boolean {
  let clean = true
  for (const f of findings) {
    const entry = { what: `${reply.label}: ${f.code} (${f.rfc})`, expected: 'no finding', actual: f.message }
    if (f.severity === 'error') {
      step.failures.push(entry)
      clean = false
    } else if (f.severity === 'warning') step.warnings.push(entry)
  }
  return clean
}

/** Judges one reply by the given codes; true when no error-level finding was raised. */
export function expectJudged(step: Step, reply: Reply, codes: ReadonlySet<FindingCode>): boolean {
  return applyFindings(step, reply, judgedFindings(reply, codes))
}
