// Field tables: each field of the workspace defined once — its zod type with range and message, its
// default, and whether it is a desktop-app preference — and the rules that derive from one table both
// the LabApi inputs (lab-api.ts) and the sections of the workspace file (workspace-schema.ts).
// The tables themselves are in settings-fields.ts, client-fields.ts, user-fields.ts and scope-fields.ts.
import { z } from 'zod'

// ---- the table -------------------------------------------------------------------------------------

/** A default; a function receives the fields above it in the table, already resolved. */
export type FieldDefault<T> = T | ((above: Readonly<Record<string, unknown>>) => T)

export interface Field<S extends z.ZodType = z.ZodType, Pref extends boolean = boolean> {
  readonly kind: 'field'
  readonly schema: S
  /** The value when a workspace file (or a create call) leaves the field out. */
  readonly default: FieldDefault<z.output<S>>
  /**
   * A preference of the desktop app rather than of the workspace: present in a parsed file only when
   * the file sets it, so an import that leaves it out keeps the current value.
   */
  readonly desktopPref: Pref
}

/** Fields that travel as one JSON object (`lockout`). */
export interface FieldGroup<T extends FieldTable = FieldTable> {
  readonly kind: 'group'
  readonly fields: T
}

export type FieldTable = { readonly [key: string]: Field | FieldGroup }

export function field<S extends z.ZodType>(schema: S, dflt: FieldDefault<z.output<S>>): Field<S, false> {
  return { kind: 'field', schema, default: dflt, desktopPref: false }
}

export function desktopPref<S extends z.ZodType>(schema: S, dflt: z.output<S>): Field<S, true> {
  return { kind: 'field', schema, default: dflt, desktopPref: true }
}

export function group<const T extends FieldTable>(fields: T): FieldGroup<T> {
  return { kind: 'group', fields }
}

// ---- the types a table gives -------------------------------------------------------------------------

/** Every value, defaults applied. */
export type FieldValues<T extends FieldTable> = {
  -readonly [K in keyof T]: T[K] extends Field<infer S>
    ? z.output<S>
    : T[K] extends FieldGroup<infer G>
      ? FieldValues<G>
      : never
}

export type DesktopPrefKey<T extends FieldTable> = {
  [K in keyof T]: T[K] extends Field<z.ZodType, true> ? K : never
}[keyof T]

/** As read from a workspace file: every default applied but the desktop preferences, present only when set. */
export type FileFieldValues<T extends FieldTable> = Omit<FieldValues<T>, DesktopPrefKey<T>> &
  Partial<Pick<FieldValues<T>, DesktopPrefKey<T>>>

/** What may be given: any key may be absent, at every level. */
export type FieldInput<T extends FieldTable> = {
  -readonly [K in keyof T]?: T[K] extends Field<infer S>
    ? z.output<S>
    : T[K] extends FieldGroup<infer G>
      ? FieldInput<G>
      : never
}

// ---- zod shapes derived from a table -----------------------------------------------------------------

type RequiredShape<T extends FieldTable> = {
  -readonly [K in keyof T]: T[K] extends Field<infer S>
    ? S
    : T[K] extends FieldGroup<infer G>
      ? z.ZodObject<RequiredShape<G>, z.core.$strict>
      : never
}

export type PatchShape<T extends FieldTable> = {
  -readonly [K in keyof T]: T[K] extends Field<infer S>
    ? z.ZodOptional<S>
    : T[K] extends FieldGroup<infer G>
      ? z.ZodOptional<z.ZodObject<RequiredShape<G>, z.core.$strict>>
      : never
}

export type FileShape<T extends FieldTable> = {
  -readonly [K in keyof T]: T[K] extends Field<infer S>
    ? z.ZodOptional<S>
    : T[K] extends FieldGroup<infer G>
      ? z.ZodOptional<z.ZodObject<FileShape<G>, z.core.$strict>>
      : never
}

