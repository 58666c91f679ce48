// Which requests a fault rule matches, and when it fires.
import { FAULT_ENDPOINTS } from '../../../shared/fault-rules'
import { Field } from '../common/Field'
import type { FaultRuleDraft, TriggerKind } from './fault-draft'
import { RuleTextInput, type RuleFieldsProps } from './RuleTextInput'

/** The paths these fields show, and whether the messages below a path are theirs too. */
export const MATCH_PATHS: Array<[string, boolean]> = [
  ['match.endpoint', false],
  ['match.clientId', false],
  ['match.username', false],
  ['match.grantType', false],
]
export const TRIGGER_PATHS: Array<[string, boolean]> = [
  ['trigger.times', false],
  ['trigger.percent', false],
  ['trigger.seed', false],
  ['trigger', true],
]

const TRIGGER_LABELS: Record<TriggerKind, string> = {
  times: 'The next N requests',
  percent: 'A share of requests (seeded)',
  always: 'Every request',
}

export function FaultMatchFields(props: RuleFieldsProps) {
  const { draft: d, errors, onChange } = props
  return (
    <div className="field-row">
      <Field label="Endpoint" errors={errors['match.endpoint'] ?? []}>
        {(p) => (
          <select
            {...p}
            value={d.endpoint}
            onChange={(ev) => onChange({ endpoint: ev.target.value as FaultRuleDraft['endpoint'] })}
          >
            <option value="">Any</option>
            {FAULT_ENDPOINTS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <RuleTextInput {...props} name="clientId" path="match.clientId" label="Client ID" hint="Empty: any client" mono />
      <RuleTextInput {...props} name="username" path="match.username" label="Username" hint="Empty: any user" />
      <RuleTextInput
        {...props}
        name="grantType"
        path="match.grantType"
        label="Grant type"
        hint="Empty: any grant"
        mono
      />
    </div>
  )
}

export function FaultTriggerFields(props: RuleFieldsProps) {
  const { draft: d, errors, onChange } = props
  return (
    <div className="field-row">
      <Field label="Trigger" errors={errors.trigger ?? []}>
        {(p) => (
          <select {...p} value={d.trigger} onChange={(ev) => onChange({ trigger: ev.target.value as TriggerKind })}>
            {(Object.keys(TRIGGER_LABELS) as TriggerKind[]).map((t) => (
              <option key={t} value={t}>
                {TRIGGER_LABELS[t]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {d.trigger === 'times' ? (
        <RuleTextInput
          {...props}
          name="times"
          path="trigger.times"
          label="Times"
          hint="Then the rule is spent; it stays listed with 0 left"
        />
      ) : null}
      {d.trigger === 'percent' ? (
        <>
          <RuleTextInput
            {...props}
            name="percent"
            path="trigger.percent"
            label="Percent"
            hint="More than 0, at most 100"
          />
          <RuleTextInput
            {...props}
            name="seed"
            path="trigger.seed"
            label="Seed"
            hint="The same seed gives the same hits"
          />
        </>
      ) : null}
    </div>
  )
}
