// Runs from the app: the workspace's scenarios (one or all) or a built-in pack, against the embedded
// server or any URL, with the credentials typed in the UI. A run answers at once with its id and goes
// on in the background; each finished step is a `scenarios.progress` event, and the result stays in
// memory for the last few runs. The credentials live only as long as the run: they are never stored,
// never part of a result (the engine and the packs redact them from expected/actual).
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { LabError, type LabParsedInput } from '../shared/lab-api'
import type { ScenarioCredentials, ScenarioProgress, ScenarioRun } from '../shared/scenarios-api'
import { CREDENTIAL_VARIABLES, formatPath, parseScenarioList, type Scenario } from '../shared/scenarios/index'
import { runScenarios, summarize, type ScenarioJob } from './scenarios/engine'
import { runPackSuite } from './scenarios/packs/run-pack'
import { packs } from './scenarios/packs/index'
import { PACK_NAME, PACK_PHASES } from './scenarios/packs/ropc-conformance/index'
import type { StepResult, SuiteResult } from './scenarios/results'
import type { EndpointOverrides } from './discovery/index'
import { discoverTarget, embeddedTarget } from './scenarios/target'
import type { PackCredentials, ResolvedTarget, SendRequest } from './scenarios/types'
import type { ScenarioRecord } from '../store/index'

/** Results kept in memory: the newest runs, so a long session does not grow without bound. */
export const KEPT_RUNS = 20

export interface ScenarioRunsDeps {
  scenarios: () => ScenarioRecord[]
  send: SendRequest
  /** The embedded server's base URL, null when it is not listening. */
  embeddedBaseUrl: () => string | null
  progress: (event: ScenarioProgress) => void
}

type RunInput = LabParsedInput<'scenarios.run'>

/** How many checks a pack reports: its total for the progress bar. */
function packSize(name: string): number {
  return name === PACK_NAME ? PACK_PHASES.flat().reduce((n, group) => n + group.checks.length, 0) : 0
}

function credentialsOf(c: ScenarioCredentials): ScenarioCredentials {
  // An empty field in the UI is a credential not given.
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined && v !== '')) as ScenarioCredentials
}

function variablesOf(c: ScenarioCredentials, extra: Record<string, string>): Record<string, string> {
  const fromCredentials = CREDENTIAL_VARIABLES.flatMap((n) => (c[n] !== undefined ? [[n, c[n]!]] : []))
  return { ...Object.fromEntries(fromCredentials), ...extra }
}

/** The scenarios to run, each validated with the run's variables; every problem by path. */
function selectScenarios(input: RunInput, records: ScenarioRecord[], defined: string[]): Scenario[] {
  if (input.run.kind === 'pack') return []
  const wanted = input.run.kind === 'scenario' ? [input.run.name] : records.map((r) => r.name)
  const problems: string[] = []
  const scenarios: Scenario[] = []
  for (const name of wanted) {
    const record = records.find((r) => r.name === name)
    if (!record) throw new LabError('not_found', `no scenario named "${name}"`)
    // Each problem is said by its path from the scenario's name: `["refresh rotates"].steps[1].request…`.
    const parsed = parseScenarioList([record.definition], { defined }, [])
    if (parsed.ok) scenarios.push(parsed.value[0]!)
    else problems.push(...parsed.problems.map((p) => p.replace(/^\[0\]/, () => formatPath([name]))))
  }
  if (problems.length)
    throw new LabError('validation', 'the scenarios cannot run as they are; nothing was sent', problems)
  if (!scenarios.length) throw new LabError('validation', 'there are no scenarios to run: create one first')
  return scenarios
}

function packCredentials(pack: string, c: ScenarioCredentials): PackCredentials {
  const missing = (['clientId', 'username', 'password'] as const).filter((k) => c[k] === undefined)
  if (missing.length)
    throw new LabError(
      'validation',
      `the ${pack} pack needs a client id, a username and a password`,
      missing.map((k) => `credentials.${k}: required by the ${pack} pack`),
    )
  return {
    clientId: c.clientId!,
    username: c.username!,
    password: c.password!,
    auth: c.auth ?? (c.clientSecret !== undefined ? 'basic' : 'none'),
    ...(c.clientSecret !== undefined && { clientSecret: c.clientSecret }),
    ...(c.scope !== undefined && { scope: c.scope }),
    ...(c.timingUser !== undefined &&
      c.timingPassword !== undefined && { timingUser: { username: c.timingUser, password: c.timingPassword } }),
  }
}

/** The endpoints typed in the Run form beside the URL. */
function overridesOf(target: RunInput['target']): EndpointOverrides {
  if (target.kind !== 'url') return {}
  const { tokenEndpoint, introspectionEndpoint, revocationEndpoint, metadataUrl } = target
  return {
    ...(tokenEndpoint !== undefined && { tokenEndpoint }),
    ...(introspectionEndpoint !== undefined && { introspectionEndpoint }),
    ...(revocationEndpoint !== undefined && { revocationEndpoint }),
    ...(metadataUrl !== undefined && { metadataUrl }),
  }
}

