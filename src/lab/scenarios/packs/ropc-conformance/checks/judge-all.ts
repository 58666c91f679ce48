// The §5.1 and §5.2 rules are judged on every answer of the kind the run received, not on one
// sample: a server may add no-store to its success path and forget it on one error path. The rules
// themselves are the shared judge's findings (judged.ts); a check here only picks its codes.
import type { FindingCode } from '../../../../../shared/findings/index'
import type { CheckLevel } from '../../../results'
import type { Check, Step } from '../check'
import { judgedFindings, applyFindings } from '../judged'
import type { Reply } from '../reply'
import { skip } from '../skip'

export function successes(step: Step): Reply[] {
  return step.session.tokenEndpointReplies().filter((r) => r.status >= 200 && r.status < 300)
}

export function errors(step: Step): Reply[] {
  return step.session.tokenEndpointReplies().filter((r) => r.status >= 400)
}

export interface JudgeEvery {
  id: string
  name: string
  rfc: string
  quote: string
  /** The level of the rule's strongest finding (the findings' own severities decide each verdict). */
  level: CheckLevel
  select: (step: Step) => Reply[]
  kind: string
  codes: FindingCode[]
}

/** A check that judges every reply of one kind with the shared judge's findings of the given codes. */
export function judgeEvery(spec: JudgeEvery): Check {
  const codes = new Set(spec.codes)
  return {
    id: spec.id,
    name: spec.name,
    rfc: spec.rfc,
    quote: spec.quote,
    level: spec.level,
    async run(step) {
      const replies = spec.select(step)
      if (replies.length === 0) skip(`the run received no ${spec.kind}`)
      let offending = 0
      for (const r of replies) {
        const found = judgedFindings(r, codes).filter((f) => f.severity !== 'info')
        if (found.length === 0) continue
        offending++
        step.use(r)
        applyFindings(step, r, found)
      }
      if (offending === 0) for (const r of replies) step.use(r)
      else {
        const [first] = [...step.failures, ...step.warnings]
        step.reason = `${offending} of ${replies.length} ${spec.kind}: ${first!.what}: ${first!.actual}`
      }
    },
  }
}
