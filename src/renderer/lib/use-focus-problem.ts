import { useEffect, type RefObject } from 'react'
import { hasProblem, type FormProblem } from './field-errors'

/**
 * After a refused submit, move focus to the first field in error (or the form's message), so
 * the person at the bottom of a long form sees what to fix and a screen reader reads it.
 */
export function useFocusFirstProblem(formRef: RefObject<HTMLFormElement | null>, problem: FormProblem): void {
  useEffect(() => {
    if (!hasProblem(problem)) return
    const form = formRef.current
    const target =
      form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>('.problem')
    if (!target) return
    if (!target.hasAttribute('tabindex') && !/^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(target.tagName))
      target.tabIndex = -1
    target.focus()
    target.scrollIntoView?.({ block: 'center' })
  }, [formRef, problem])
}