export type DefaultedShape<T extends FieldTable> = {
  -readonly [K in keyof T]: T[K] extends Field<infer S> ? z.ZodDefault<S> : never
}

function requiredShape<T extends FieldTable>(table: T): RequiredShape<T> {
  const shape: Record<string, z.ZodType> = {}
  for (const [key, entry] of Object.entries(table))
    shape[key] = entry.kind === 'field' ? entry.schema : z.strictObject(requiredShape(entry.fields))
  return shape as RequiredShape<T>
}

/**
 * A LabApi update: every key optional; a group, when given, is given whole (it replaces the stored
 * object, so a half object would leave holes).
 */
export function patchShape<T extends FieldTable>(table: T): PatchShape<T> {
  const shape: Record<string, z.ZodType> = {}
  for (const [key, entry] of Object.entries(table))
    shape[key] = (entry.kind === 'field' ? entry.schema : z.strictObject(requiredShape(entry.fields))).optional()
  return shape as PatchShape<T>
}

/** A section of the workspace file: every key optional at every level; withFileDefaults fills them in. */
export function fileShape<T extends FieldTable>(table: T): FileShape<T> {
  const shape: Record<string, z.ZodType> = {}
  for (const [key, entry] of Object.entries(table))
    shape[key] = (entry.kind === 'field' ? entry.schema : z.strictObject(fileShape(entry.fields))).optional()
  return shape as FileShape<T>
}

/** A LabApi create whose handler takes the parsed input as it is: zod applies the defaults. */
export function defaultedShape<T extends FieldTable>(table: T): DefaultedShape<T> {
  const shape: Record<string, z.ZodType> = {}
  for (const [key, entry] of Object.entries(table)) {
    if (entry.kind !== 'field' || typeof entry.default === 'function')
      throw new Error(`defaultedShape: "${key}" needs a constant default`)
    const value = entry.default
    shape[key] = entry.schema.default(() => copy(value))
  }
  return shape as DefaultedShape<T>
}

// ---- defaults ----------------------------------------------------------------------------------------

/** Arrays and objects are copied, so no two records share a default. */
function copy<T>(value: T): T {
  return value !== null && typeof value === 'object' ? structuredClone(value) : value
}

function fill(table: FieldTable, given: Readonly<Record<string, unknown>>, keepPrefsAbsent: boolean) {
  const out: Record<string, unknown> = {}
  for (const [key, entry] of Object.entries(table)) {
    const value = given[key]
    if (entry.kind === 'group') {
      const inner = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {}
      out[key] = fill(entry.fields, inner, keepPrefsAbsent)
    } else if (value !== undefined) out[key] = value
    else if (keepPrefsAbsent && entry.desktopPref) continue
    else out[key] = typeof entry.default === 'function' ? entry.default(out) : copy(entry.default)
  }
  return out
}

/** One field's default; `above` holds the fields above it in the table (a default may depend on them). */
export function fieldDefault<T extends FieldTable, K extends keyof T & string>(
  table: T,
  key: K,
  above: object = {},
): FieldValues<T>[K] {
  const entry = table[key]
  if (!entry) throw new Error(`no field "${key}"`)
  const value = entry.kind === 'group' ? fill(entry.fields, {}, false) : entry.default
  return (typeof value === 'function' ? value(above as Record<string, unknown>) : copy(value)) as FieldValues<T>[K]
}

/** Every field: the given value, or its default. */
export function withDefaults<T extends FieldTable>(table: T, given: FieldInput<T>): FieldValues<T> {
  return fill(table, given, false) as FieldValues<T>
}

/** As withDefaults, but a desktop preference stays absent unless given. */
export function withFileDefaults<T extends FieldTable>(table: T, given: FieldInput<T>): FileFieldValues<T> {
  return fill(table, given, true) as FileFieldValues<T>
}

// ---- value types shared by the tables ----------------------------------------------------------------

