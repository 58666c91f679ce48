// The words of the fault rules' schema (workspace-format.md "Faults"): every message is worded on the
// schema itself, so it reads the same by JSON path wherever the schema is embedded — the workspace
// file, the LabApi, the fault editor (`faults[0].trigger.times: must be an integer between 1 and 1000000`).
import { z } from 'zod'

export function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (typeof v === 'object') return 'an object'
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v === 'number' ? 'the number ' : ''}${v}`
  return typeof v
}

export const orList = (values: readonly string[]): string =>
  values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`

/** `required` when absent, else `expected <what>, got <what it is>`. */
export const expected =
  (what: string) =>
  (iss: { input?: unknown }): string =>
    iss.input === undefined ? 'required' : `expected ${what}, got ${describe(iss.input)}`

export const unknownKeys = (iss: { code?: string; keys?: string[]; input?: unknown }): string | undefined => {
  if (iss.code === 'unrecognized_keys' && iss.keys)
    return iss.keys.length === 1
      ? `unknown key ${JSON.stringify(iss.keys[0])}`
      : `unknown keys ${iss.keys.map((k) => JSON.stringify(k)).join(', ')}`
  if (iss.code === 'invalid_type') return expected('a JSON object')(iss)
  return undefined
}

/** A JSON object with exactly these keys; an unknown key is named in the message. */
export const object = <T extends z.core.$ZodLooseShape>(shape: T) => z.strictObject(shape, { error: unknownKeys })

export const intIn = (min: number, max: number) => {
  const range = `must be an integer between ${min} and ${max}`
  return z
    .number({ error: expected('an integer') })
    .int(range)
    .min(min, range)
    .max(max, range)
}

export const hasNoControlCharacter = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c === 0x7f) return false
  }
  return true
}

/** Text on one line (no CR, LF or other control character), 1 to `max` characters. */
export const line = (max: number, what = 'a string') =>
  z
    .string({ error: expected(what) })
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(hasNoControlCharacter, 'must be on one line, without control characters')

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, {
    error: (iss) =>
      typeof iss.input === 'string'
        ? `unknown ${what} ${JSON.stringify(iss.input)} (expected ${orList(values)})`
        : iss.input === undefined
          ? 'required'
          : `expected ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} (${orList(values)}), got ${describe(iss.input)}`,
  })
