// A visible label, the control, and the validation messages right under it (announced and
// linked with aria-describedby so a screen reader reads them with the field).
import { useId, type ReactNode } from 'react'
import type { FieldMessage } from '../../lib/field-errors'

export interface ControlProps {
  id: string
  'aria-invalid'?: boolean
  'aria-describedby'?: string
}

interface FieldProps {
  label: ReactNode
  /** In the user's words; a message's `detail` (the schema's own words) is shown on demand below. */
  errors?: readonly (string | FieldMessage)[]
  hint?: ReactNode
  className?: string
  children: (control: ControlProps) => ReactNode
}

export function Field({ label, errors: given = [], hint, className, children }: FieldProps) {
  const id = useId()
  const errors = given.map((e) => (typeof e === 'string' ? { text: e } : e))
  const hintId = `${id}-hint`
  const errorId = `${id}-errors`
  const describedBy = [hint ? hintId : '', errors.length ? errorId : ''].filter(Boolean).join(' ')
  return (
    <div className={`field${errors.length ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(errors.length ? { 'aria-invalid': true } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {hint ? (
        <small id={hintId} className="field-hint">
          {hint}
        </small>
      ) : null}
      {errors.length ? (
        <ul id={errorId} className="field-errors" role="alert">
          {errors.map((e) => (
            <li key={e.text}>{e.text}</li>
          ))}
        </ul>
      ) : null}
      <SchemaDetails details={errors.flatMap((e) => (e.detail ? [e.detail] : []))} />
    </div>
  )
}

/**
 * What the schema said, word for word, for whoever wants it (a bug report, a developer): kept out of
 * the field's description so a screen reader reads the user's words only.
 */
function SchemaDetails({ details }: { details: readonly string[] }) {
  if (!details.length) return null
  return (
    <details className="field-error-detail">
      <summary>Schema detail</summary>
      <ul>
        {details.map((d) => (
          <li key={d}>
            <code>{d}</code>
          </li>
        ))}
      </ul>
    </details>
  )
}

interface CheckboxProps {
  label: ReactNode
  checked: boolean
  onChange: (checked: boolean) => void
  disabled?: boolean
  /** role="switch" for an on/off setting rather than a choice in a list. */
  asSwitch?: boolean
  hint?: ReactNode
}

export function Checkbox({ label, checked, onChange, disabled, asSwitch, hint }: CheckboxProps) {
  const id = useId()
  return (
    <div className="checkbox">
      <input
        id={id}
        type="checkbox"
        role={asSwitch ? 'switch' : undefined}
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <small id={`${id}-hint`} className="field-hint">
          {hint}
        </small>
      ) : null}
    </div>
  )
}

export function ProblemList({ problems, title }: { problems: readonly string[]; title?: string }) {
  if (!problems.length) return null
  return (
    <div className="problem" role="alert">
      {title ? <strong>{title}</strong> : null}
      <ul>
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  )
}
