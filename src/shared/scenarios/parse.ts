// Entry points: a scenario file, or the scenarios of a workspace file, validated whole — structure and
// every `{{variable}}` used but never defined — so a bad file is refused before any request is sent.
import {
  issuesToProblems,
  problemLines,
  scenarioErrorMap,
  sortProblems,
  describeValue,
  type Problem,
  type ProblemPath,
} from './problems'
import { scenarioFileSchema, scenarioListSchema, SCENARIO_FILE_VERSION, type Scenario } from './schema'
import { checkScenarioVariables } from './variables'
import { inputShapeMessage } from '../json-depth'

/** A scenario file with its variables as strings (what `{{name}}` is replaced with). */
export interface ParsedScenarioFile {
  version: typeof SCENARIO_FILE_VERSION
  variables: Record<string, string>
  scenarios: Scenario[]
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: string[] }

export interface VariableSources {
  /**
   * Names defined outside the file: the target's credentials that are set and the --var names. Leave
   * out to check the structure only (an import, where the run's sources are not known yet).
   */
  defined?: Iterable<string>
}

function safely<T>(input: unknown, run: () => ParseResult<T>): ParseResult<T> {
  // Before zod, whose recursion overflows the stack on a value nested thousands deep.
  const shape = inputShapeMessage(input)
  if (shape !== null) return { ok: false, problems: [`(root): ${shape}`] }
  try {
    return run()
  } catch (err) {
    // Only a bug or a hostile object (a throwing getter) gets here: still no throw.
    return { ok: false, problems: [`(root): could not be read (${err instanceof Error ? err.message : String(err)})`] }
  }
}

function finish<T>(problems: Problem[], value: () => T): ParseResult<T> {
  if (problems.length) return { ok: false, problems: problemLines(sortProblems(problems)) }
  return { ok: true, value: value() }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Validates a scenario file (already JSON-parsed). Never throws. */
export function parseScenarioFile(input: unknown, sources: VariableSources = {}): ParseResult<ParsedScenarioFile> {
  return safely(input, () => {
    if (!isRecord(input)) {
      return {
        ok: false,
        problems: [
          `(root): expected a JSON object with "version": ${SCENARIO_FILE_VERSION}, got ${describeValue(input)}`,
        ],
      }
    }
    const v = input.version
    if (typeof v === 'number' && Number.isInteger(v) && v > SCENARIO_FILE_VERSION) {
      // A newer file may use keys this version does not know: refuse it with that reason alone.
      const parsed = scenarioFileSchema.shape.version.safeParse(v, { error: scenarioErrorMap })
      return { ok: false, problems: [`version: ${parsed.error?.issues[0]?.message ?? 'too new'}`] }
    }
    const parsed = scenarioFileSchema.safeParse(input, { error: scenarioErrorMap })
    const problems = parsed.success ? [] : issuesToProblems(parsed.error.issues)
    if (sources.defined !== undefined) {
      const fileVariables = isRecord(input.variables) ? Object.keys(input.variables) : []
      problems.push(...checkScenarioVariables(input.scenarios, [...fileVariables, ...sources.defined]))
    }
    return finish(problems, () => {
      const data = parsed.data!
      const variables = Object.fromEntries(Object.entries(data.variables).map(([k, x]) => [k, String(x)]))
      return { version: SCENARIO_FILE_VERSION, variables, scenarios: data.scenarios }
    })
  })
}

/**
 * Validates the `scenarios` list of a workspace file; problems are said by their path in that file
 * (`base`, default `["scenarios"]`). Never throws.
 */
export function parseScenarioList(
  input: unknown,
  sources: VariableSources = {},
  base: ProblemPath = ['scenarios'],
): ParseResult<Scenario[]> {
  return safely(input, () => {
    const parsed = scenarioListSchema.safeParse(input, { error: scenarioErrorMap })
    const problems = parsed.success ? [] : issuesToProblems(parsed.error.issues, base)
    if (sources.defined !== undefined) problems.push(...checkScenarioVariables(input, sources.defined, base))
    return finish(problems, () => parsed.data!)
  })
}

/** The message shown when a file is refused: every problem, one per line. */
export function scenarioProblemsMessage(file: string, problems: readonly string[]): string {
  const n = problems.length
  return [
    `${file} was refused; nothing was run. ${n} problem${n === 1 ? '' : 's'}:`,
    ...problems.map((p) => `  - ${p}`),
  ].join('\n')
}
