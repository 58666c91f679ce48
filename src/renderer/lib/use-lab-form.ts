// One way to write a form that calls the lab: the fields as a table (form-fields.ts), read into the
// LabApi input, checked with the lab's own schema before sending (so the messages come without a round
// trip, in the same words as an import), sent, and every message — the form's own, the schema's, the
// lab's refusal — put next to the field whose path it names. The lab still validates: the renderer is
// untrusted. The form element itself is FormFrame (components/common), which moves focus to the first
// message.
import { useCallback, useEffect, useState, type FormEvent } from 'react'
import type { LabInput, LabMethod } from '../../shared/lab-api'
import {
  hasProblem,
  mergeProblems,
  messagesFor,
  NO_PROBLEM,
  problemFromError,
  validateLabInput,
  type FieldMessage,
  type FormProblem,
} from './field-errors'
import { pathOf, readForm, type FormState, type FormTable } from './form-fields'

/** How long "Saved" stays, unless an edit clears it first. */
export const SAVED_NOTE_MS = 4000

export interface LabFormOptions<T extends FormTable, M extends LabMethod, R> {
  fields: T
  initial: () => FormState<T>
  /** The method whose schema judges the input (create or update). */
  method: M
  /** The read values → the input; by default, as read. */
  toInput?: (read: object, state: FormState<T>) => LabInput<M>
  send: (input: LabInput<M>) => Promise<R>
  /** Called after a successful send; a returned state replaces the form's (the lab's answer). */
  onSent?: (result: R, input: LabInput<M>) => FormState<T> | void
  /** The field of the form's key: a conflict ("exists already") goes next to it. */
  keyField?: string
}

export interface LabForm<T extends FormTable> {
  state: FormState<T>
  set(patch: Partial<FormState<T>>): void
  /** Replaces the whole state (a change that touches several fields at once). */
  reset(next: FormState<T>): void
  /** The messages of a field of the table (by its path) or of any path. */
  errors(keyOrPath: keyof T | string): FieldMessage[]
  problem: FormProblem
  /** Shows an error that came from elsewhere (a delete, a reset) on the form. */
  fail(err: unknown): void
  busy: boolean
  /** True from a successful send until the next edit or SAVED_NOTE_MS. */
  saved: boolean
  onSubmit(event?: FormEvent): void
}

function useSavedNote(): [boolean, (on: boolean) => void] {
  const [saved, setSaved] = useState(false)
  useEffect(() => {
    if (!saved) return
    const timer = setTimeout(() => setSaved(false), SAVED_NOTE_MS)
    return () => clearTimeout(timer)
  }, [saved])
  return [saved, setSaved]
}

export function useLabForm<T extends FormTable, M extends LabMethod, R>(options: LabFormOptions<T, M, R>): LabForm<T> {
  const { fields, method, keyField } = options
  const [state, setState] = useState(options.initial)
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM)
  const [busy, setBusy] = useState(false)
  const [saved, setSaved] = useSavedNote()

  const set = useCallback(
    (patch: Partial<FormState<T>>) => {
      setState((s) => ({ ...s, ...patch }))
      setSaved(false)
    },
    [setSaved],
  )

  async function submit() {
    const { toInput, send, onSent } = options
    const read = readForm(fields, state)
    const input = toInput ? toInput(read.input, state) : (read.input as LabInput<M>)
    const local: FormProblem = { general: [], fields: read.errors }
    // A field that could not be read has no value for the schema to judge: its own message is enough.
    const checked = mergeProblems(local, validateLabInput(method, input))
    const shown = placed(fields, hasProblem(local) ? dropUnread(checked, read.errors) : checked)
    setProblem(shown)
    setSaved(false)
    if (hasProblem(shown)) return
    setBusy(true)
    try {
      const result = await send(input)
      const next = onSent?.(result, input)
      if (next) setState(next)
      setSaved(true)
    } catch (err) {
      setProblem(placed(fields, problemFromError(err, keyField)))
    } finally {
      setBusy(false)
    }
  }

  return {
    state,
    set,
    reset: (next) => {
      setState(next)
      setSaved(false)
    },
    errors: (name) => messagesFor(problem, name in fields ? pathOf(fields, name as string) : (name as string)),
    problem,
    fail: (err) => setProblem(placed(fields, problemFromError(err))),
    busy,
    saved,
    onSubmit: (event) => {
      event?.preventDefault()
      void submit()
    },
  }
}

/** The schema's messages for a field that could not be read repeat its own (it was left out): drop them. */
function dropUnread(problem: FormProblem, unread: Record<string, string[]>): FormProblem {
  const fields = Object.fromEntries(
    Object.entries(problem.fields).map(([path, messages]) => [path, unread[path] ?? messages]),
  )
  return { ...problem, fields }
}

/** A message at a path no field of the form shows goes above the form, with its path: none is lost. */
function placed(table: FormTable, problem: FormProblem): FormProblem {
  const paths = Object.keys(table).map((key) => pathOf(table, key))
  const shows = (path: string) => paths.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`))
  const fields: FormProblem['fields'] = {}
  const general = [...problem.general]
  for (const [path, messages] of Object.entries(problem.fields)) {
    if (shows(path)) fields[path] = messages
    else general.push(...messages.map((m) => `${path}: ${m}`))
  }
  return { ...problem, general, fields }
}
