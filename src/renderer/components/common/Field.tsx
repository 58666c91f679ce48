// A visible label, the control, and the validation messages right under it (announced and
// linked with aria-describedby so a screen reader reads them with the field).
import { useId, type ReactNode } from 'react'

export interface ControlProps {
  id: string
  'aria-invalid'?: boolean
  'aria-describedby'?: string
}

interface FieldProps {
  label: ReactNode
  errors?: readonly string[]
  hint?: ReactNode
  className?: string
  children: (control: ControlProps) => ReactNode
}

export function Field({ label, errors = [], hint, className, children }: FieldProps) {
  const id = useId()
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
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </div>
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
