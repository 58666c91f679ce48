// Problems of a scenario file, each said by JSON path (`scenarios[0].steps[2].expect.status: …`), the way
// workspace-schema.ts says those of a workspace file: one line per problem, in plain words, so a
// bad file can be refused whole with everything that is wrong in it.
import type { z } from 'zod'

export type ProblemPath = readonly PropertyKey[]
export interface Problem {
  path: ProblemPath
  message: string
}

/** `scenarios[0].steps[2].request.params.scope`; keys that are not identifiers are quoted: `headers["x-a b"]`. */
export function formatPath(path: ProblemPath): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else if (typeof seg === 'string' && /^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg
    else out += `[${JSON.stringify(String(seg))}]`
  }
  return out || '(root)'
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (typeof v === 'object') return 'an object'
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`
  if (typeof v === 'number') return `the number ${v}`
  if (typeof v === 'boolean') return String(v)
  return typeof v
}

export function orList(values: readonly string[]): string {
  return values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'a JSON object',
  record: 'a JSON object',
  array: 'an array',
}

/** Messages for the issues no schema words itself (zod's defaults are written for developers). */
export const scenarioErrorMap: z.core.$ZodErrorMap = (iss) => {
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

/** zod issues as problems: one per unknown key and per custom check, otherwise the first complaint about a value. */
export function issuesToProblems(issues: readonly z.core.$ZodIssue[], base: ProblemPath = []): Problem[] {
  const problems: Problem[] = []
  const seen = new Set<string>()
  for (const iss of issues) {
    const path = [...base, ...iss.path]
    if (iss.code === 'unrecognized_keys') {
      for (const key of iss.keys) problems.push({ path, message: `unknown key ${JSON.stringify(key)}` })
    } else {
      // Custom checks (a bad key, a rule between keys) each say something of their own.
      const key = iss.code === 'custom' ? `${formatPath(path)}\n${iss.message}` : formatPath(path)
      if (seen.has(key)) continue
      seen.add(key)
      problems.push({ path, message: iss.message })
    }
  }
  return problems
}

/** In file order: by scenario, then by step; stable within one step. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const key = (p: ProblemPath): number[] => p.filter((s): s is number => typeof s === 'number').slice(0, 2)
  return problems
    .map((p, order) => ({ p, k: key(p.path), order }))
    .sort((a, b) => (a.k[0] ?? -1) - (b.k[0] ?? -1) || (a.k[1] ?? -1) - (b.k[1] ?? -1) || a.order - b.order)
    .map(({ p }) => p)
}

export function problemLines(problems: readonly Problem[]): string[] {
  return [...new Set(problems.map((p) => `${formatPath(p.path)}: ${p.message}`))]
}
