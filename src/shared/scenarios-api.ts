// The LabApi calls of the Scenarios screen: the workspace's scenarios (docs/scenarios-format.md),
// "Save as step" from a recorded exchange, and runs — one scenario, all of them, or a pack — with
// progress events and results kept in memory. Schemas and outputs of one area, spread into the LabApi
// map in lab-api.ts.
import { z } from 'zod'
import { inputShapeMessage } from './json-depth'
import { issuesToProblems, problemLines, scenarioErrorMap, sortProblems } from './scenarios/problems'
import { scenarioSchema, VARIABLE_NAME, type Scenario, type ScenarioInput, type ScenarioStep } from './scenarios/index'

export const scenarioNameSchema = z.string().min(1, 'a scenario needs a name').max(200)

/** The run's credentials (scenarios-format.md "Variables"): typed in the UI, kept in memory only. */
export const scenarioCredentialsSchema = z
  .object({
    clientId: z.string().max(500).optional(),
    clientSecret: z.string().max(500).optional(),
    /** How the pack authenticates the client (RFC 6749 §2.3.1); scenarios say it in each step. */
    auth: z.enum(['basic', 'post', 'none']).optional(),
    username: z.string().max(500).optional(),
    password: z.string().max(500).optional(),
    scope: z.string().max(1000).optional(),
    /** The pack's timing check: a second, sacrificial user (it is sent wrong passwords). */
    timingUser: z.string().max(500).optional(),
    timingPassword: z.string().max(500).optional(),
  })
  .strict()
export type ScenarioCredentials = z.infer<typeof scenarioCredentialsSchema>

const optionalHttpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .optional()
  .or(z.literal('').transform(() => undefined))

export const scenarioRunInputSchema = z
  .object({
    run: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('scenario'), name: scenarioNameSchema }).strict(),
      z.object({ kind: z.literal('all') }).strict(),
      z.object({ kind: z.literal('pack'), pack: z.string().min(1).max(100) }).strict(),
    ]),
    target: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('embedded') }).strict(),
      z
        .object({
          kind: z.literal('url'),
          /** A base URL with RFC 8414 metadata, or a token endpoint URL. */
          url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://idp.example/realms/x' }),
          /** Endpoints given explicitly, for servers without RFC 8414 metadata; they win over discovery. */
          tokenEndpoint: optionalHttpUrl,
          introspectionEndpoint: optionalHttpUrl,
          revocationEndpoint: optionalHttpUrl,
          metadataUrl: optionalHttpUrl,
        })
        .strict(),
    ]),
    credentials: scenarioCredentialsSchema.default({}),
    /** More `{{name}}` values, as `--var` gives them on the command line; they win over the credentials. */
    variables: z
      .record(z.string().regex(VARIABLE_NAME, 'not a variable name').max(100), z.string().max(10_000))
      .default({}),
  })
  .strict()

const exchangeIdSchema = z.string().min(1).max(100)

export const scenariosApiInputs = {
  'scenarios.list': z.object({}).strict(),
  /** Creates or replaces by name; `previousName` renames the scenario saved under it. */
  'scenarios.save': z.object({ scenario: z.unknown(), previousName: scenarioNameSchema.optional() }).strict(),
  'scenarios.delete': z.object({ name: scenarioNameSchema }).strict(),
  /** The copy goes to the end of the list as `newName`, default "NAME (copy)". */
  'scenarios.duplicate': z.object({ name: scenarioNameSchema, newName: scenarioNameSchema.optional() }).strict(),
  /**
   * A step built from a recorded exchange. With `into`, it is appended to that scenario (a new one is
   * created with this step) and the scenario saved.
   */
  'scenarios.fromExchange': z
    .object({
      exchangeId: exchangeIdSchema,
      into: z
        .discriminatedUnion('kind', [
          z.object({ kind: z.literal('existing'), name: scenarioNameSchema }).strict(),
          z.object({ kind: z.literal('new'), name: scenarioNameSchema }).strict(),
        ])
        .optional(),
      stepName: z.string().min(1).max(200).optional(),
    })
    .strict(),
  /** Starts a run and answers at once; `scenarios.progress` events follow, then `scenarios.result`. */
  'scenarios.run': scenarioRunInputSchema,
  'scenarios.result': z.object({ runId: exchangeIdSchema }).strict(),
  'scenarios.export': z.object({ runId: exchangeIdSchema, format: z.enum(['junit', 'json']) }).strict(),
} as const

