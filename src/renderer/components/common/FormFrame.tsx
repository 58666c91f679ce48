// The <form> of a form written with useLabForm: its messages that match no field on top, and focus
// moved to the first message after a refused submit.
import { useRef, type ReactNode } from 'react'
import type { FormTable } from '../../lib/form-fields'
import type { LabForm } from '../../lib/use-lab-form'
import { useFocusFirstProblem } from '../../lib/use-focus-problem'
import { ProblemList } from './Field'

interface FormFrameProps<T extends FormTable> {
  form: LabForm<T>
  label: string
  className?: string
  /** Above the form's own messages. */
  heading?: ReactNode
  children: ReactNode
}

export function FormFrame<T extends FormTable>({
  form,
  label,
  className = 'entity-form',
  heading,
  children,
}: FormFrameProps<T>) {
  const ref = useRef<HTMLFormElement>(null)
  useFocusFirstProblem(ref, form.problem)
  return (
    <form ref={ref} className={className} aria-label={label} onSubmit={form.onSubmit}>
      {heading}
      <ProblemList problems={form.problem.general} />
      {children}
    </form>
  )
}
