// A form's fields as a table: each entry says how a LabApi value is shown while it is edited (numbers
// as text, claims as JSON text) and how the edited text becomes the value again, and at which path of
// the LabApi input it goes (`lockout.maxFailures`). Adding a field to a form is one line in its table
// plus its input; the hook (use-lab-form.ts) does the rest: reading, checking, sending, messages.
import type { FieldErrors } from './field-errors'

/** What reading an edited field gives: its value, or what is wrong with it in the user's words. */
export type Read<V> = { value: V } | { error: string }

export interface FormField<S, V> {
  /** The edited form of a value. */
  show(value: V): S
  read(edited: S): Read<V>
  /** Where the value goes in the input, and where the lab's messages for it are reported (default: the key). */
  path?: string
}

// Methods are compared bivariantly, so every FormField<S, V> fits here.
export type FormTable = Readonly<Record<string, FormField<unknown, unknown>>>
/** The form as it is edited. */
export type FormState<T extends FormTable> = {
  -readonly [K in keyof T]: T[K] extends FormField<infer S, infer _V> ? S : never
}
/** The form's values, once read. */
export type FormValues<T extends FormTable> = {
  -readonly [K in keyof T]: T[K] extends FormField<infer _S, infer V> ? V : never
}

const same = <V>(): FormField<V, V> => ({ show: (v) => v, read: (v) => ({ value: v }) })

/** Text as typed (a select, a checkbox and a list of checkboxes are the same). */
export const asIs = <V = string>(path?: string): FormField<V, V> => ({ ...same<V>(), ...(path ? { path } : {}) })

/** '' means null (e.g. "from settings"). */
export const orNull = <V extends string>(path?: string): FormField<V | '', V | null> => ({
  show: (v) => v ?? '',
  read: (s) => ({ value: s === '' ? null : s }),
  ...(path ? { path } : {}),
})

/** Trimmed text; '' means null. */
export const trimmedOrNull = (path?: string): FormField<string, string | null> => ({
  show: (v) => v ?? '',
  read: (s) => ({ value: s.trim() || null }),
  ...(path ? { path } : {}),
})

interface WholeNumberOptions {
  path?: string
  /** Empty means null, said as `emptyMeans` ("use the settings"). */
  emptyMeans?: string
  /** A value that fits, for the message: "a whole number, e.g. 300". */
  example: string
  unit?: string
}

/** Digits only: the range is the schema's to judge, with the same words as an import. */
export function wholeNumber(o: WholeNumberOptions & { emptyMeans: string }): FormField<string, number | null>
export function wholeNumber(o: WholeNumberOptions): FormField<string, number>
export function wholeNumber(o: WholeNumberOptions): FormField<string, number | null> {
  const what = `a whole number${o.unit ? ` of ${o.unit}` : ''}, e.g. ${o.example}`
  return {
    show: (v) => (v === null ? '' : String(v)),
    read: (s) => {
      const t = s.trim()
      if (t === '' && o.emptyMeans) return { value: null }
      if (!/^\d+$/.test(t)) return { error: `must be ${what}${o.emptyMeans ? `, or empty to ${o.emptyMeans}` : ''}` }
      return { value: Number(t) }
    },
    ...(o.path ? { path: o.path } : {}),
  }
}

/** A JSON object typed as text (claims): merged into JWTs, so an array or a number is refused. */
export const jsonObject = (example: string): FormField<string, Record<string, unknown>> => ({
  show: (v) => JSON.stringify(v, null, 2),
  read: (s) => {
    if (!s.trim()) return { value: {} }
    try {
      const value: unknown = JSON.parse(s)
      if (typeof value === 'object' && value !== null && !Array.isArray(value))
        return { value: value as Record<string, unknown> }
      return { error: `must be a JSON object, e.g. ${example}` }
    } catch (err) {
      return { error: `is not valid JSON (${err instanceof Error ? err.message : String(err)}), e.g. ${example}` }
    }
  },
})

export const pathOf = (table: FormTable, key: string): string => table[key]?.path ?? key

/** Trimmed text. */
export const trimmed = (path?: string): FormField<string, string> => ({
  show: (v) => v,
  read: (s) => ({ value: s.trim() }),
  ...(path ? { path } : {}),
})

/** A list edited one item per line: lines trimmed, empty lines dropped (the schema judges each item). */
export const lines = (path?: string): FormField<string, string[]> => ({
  show: (v) => v.join('\n'),
  read: (s) => ({
    value: s
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
  }),
  ...(path ? { path } : {}),
})

/** The value at a dotted path of an object, as the lab returns it. */
function getAt(source: object, path: string): unknown {
  let at: unknown = source
  for (const k of path.split('.'))
    at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[k] : undefined
  return at
}

/**
 * The form showing a record as the lab returns it (a client, the settings): each field takes the
 * value at its path. A record typed by `FormValues` works as well.
 */
export function showForm<T extends FormTable>(table: T, source: FormValues<T> | object): FormState<T> {
  const out: Record<string, unknown> = {}
  for (const [key, f] of Object.entries(table)) out[key] = f.show(getAt(source, pathOf(table, key)))
  return out as FormState<T>
}

/** Puts `value` at a dotted path: `lockout.maxFailures` → `{ lockout: { maxFailures } }`. */
function putAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.')
  let at = target
  for (const k of keys.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>
  at[keys[keys.length - 1]!] = value
}

/**
 * The form read into the shape of the LabApi input (each value at its path), and the fields that
 * could not be read, by path.
 */
export function readForm<T extends FormTable>(table: T, state: FormState<T>): { input: object; errors: FieldErrors } {
  const input: Record<string, unknown> = {}
  const errors: FieldErrors = {}
  for (const [key, f] of Object.entries(table)) {
    const read = f.read((state as Record<string, unknown>)[key])
    if ('error' in read) errors[pathOf(table, key)] = [read.error]
    else putAt(input, pathOf(table, key), read.value)
  }
  return { input, errors }
}