/** A scenario of the workspace as stored: its definition as the file format writes it. */
export interface StoredScenario {
  name: string
  position: number
  definition: ScenarioInput
  /** Unix milliseconds of the last save. */
  updatedAt: number
}

// The result of a run, as lab/scenarios/results.ts produces it (structurally the same types, here so
// the renderer can read them without reaching into the lab).
export type ScenarioStepStatus = 'passed' | 'failed' | 'warning' | 'skipped'
export interface ScenarioStepResult {
  id?: string
  name: string
  level?: 'MUST' | 'SHOULD' | 'BCP' | 'info'
  status: ScenarioStepStatus
  rfc?: string
  reason?: string
  failures: Array<{ what: string; expected: string; actual: string }>
  exchangeIds: string[]
  durationMs: number
}
export interface ScenarioSuiteResult {
  name: string
  kind: 'scenario' | 'pack'
  steps: ScenarioStepResult[]
  durationMs: number
}
export interface ScenarioRunResult {
  suites: ScenarioSuiteResult[]
  passed: number
  failed: number
  warnings: number
  skipped: number
  durationMs: number
}

export type ScenarioRunStatus = 'running' | 'finished' | 'error'

/** One run, kept in memory (the last few only): never its credentials. */
export interface ScenarioRun {
  runId: string
  status: ScenarioRunStatus
  /** What runs, in words: `scenario "x"`, `all 3 scenarios`, `pack ropc-conformance`. */
  label: string
  /** The embedded server's base URL, or the URL typed in. */
  target: string
  done: number
  total: number
  startedAt: string
  finishedAt?: string
  /** Present once finished. */
  result?: ScenarioRunResult
  /** Why the run could not go on (the target does not answer, …); steps done so far stay in `result`. */
  problem?: string
}

/** `scenarios.progress`: one event as each step finishes, and one when the run ends. */
export interface ScenarioProgress {
  runId: string
  done: number
  total: number
  status: ScenarioRunStatus
  /** The step that just finished. */
  step?: { suite: string; name: string; status: ScenarioStepStatus }
  problem?: string
}

export interface ScenariosApiOutputs {
  'scenarios.list': { items: StoredScenario[] }
  'scenarios.save': StoredScenario
  'scenarios.delete': { deleted: true }
  'scenarios.duplicate': StoredScenario
  /** `variables`: the `{{names}}` the step needs from the run (credentials, captures). */
  'scenarios.fromExchange': { step: ScenarioStepInput; variables: string[]; scenario?: StoredScenario }
  'scenarios.run': { runId: string; total: number }
  'scenarios.result': ScenarioRun
  'scenarios.export': { fileName: string; mimeType: string; text: string }
}

export type ScenarioStepInput = ScenarioInput['steps'][number]

export type ScenarioValidation = { ok: true; value: Scenario } | { ok: false; problems: string[] }

/**
 * One scenario, validated as the file format says (structure only: variables come from the run), each
 * problem as `path: message` with the path inside the scenario (`steps[0].expect.status`). The lab's
 * `scenarios.save` and the editor's field messages use this one function.
 */
export function validateScenario(input: unknown): ScenarioValidation {
  // Checked before zod, whose recursion would overflow the stack on a value nested thousands deep.
  const shape = inputShapeMessage(input)
  if (shape !== null) return { ok: false, problems: [`(root): ${shape}`] }
  const parsed = scenarioSchema.safeParse(input, { error: scenarioErrorMap })
  if (parsed.success) return { ok: true, value: parsed.data }
  return { ok: false, problems: problemLines(sortProblems(issuesToProblems(parsed.error.issues))) }
}

export type { Scenario, ScenarioInput, ScenarioStep }
