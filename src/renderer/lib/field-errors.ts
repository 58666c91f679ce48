// LabError validation details come as `path: message` lines (e.g. `lockout.maxFailures: Too
// big`). Forms show each line next to the field it names, and the rest above the form.
import { z } from 'zod'
import { fileErrorMap } from '../../shared/fields'
import { LabError, labApiInputs, type LabInput, type LabMethod } from '../../shared/lab-api'

export type FieldErrors = Record<string, string[]>

export interface FormProblem {
  /** Shown above the form: the error's message and details that match no field. */
  general: string[]
  fields: FieldErrors
  /**
   * The schema's own words behind a message, by `path: message`: shown on demand beside the message
   * in the user's words (known only for the checks run here, before sending).
   */
  raw?: Readonly<Record<string, string>>
}

/** A message as a field shows it: in the user's words, and the schema's detail behind it. */
export interface FieldMessage {
  text: string
  detail?: string
}

export const NO_PROBLEM: FormProblem = { general: [], fields: {} }

export function hasProblem(problem: FormProblem): boolean {
  return problem.general.length > 0 || Object.keys(problem.fields).length > 0
}

function splitDetail(detail: string): [path: string, message: string] | null {
  const at = detail.indexOf(': ')
  if (at <= 0) return null
  const path = detail.slice(0, at)
  return path === '(input)' ? null : [path, detail.slice(at + 2)]
}

export function fieldErrorsFromDetails(details: readonly string[]): { fields: FieldErrors; rest: string[] } {
  const fields: FieldErrors = {}
  const rest: string[] = []
  for (const detail of details) {
    const split = splitDetail(detail)
    if (!split) {
      rest.push(detail)
      continue
    }
    const [path, message] = split
    ;(fields[path] ??= []).push(message)
  }
  return { fields, rest }
}

/**
 * Any thrown value as a problem to show; validation details are spread over the fields. A
 * conflict ("already exists") is about the form's key, so it goes next to that field.
 */
export function problemFromError(err: unknown, keyField?: string): FormProblem {
  if (err instanceof LabError && err.kind === 'conflict' && keyField) {
    return { general: [], fields: { [keyField]: [err.message] } }
  }
  if (err instanceof LabError) {
    const { fields, rest } = fieldErrorsFromDetails(err.details)
    const general = Object.keys(fields).length && err.kind === 'validation' ? rest : [err.message, ...rest]
    return { general, fields }
  }
  return { general: [err instanceof Error ? err.message : String(err)], fields: {} }
}

/** The messages for one field: its own path and anything below it (`grantTypes.0`, `lockout.x`). */
export function errorsFor(fields: FieldErrors, name: string): string[] {
  const out: string[] = []
  for (const [path, messages] of Object.entries(fields)) {
    if (path === name || path.startsWith(`${name}.`)) out.push(...messages)
  }
  return out
}

/**
 * The same zod schema the lab validates with, run before sending so the messages appear
 * without a round trip. The lab still validates: the renderer is untrusted.
 */
export function validateLabInput<M extends LabMethod>(method: M, input: LabInput<M>): FormProblem {
  // The input stays here, in memory: reportInput only lets zod's own words say what type it got.
  const parsed = labApiInputs[method].safeParse(input, { error: fileErrorMap, reportInput: true })
  if (parsed.success) return NO_PROBLEM
  const raw: Record<string, string> = {}
  const details = parsed.error.issues.map((i) => {
    const line = `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`
    const own = schemaWords(i)
    if (own && own !== i.message) raw[line] = own
    return line
  })
  const { fields, rest } = fieldErrorsFromDetails(details)
  return { general: rest, fields, raw }
}

const english = z.locales.en().localeError

/** zod's message for an issue, before the lab's wording replaced it: `Too small: expected string to have >=1 characters`. */
function schemaWords(issue: z.core.$ZodIssue): string | undefined {
  const said = english(issue as Parameters<typeof english>[0])
  const text = typeof said === 'string' ? said : said?.message
  return text ? `${issue.code}: ${text}` : undefined
}

export function mergeProblems(a: FormProblem, b: FormProblem): FormProblem {
  const fields: FieldErrors = { ...a.fields }
  for (const [k, v] of Object.entries(b.fields)) fields[k] = [...(fields[k] ?? []), ...v]
  const raw = { ...a.raw, ...b.raw }
  return { general: [...a.general, ...b.general], fields, ...(Object.keys(raw).length ? { raw } : {}) }
}

/** The messages for one field (and below it), each with the schema's detail when it is known. */
export function messagesFor(problem: FormProblem, name: string): FieldMessage[] {
  const out: FieldMessage[] = []
  for (const [path, messages] of Object.entries(problem.fields)) {
    if (path !== name && !path.startsWith(`${name}.`)) continue
    for (const text of messages) {
      const detail = problem.raw?.[`${path}: ${text}`]
      out.push(detail ? { text, detail } : { text })
    }
  }
  return out
}
