// A text field of a scenario step, with the messages the scenario schema reports at its path.
import { formatPath } from '../../../shared/scenarios/index'
import { Field } from '../common/Field'
import type { StepDraft } from './scenario-form'

export interface StepFieldsProps {
  step: StepDraft
  index: number
  onChange: (patch: Partial<StepDraft>) => void
  /** The messages at a path and below it. */
  errors: (path: string) => string[]
}

/** The path of a field of step `index`, as the schema reports it: `steps[0].request.endpoint`. */
export const pathIn =
  (index: number) =>
  (...rest: Array<string | number>): string =>
    formatPath(['steps', index, ...rest])

type TextKey = { [K in keyof StepDraft]: StepDraft[K] extends string ? K : never }[keyof StepDraft]

interface Props extends StepFieldsProps {
  name: TextKey
  /** Where the schema reports it, inside the step: `['expect', 'status']`. */
  at: Array<string | number>
  label: string
  hint?: string
  placeholder?: string
  className?: string
  /** Said under the field besides the schema's messages. */
  notes?: string[]
  multiline?: boolean
}

export function StepTextInput(props: Props) {
  const { step, index, onChange, errors, name, at, label, hint, placeholder, className, notes = [] } = props
  const set = (value: string) => onChange({ [name]: value })
  return (
    <Field label={label} hint={hint} className={className} errors={[...errors(pathIn(index)(...at)), ...notes]}>
      {(p) =>
        props.multiline ? (
          <textarea {...p} rows={3} value={step[name]} onChange={(e) => set(e.target.value)} />
        ) : (
          <input {...p} value={step[name]} placeholder={placeholder} onChange={(e) => set(e.target.value)} />
        )
      }
    </Field>
  )
}
