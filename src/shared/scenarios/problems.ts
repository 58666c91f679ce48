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

// The wording of a file's problems is one for every file the lab reads (fields.ts).
export { describeValue, fileErrorMap as scenarioErrorMap, orList } from '../fields'

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
