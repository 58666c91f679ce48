// `{{name}}` variables (scenarios-format.md "Variables"): where a file uses them, what they stand for,
// and which are used but never defined — a validation error reported before any request is sent.
import { escapeRegex, regexLiteral } from './regex'
import type { Problem, ProblemPath } from './problems'

/** A variable name: a letter or `_`, then letters, digits, `_`, `.` or `-` (as hurl and Postman allow). */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/
/** `{{ name }}`; spaces inside the braces are allowed, braces are not. */
const REFERENCE = /\{\{\s*([^{}]*?)\s*\}\}/g

/** The names of the target's credentials, in the order the CLI flags and the UI list them. */
export const CREDENTIAL_VARIABLES = ['clientId', 'clientSecret', 'username', 'password', 'scope'] as const

export interface VariableReference {
  /** Where the reference is: the string value, or the key itself. */
  path: ProblemPath
  name: string
  /** The text as written, e.g. `{{ rt }}`. */
  text: string
}

export function referencesIn(text: string): Array<{ name: string; text: string }> {
  return [...text.matchAll(REFERENCE)].map((m) => ({ name: m[1]!, text: m[0] }))
}

/** Every reference in a JSON value, in keys and in string values. */
export function collectReferences(value: unknown, path: ProblemPath = []): VariableReference[] {
  if (typeof value === 'string') return referencesIn(value).map((r) => ({ path, ...r }))
  if (Array.isArray(value)) return value.flatMap((v, i) => collectReferences(v, [...path, i]))
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => [
      ...referencesIn(k).map((r) => ({ path: [...path, k], ...r })),
      ...collectReferences(v, [...path, k]),
    ])
  }
  return []
}

export type VariableLookup = (name: string) => string | undefined

/**
 * Replaces each `{{name}}` the lookup knows. In a `/regex/` the value stands for itself: it is escaped,
 * so a captured token with `.` or `+` in it matches only itself.
 */
export function substituteString(text: string, lookup: VariableLookup, asRegex = false): string {
  const inRegex = asRegex && regexLiteral(text) !== null
  return text.replace(REFERENCE, (whole, name: string) => {
    const value = lookup(name)
    if (value === undefined) return whole
    return inRegex ? escapeRegex(value) : value
  })
}

/** Substitutes in every key and string value of a JSON value; `regex`: strings may be `/regex/flags`. */
export function substituteDeep<T>(value: T, lookup: VariableLookup, regex = false): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return substituteString(v, lookup, regex)
    if (Array.isArray(v)) return v.map(walk)
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [substituteString(k, lookup), walk(x)]))
    }
    return v
  }
  return walk(value) as T
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])

/** The variables a step uses, in its request and its expectations. */
export function variablesUsedBy(step: { request?: unknown; expect?: unknown }): Set<string> {
  const refs = [...collectReferences(step.request), ...collectReferences(step.expect ?? {})]
  return new Set(refs.map((r) => r.name))
}

const CREDENTIAL_FLAGS: Record<string, string> = {
  clientId: '--client-id',
  clientSecret: '--client-secret',
  username: '--username',
  password: '--password',
  scope: '--scope',
}

function undefinedMessage(ref: VariableReference, capturedBy: { index: number; name: string } | null): string {
  if (capturedBy) {
    return (
      `${ref.text} is captured only by step ${capturedBy.index + 1} (${JSON.stringify(capturedBy.name)}); ` +
      'a capture is available to the steps after the one that makes it'
    )
  }
  const flag = CREDENTIAL_FLAGS[ref.name]
  const ways = [
    ...(flag ? [`give the target's ${ref.name} (${flag}, or in the UI)`] : []),
    `define it in the file's "variables"`,
    `pass --var ${ref.name}=VALUE`,
    'capture it in an earlier step of this scenario',
  ]
  return `${ref.text} is not defined: ${ways.slice(0, -1).join(', ')} or ${ways[ways.length - 1]}`
}

/**
 * Every `{{variable}}` used but never defined, and every `{{…}}` that is not a variable name.
 * `defined`: the names from the file's variables, the target's credentials and --var; each scenario
 * adds the captures of its earlier steps. `base`: the path of the list (`["scenarios"]` in a file).
 * Reads the raw input as far as it has the expected shape, so it reports alongside structure problems.
 */
export function checkScenarioVariables(
  scenarios: unknown,
  defined: Iterable<string>,
  base: ProblemPath = ['scenarios'],
): Problem[] {
  const global = new Set(defined)
  const problems: Problem[] = []
  list(scenarios).forEach((scenario, i) => {
    if (!isRecord(scenario)) return
    const steps = list(scenario.steps).map((s) => (isRecord(s) ? s : {}))
    const captures = (s: Record<string, unknown>) => (isRecord(s.capture) ? Object.keys(s.capture) : [])
    const available = new Set(global)
    steps.forEach((step, j) => {
      const at = (...rest: ProblemPath): ProblemPath => [...base, i, 'steps', j, ...rest]
      const refs = [
        ...collectReferences(step.request, at('request')),
        ...collectReferences(step.expect ?? {}, at('expect')),
      ]
      for (const ref of refs) {
        if (!VARIABLE_NAME.test(ref.name)) {
          problems.push({
            path: ref.path,
            message: `${ref.text} is not a variable: a name starts with a letter or _ and has only letters, digits, _, . or -`,
          })
        } else if (!available.has(ref.name)) {
          const by = steps.findIndex((s, k) => k >= j && captures(s).includes(ref.name))
          const name = by === -1 ? '' : String(steps[by]!.name ?? '')
          problems.push({ path: ref.path, message: undefinedMessage(ref, by === -1 ? null : { index: by, name }) })
        }
      }
      for (const name of captures(step)) available.add(name)
    })
  })
  return problems
}