function labelOf(input: RunInput, count: number): string {
  if (input.run.kind === 'pack') return `pack ${input.run.pack}`
  if (input.run.kind === 'scenario') return `scenario "${input.run.name}"`
  return `all ${count} scenario${count === 1 ? '' : 's'}`
}

interface Plan {
  jobs: ScenarioJob[]
  pack: { name: string; credentials: PackCredentials } | null
  target: () => Promise<ResolvedTarget>
  targetLabel: string
  /** Endpoints typed beside the URL (empty for the embedded server). */
  overrides: EndpointOverrides
  label: string
  total: number
}

function plan(input: RunInput, deps: ScenarioRunsDeps): Plan {
  const credentials = credentialsOf(input.credentials)
  const variables = variablesOf(credentials, input.variables)
  const scenarios = selectScenarios(input, deps.scenarios(), Object.keys(variables))
  let pack: Plan['pack'] = null
  if (input.run.kind === 'pack') {
    const name = input.run.pack
    if (!packs[name])
      throw new LabError('not_found', `no pack named "${name}" (known: ${Object.keys(packs).join(', ')})`)
    pack = { name, credentials: packCredentials(name, credentials) }
  }
  let target: Plan['target']
  let targetLabel: string
  if (input.target.kind === 'embedded') {
    const baseUrl = deps.embeddedBaseUrl()
    if (!baseUrl) throw new LabError('validation', 'the embedded server is not running: start it, or give a URL')
    target = async () => embeddedTarget(baseUrl)
    targetLabel = baseUrl
  } else {
    const url = input.target.url
    target = () => discoverTarget(url, undefined, overridesOf(input.target))
    targetLabel = url
  }
  const steps = scenarios.reduce((n, s) => n + s.steps.length, 0)
  return {
    jobs: scenarios.map((scenario) => ({ scenario, variables })),
    pack,
    target,
    targetLabel,
    overrides: overridesOf(input.target),
    label: labelOf(input, scenarios.length),
    total: steps + (pack ? packSize(pack.name) : 0),
  }
}

export interface ScenarioRuns {
  start(input: RunInput): { runId: string; total: number }
  get(runId: string): ScenarioRun
  /** Resolves when every run started so far has ended (tests, and closing the lab). */
  settled(): Promise<void>
}

export function createScenarioRuns(deps: ScenarioRunsDeps): ScenarioRuns {
  const runs = new Map<string, ScenarioRun>()
  const pending = new Set<Promise<void>>()

  function keep(run: ScenarioRun): void {
    runs.set(run.runId, run)
    for (const [id, r] of runs) {
      if (runs.size <= KEPT_RUNS) break
      if (r.status !== 'running') runs.delete(id)
    }
  }

  async function execute(run: ScenarioRun, p: Plan): Promise<void> {
    const started = performance.now()
    const suites: SuiteResult[] = []
    const onStep = (step: StepResult, suite: string) => {
      run.done = Math.min(run.done + 1, run.total)
      deps.progress({ ...progressOf(run), step: { suite, name: step.name, status: step.status } })
    }
    try {
      const target = await p.target()
      suites.push(...(await runScenarios(p.jobs, { send: deps.send, target, onStep: (s, x) => onStep(s, x.name) })))
      // After the scenarios, alone: a pack's checks (lockout, revocation) would disturb them.
      if (p.pack) {
        const name = p.pack.name
        const packRun = { name, credentials: p.pack.credentials, send: deps.send, target, overrides: p.overrides }
        suites.push(await runPackSuite({ ...packRun, onStep: (step) => onStep(step, name) }))
      }
      run.status = 'finished'
      // A pack may report fewer checks than it has (it stopped early): the bar ends full either way.
      run.total = run.done
    } catch (err) {
      run.status = 'error'
      // A target that does not answer (TargetError) or anything unforeseen: the run says why it stopped.
      run.problem = err instanceof Error ? err.message : String(err)
    }
    run.result = summarize(suites, performance.now() - started)
    run.finishedAt = new Date().toISOString()
    deps.progress({ ...progressOf(run), ...(run.problem !== undefined && { problem: run.problem }) })
  }

  return {
    start(input) {
      const p = plan(input, deps)
      const run: ScenarioRun = {
        runId: randomUUID(),
        status: 'running',
        label: p.label,
        target: p.targetLabel,
        done: 0,
        total: p.total,
        startedAt: new Date().toISOString(),
      }
      keep(run)
      const task = execute(run, p).finally(() => pending.delete(task))
      pending.add(task)
      return { runId: run.runId, total: run.total }
    },
    get(runId) {
      const run = runs.get(runId)
      if (!run)
        throw new LabError('not_found', `no run "${runId}" (the results of the last ${KEPT_RUNS} runs are kept)`)
      return structuredClone(run)
    },
    async settled() {
      while (pending.size) await Promise.all([...pending])
    },
  }
}

function progressOf(run: ScenarioRun): ScenarioProgress {
  return { runId: run.runId, done: run.done, total: run.total, status: run.status }
}
