// One fault rule: what it matches, when it fires, what the server does instead — each field with the
// shared schema's messages under it — and what the embedded server says of it now (left, fired).
import { isActiveFault, type FaultRuleStatus } from '../../../shared/faults-api'
import { Checkbox, ProblemList } from '../common/Field'
import { FaultEffectFields, effectPaths } from './FaultEffectFields'
import { FaultMatchFields, FaultTriggerFields, MATCH_PATHS, TRIGGER_PATHS } from './FaultRuleFields'
import { ProblemClaims, type FaultRuleDraft } from './fault-draft'
import { RuleTextInput, type RuleFieldsProps } from './RuleTextInput'

/** What the server holds for this rule: "2 left · fired 1×", "spent (0 left) · fired 2×", "paused". */
export function ruleStatusText(status: FaultRuleStatus | undefined): string {
  if (!status) return 'not saved yet'
  const parts = [
    !status.enabled ? 'paused' : status.remaining === 0 ? 'spent (0 left)' : status.remaining === null ? 'active' : '',
    status.remaining !== null && status.remaining > 0 ? `${status.remaining} left` : '',
    `fired ${status.fired}×`,
  ]
  return parts.filter(Boolean).join(' · ')
}

interface Props {
  index: number
  count: number
  draft: FaultRuleDraft
  /** The lab's rule of the same name, as last saved. */
  status: FaultRuleStatus | undefined
  problems: readonly string[]
  onChange(patch: Partial<FaultRuleDraft>): void
  onMove(by: -1 | 1): void
  onRemove(): void
}

/**
 * Every message is claimed by the field it names before anything renders (a path and, for the
 * composite ones, what is below it); the rest shows on top of the rule.
 */
function claimAll(index: number, draft: FaultRuleDraft, problems: readonly string[]) {
  const claims = new ProblemClaims(problems)
  const errors: Record<string, string[]> = {}
  const paths: Array<[string, boolean]> = [
    ['name', false],
    ...MATCH_PATHS,
    ...TRIGGER_PATHS,
    ...effectPaths(draft.effect),
  ]
  for (const [path, below] of paths) errors[path] = claims.claim(`faults[${index}].${path}`, below)
  return { errors, leftover: claims.rest() }
}

export function FaultRuleEditor({ index, count, draft: d, status, problems, onChange, onMove, onRemove }: Props) {
  const { errors, leftover } = claimAll(index, d, problems)
  const fields: RuleFieldsProps = { draft: d, errors, onChange }
  const spent = status !== undefined && !isActiveFault(status)
  const label = `Rule ${index + 1}: ${d.name || '(no name)'}`
  return (
    <fieldset className={`fault-rule${spent ? ' fault-rule-idle' : ''}`} aria-label={label}>
      <legend>
        {label}{' '}
        <span className={`badge${status && isActiveFault(status) ? ' warn' : ''}`} aria-label="Rule status">
          {ruleStatusText(status)}
        </span>
      </legend>
      <ProblemList problems={leftover} />
      <div className="field-row">
        <RuleTextInput {...fields} name="name" label="Name" hint="Named in the trace of each exchange it faults" />
        <Checkbox
          label="Enabled"
          asSwitch
          checked={d.enabled}
          onChange={(enabled) => onChange({ enabled })}
          hint="Off pauses the rule"
        />
      </div>
      <FaultMatchFields {...fields} />
      <FaultTriggerFields {...fields} />
      <FaultEffectFields {...fields} />
      <div className="actions">
        <button type="button" disabled={index === 0} onClick={() => onMove(-1)}>
          Move up
        </button>
        <button type="button" disabled={index === count - 1} onClick={() => onMove(1)}>
          Move down
        </button>
        <button type="button" className="danger-outline" onClick={onRemove}>
          Remove rule
        </button>
      </div>
    </fieldset>
  )
}
