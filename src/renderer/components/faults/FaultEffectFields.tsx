// What the server does instead: the effect, chosen from the definitions (shared/fault-effects.ts), and
// the fields its definition lists — one-line fields in a row, multi-line ones below — with what the
// effect does beside the choice.
import { FAULT_EFFECT_TYPES, FAULT_EFFECTS, type EffectField, type FaultEffectType } from '../../../shared/fault-rules'
import { Field } from '../common/Field'
import type { RuleFieldsProps } from './RuleTextInput'

/** The paths the effect's fields show; headers also take the messages of each header below them. */
export function effectPaths(type: FaultEffectType): Array<[string, boolean]> {
  return [
    ['effect.type', false],
    ...FAULT_EFFECTS[type].fields.map((f): [string, boolean] => [`effect.${f.key}`, f.kind === 'headers']),
    ['effect', true],
  ]
}

const multiline = (f: EffectField) => f.kind === 'body' || f.kind === 'headers'

function EffectInput({ field: f, draft, errors, onChange }: RuleFieldsProps & { field: EffectField }) {
  const value = draft.params[f.key] ?? ''
  const set = (text: string) => onChange({ params: { ...draft.params, [f.key]: text } })
  return (
    <Field label={f.label} hint={f.hint} errors={errors[`effect.${f.key}`] ?? []}>
      {(p) =>
        multiline(f) ? (
          <textarea
            {...p}
            className="mono"
            rows={f.kind === 'body' ? 3 : 2}
            spellCheck={false}
            value={value}
            onChange={(ev) => set(ev.target.value)}
          />
        ) : (
          <input
            {...p}
            className={f.kind === 'code' ? 'mono' : undefined}
            inputMode={f.kind === 'number' ? 'numeric' : undefined}
            spellCheck={false}
            value={value}
            onChange={(ev) => set(ev.target.value)}
          />
        )
      }
    </Field>
  )
}

export function FaultEffectFields(props: RuleFieldsProps) {
  const { draft: d, errors, onChange } = props
  const definition = FAULT_EFFECTS[d.effect]
  return (
    <>
      <div className="field-row">
        <Field
          label="Effect"
          hint={definition.explains}
          errors={[...(errors['effect.type'] ?? []), ...(errors.effect ?? [])]}
        >
          {(p) => (
            <select {...p} value={d.effect} onChange={(ev) => onChange({ effect: ev.target.value as FaultEffectType })}>
              {FAULT_EFFECT_TYPES.map((t) => (
                <option key={t} value={t}>
                  {FAULT_EFFECTS[t].label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {definition.fields
          .filter((f) => !multiline(f))
          .map((f) => (
            <EffectInput key={f.key} {...props} field={f} />
          ))}
      </div>
      {definition.fields.filter(multiline).map((f) => (
        <EffectInput key={f.key} {...props} field={f} />
      ))}
    </>
  )
}
