// The §5.1 and §5.2 rules are judged on every answer of the kind the run received, not on one
// sample: a server may add no-store to its success path and forget it on one error path.
import type { ExpectationFailure } from '../../../results'
import type { Check, Step } from '../check'
import type { Reply } from '../reply'
import { skip } from '../skip'

export function judgeAll(
  step: Step,
  replies: Reply[],
  kind: string,
  ...assertions: Array<(r: Reply) => ExpectationFailure[]>
): void {
  if (replies.length === 0) skip(`the run received no ${kind}`)
  let offending = 0
  for (const r of replies) {
    const failures = assertions.flatMap((a) => a(r))
    if (failures.length === 0) continue
    offending++
    step.use(r)
    step.expect(failures)
  }
  if (offending === 0) for (const r of replies) step.use(r)
  else
    step.reason = `${offending} of ${replies.length} ${kind}: ${step.failures[0]!.what}: expected ${step.failures[0]!.expected}, got ${step.failures[0]!.actual}`
}

export function successes(step: Step): Reply[] {
  return step.session.tokenEndpointReplies().filter((r) => r.status === 200)
}

export function errors(step: Step): Reply[] {
  return step.session.tokenEndpointReplies().filter((r) => r.status >= 400 && r.status < 500)
}

type Assertion = (r: Reply) => ExpectationFailure[]

/** A check that judges every reply of one kind (successes or errors) with the given assertions. */
export function judgeEvery(
  name: string,
  rfc: string,
  select: (step: Step) => Reply[],
  kind: string,
  ...assertions: Assertion[]
): Check {
  return {
    name,
    rfc,
    async run(step) {
      judgeAll(step, select(step), kind, ...assertions)
    },
  }
}
