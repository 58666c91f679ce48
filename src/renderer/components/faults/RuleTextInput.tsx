// A text field of a fault rule's draft, with the messages the schema reported at its path.
import { Field } from '../common/Field'
import type { FaultRuleDraft } from './fault-draft'

export interface RuleFieldsProps {
  draft: FaultRuleDraft
  /** The messages by path inside the rule (`match.clientId`, `effect.status`). */
  errors: Readonly<Record<string, string[]>>
  onChange(patch: Partial<FaultRuleDraft>): void
}

type TextKey = { [K in keyof FaultRuleDraft]: FaultRuleDraft[K] extends string ? K : never }[keyof FaultRuleDraft]

interface Props extends RuleFieldsProps {
  name: TextKey
  label: string
  hint?: string
  /** Where the schema reports it, when not at the draft's key. */
  path?: string
  mono?: boolean
}

export function RuleTextInput({ draft, errors, onChange, name, label, hint, path = name, mono }: Props) {
  return (
    <Field label={label} hint={hint} errors={errors[path] ?? []}>
      {(p) => (
        <input
          {...p}
          className={mono ? 'mono' : undefined}
          spellCheck={false}
          value={draft[name]}
          onChange={(ev) => onChange({ [name]: ev.target.value })}
        />
      )}
    </Field>
  )
}
