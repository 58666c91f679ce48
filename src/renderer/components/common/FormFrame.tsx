// The <form> of a form written with useLabForm: its messages that match no field on top, and focus
// moved to the first message after a refused submit.
import { useRef, type FormEvent, type ReactNode } from 'react'
import type { FormProblem } from '../../lib/field-errors'
import { useFocusFirstProblem } from '../../lib/use-focus-problem'
import { ProblemList } from './Field'

interface FormFrameProps {
  /** A LabForm, or any form with the same problem and submit. */
  form: { problem: FormProblem; onSubmit(event?: FormEvent): void }
  /** The problem whose first message takes the focus (default: the form's, after each submit). */
  focusOn?: FormProblem
  label: string
  className?: string
  /** Above the form's own messages. */
  heading?: ReactNode
  /** Said above the form's own messages ("Not saved"). */
  problemsTitle?: string
  children: ReactNode
}

export function FormFrame({
  form,
  label,
  className = 'entity-form',
  heading,
  problemsTitle,
  focusOn,
  children,
}: FormFrameProps) {
  const ref = useRef<HTMLFormElement>(null)
  useFocusFirstProblem(ref, focusOn ?? form.problem)
  return (
    <form ref={ref} className={className} aria-label={label} noValidate onSubmit={form.onSubmit}>
      {heading}
      <ProblemList problems={form.problem.general} title={problemsTitle} />
      {children}
    </form>
  )
}
