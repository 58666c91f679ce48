// The inputs of a form written with useLabForm: each names its field, and gets its value, its change
// and its messages from the form, so a field is one line in the table plus one of these.
import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from 'react'
import type { FormState, FormTable } from '../../lib/form-fields'
import type { LabForm } from '../../lib/use-lab-form'
import { Checkbox, Field, ProblemList } from './Field'

type KeysOf<T extends FormTable, V> = { [K in keyof T]: FormState<T>[K] extends V ? K : never }[keyof T] & string

interface Common<T extends FormTable, V> {
  form: LabForm<T>
  name: KeysOf<T, V>
  label: ReactNode
  hint?: ReactNode
  /** On the field's wrapper (`grow`). */
  fieldClass?: string
}

const patch = <T extends FormTable>(name: string, value: unknown) => ({ [name]: value }) as Partial<FormState<T>>

type NativeInput = Omit<InputHTMLAttributes<HTMLInputElement>, 'form' | 'name' | 'value' | 'onChange'>

export function TextInput<T extends FormTable>(props: Common<T, string> & NativeInput) {
  const { form, name, label, hint, fieldClass, ...native } = props
  return (
    <Field label={label} hint={hint} errors={form.errors(name)} className={fieldClass}>
      {(p) => (
        <input
          {...native}
          {...p}
          value={form.state[name] as string}
          onChange={(e) => form.set(patch<T>(name, e.target.value))}
        />
      )}
    </Field>
  )
}

type NativeTextarea = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'form' | 'name' | 'value' | 'onChange'>

export function TextArea<T extends FormTable>(props: Common<T, string> & NativeTextarea) {
  const { form, name, label, hint, fieldClass, ...native } = props
  return (
    <Field label={label} hint={hint} errors={form.errors(name)} className={fieldClass}>
      {(p) => (
        <textarea
          {...native}
          {...p}
          value={form.state[name] as string}
          onChange={(e) => form.set(patch<T>(name, e.target.value))}
        />
      )}
    </Field>
  )
}

export interface Option {
  value: string
  label: string
}

export function Select<T extends FormTable>(props: Common<T, string> & { options: readonly Option[] }) {
  const { form, name, label, hint, fieldClass, options } = props
  return (
    <Field label={label} hint={hint} errors={form.errors(name)} className={fieldClass}>
      {(p) => (
        <select {...p} value={form.state[name] as string} onChange={(e) => form.set(patch<T>(name, e.target.value))}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}

export function Flag<T extends FormTable>(props: Common<T, boolean> & { asSwitch?: boolean; disabled?: boolean }) {
  const { form, name, label, hint, asSwitch, disabled } = props
  return (
    <Checkbox
      label={label}
      hint={hint}
      asSwitch={asSwitch}
      disabled={disabled}
      checked={form.state[name] as boolean}
      onChange={(on) => form.set(patch<T>(name, on))}
    />
  )
}

/** A list of choices as checkboxes in a fieldset (`children` after them), its messages under them. */
export function Checklist<T extends FormTable>(
  props: Omit<Common<T, string[]>, 'hint' | 'fieldClass'> & {
    options: readonly Option[]
    disabled?: (value: string) => boolean
    children?: ReactNode
  },
) {
  const { form, name, label, options, disabled, children } = props
  const chosen = form.state[name] as string[]
  const toggle = (value: string, on: boolean) =>
    form.set(patch<T>(name, on ? [...chosen.filter((v) => v !== value), value] : chosen.filter((v) => v !== value)))
  return (
    <fieldset>
      <legend>{label}</legend>
      {options.map((o) => (
        <Checkbox
          key={o.value}
          label={o.label}
          checked={chosen.includes(o.value)}
          disabled={disabled?.(o.value)}
          onChange={(on) => toggle(o.value, on)}
        />
      ))}
      {children}
      <ProblemList problems={form.errors(name).map((m) => m.text)} />
    </fieldset>
  )
}
