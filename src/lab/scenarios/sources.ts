// The FILEs of `ropc-lab test`: each a workspace file (its `scenarios`, and the server to run them
// against) or a scenario file. All are read and validated whole before anything starts; a bad one
// is refused with every problem listed by JSON path, every `{{variable}}` never defined included.
import {
  checkScenarioVariables,
  parseScenarioFile,
  parseScenarioList,
  scenarioProblemsMessage,
  type Scenario,
} from '../../shared/scenarios/index'
import { problemLines, sortProblems } from '../../shared/scenarios/problems'
import { parseWorkspace } from '../../shared/workspace-schema'
import { readWorkspaceFile, WorkspaceFileError } from '../workspace-file'

/** Bad input (exit 2 in the CLI): a file that cannot be read or is refused, a flag that makes no sense. */
export class TestInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TestInputError'
  }
}

export interface LoadedFile {
  path: string
  kind: 'workspace' | 'scenarios'
  scenarios: Scenario[]
  /** The file's own `variables` (a scenario file); {} for a workspace file. */
  variables: Record<string, string>
  /** A workspace file: what the embedded server is made from (its scenarios included). */
  workspace?: Record<string, unknown>
}

/** The keys a scenario file may have; any other key makes a workspace file of it. */
const SCENARIO_FILE_KEYS = new Set(['version', 'variables', 'scenarios'])

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The parsed JSON of a FILE, read as workspace files are (size cap, UTF-8 only); bad input otherwise. */
export async function readJsonFile(path: string): Promise<unknown> {
  try {
    return await readWorkspaceFile(path)
  } catch (err) {
    if (!(err instanceof WorkspaceFileError)) throw err
    // A FILE may be a scenario file: "workspace file not found" would mislead.
    throw new TestInputError(err.problem === 'not_found' ? `file not found: ${path}` : err.message)
  }
}

/** A scenario file has only `version`, `variables` and `scenarios`; anything else is a workspace file. */
export function isWorkspaceFile(json: unknown): boolean {
  return isRecord(json) && Object.keys(json).some((k) => !SCENARIO_FILE_KEYS.has(k))
}

/**
 * Validates one parsed file. `defined`: the variable names from outside the file (the target's
 * credentials that are set, --var).
 */
export function loadFile(path: string, json: unknown, defined: readonly string[]): LoadedFile {
  if (!isWorkspaceFile(json)) {
    const parsed = parseScenarioFile(json, { defined })
    if (!parsed.ok) throw new TestInputError(scenarioProblemsMessage(path, parsed.problems))
    return { path, kind: 'scenarios', scenarios: parsed.value.scenarios, variables: parsed.value.variables }
  }
  // The workspace schema checks the scenarios' structure; the variables are checked here, where
  // the run's sources (credentials, --var) are known.
  const workspace = json as Record<string, unknown>
  const ws = parseWorkspace(workspace)
  const list = parseScenarioList(workspace.scenarios ?? [], { defined })
  const variableProblems = problemLines(sortProblems(checkScenarioVariables(workspace.scenarios, defined)))
  const problems = ws.ok ? (list.ok ? [] : list.problems) : [...ws.problems, ...variableProblems]
  if (problems.length || !list.ok) throw new TestInputError(scenarioProblemsMessage(path, problems))
  return { path, kind: 'workspace', scenarios: list.value, variables: {}, workspace }
}

/** Reads and validates every FILE; all problems of all files in one error. */
export async function loadFiles(paths: readonly string[], defined: readonly string[]): Promise<LoadedFile[]> {
  const loaded: LoadedFile[] = []
  const refused: string[] = []
  for (const path of paths) {
    try {
      loaded.push(loadFile(path, await readJsonFile(path), defined))
    } catch (err) {
      if (!(err instanceof TestInputError)) throw err
      refused.push(err.message)
    }
  }
  if (refused.length) throw new TestInputError(refused.join('\n'))
  return loaded
}