/** An integer in [min, max], said the same way whatever is wrong with it. */
export const intIn = (min: number, max: number) =>
  z
    .number()
    .int(`must be an integer between ${min} and ${max}`)
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`)

/** A string of min to max characters, said in the words of a workspace problem. */
export const text = (min: number, max: number) =>
  z
    .string()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)

/** Seconds; a year at most. */
export const ttl = intIn(1, 31_536_000)

/** A value of a closed list, named in the message: `unknown grant type "pasword" (expected password or refresh_token)`. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, {
    error: (iss) =>
      typeof iss.input === 'string'
        ? `unknown ${what} ${JSON.stringify(iss.input)} (expected ${orList(values)})`
        : `expected ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} (${orList(values)}), got ${describeValue(iss.input)}`,
  })

/** A list of at least one value of a closed list. */
export const listOf = <const T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.array(oneOf(values, what)).min(1, `must list at least one ${what}`)

const printableAscii = /^[\x20-\x7e]+$/
const noCrLf = /^[^\r\n]+$/

/**
 * One line of text, 1 to `max` characters, that must also match `pattern`. An empty value gets one
 * message ("must not be empty"), not that and the pattern's: the first complaint is the one to fix.
 * Each message ends with an example of a value that fits.
 */
const wordedText = (max: number, example: string, pattern: RegExp, rule: string) =>
  z
    .string()
    .min(1, { error: `must not be empty, e.g. ${example}`, abort: true })
    .max(max, `must be at most ${max} characters`)
    .regex(pattern, `${rule}, e.g. ${example}`)

export const scopeName = z
  .string()
  .min(1, { error: 'must not be empty, e.g. read', abort: true })
  .regex(
    /^[\x21\x23-\x5b\x5d-\x7e]+$/,
    'a scope token is printable ASCII without space, " or \\ (RFC 6749 §3.3), e.g. read',
  )
// RFC 6749 Appendix A: client_id and client_secret are VSCHAR (printable ASCII); username and password
// are any Unicode but CR and LF.
export const clientIdSchema = wordedText(200, 'my-app', printableAscii, 'printable ASCII only (RFC 6749 Appendix A)')
export const usernameSchema = wordedText(200, 'alice', noCrLf, 'no CR or LF (RFC 6749 Appendix A)')
export const passwordSchema = wordedText(500, 'a passphrase on one line', noCrLf, 'no CR or LF (RFC 6749 Appendix A)')
export const secretSchema = wordedText(
  500,
  'letters, digits and -._~',
  printableAscii,
  'printable ASCII only (RFC 6749 Appendix A)',
)

// ---- wording -----------------------------------------------------------------------------------------

export function orList(values: readonly string[]): string {
  return values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`
}

/** A value as a message names it: `the string "3600"`, `an array`. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (typeof v === 'object') return 'an object'
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`
  if (typeof v === 'number') return `the number ${v}`
  if (typeof v === 'boolean') return String(v)
  return typeof v
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'a JSON object',
  record: 'a JSON object',
  array: 'an array',
}

/**
 * Messages for the issues no schema words itself (zod's defaults are written for developers): one
 * wording for every file the lab reads — workspace files and scenario files alike.
 */
export const fileErrorMap: z.core.$ZodErrorMap = (iss) => {
  const unit = (n: number | bigint) => (iss.origin === 'string' ? `${n} character${n === 1 ? '' : 's'}` : `${n}`)
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return 'required'
      if (iss.expected === 'int') return 'must be an integer'
      return `expected ${EXPECTED[iss.expected] ?? iss.expected}, got ${describeValue(iss.input)}`
    case 'too_small':
      if (Number(iss.minimum) === 1 && iss.origin !== 'number') return 'must not be empty'
      return `must be at least ${unit(iss.minimum)}`
    case 'too_big':
      return iss.origin === 'array'
        ? `must have at most ${iss.maximum} entries`
        : `must be at most ${unit(iss.maximum)}`
    default:
      return undefined
  }
}
