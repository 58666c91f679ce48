// `ropc-lab test` as a use case: read and validate every input, resolve the target (a server of its
// own made from the workspace FILE, or --target URL), run the scenarios and the pack, and return the
// RunResult for a reporter. Nothing is sent before every input has been validated.
import { basename } from 'node:path'
import { performance } from 'node:perf_hooks'
import { CREDENTIAL_VARIABLES, VARIABLE_NAME } from '../../shared/scenarios/index'
import { createLab } from '../create-lab'
import type { Lab } from '../lab-types'
import type { ImportProgress } from '../workspace-io'
import { runScenarios, summarize, type ScenarioJob } from './engine'
import { labSend } from './lab-send'
import { packNames, packs } from './packs/index'
import { runPackSuite } from './packs/run-pack'
import type { RunResult, StepResult, SuiteResult } from './results'
import { loadFiles, TestInputError, type LoadedFile } from './sources'
import type { EndpointOverrides } from '../discovery/index'
import { discoverTarget, embeddedTarget, type FetchLike } from './target'
import type { Pack, PackCredentials, ResolvedTarget } from './types'

export interface TestCredentials {
  /** A second, sacrificial user for the pack's timing check (it is sent wrong passwords). */
  timingUser?: { username: string; password: string }
  clientId?: string
  clientSecret?: string
  auth?: PackCredentials['auth']
  username?: string
  password?: string
  scope?: string
}

export interface TestRunOptions {
  files: readonly string[]
  pack?: string
  /** A base URL with RFC 8414 metadata, or a token endpoint URL; absent: the workspace FILE's own server. */
  target?: string
  /** Endpoints given explicitly (--token-endpoint, --introspection-endpoint, --revocation-endpoint, --metadata). */
  endpoints?: EndpointOverrides
  credentials?: TestCredentials
  /** --var name=value */
  vars?: Readonly<Record<string, string>>
  concurrency?: number
  onStep?: (step: StepResult, suite: { name: string; kind: SuiteResult['kind'] }) => void
  /** Called once the target is resolved, before the first request. */
  onStart?: (info: { target: ResolvedTarget; scenarios: number; pack?: string }) => void
  onImportProgress?: ImportProgress
  /** For tests: how metadata is fetched when discovering --target. */
  fetch?: FetchLike
}

/** `--var name=value` as a pair; a bad one is bad input. */
export function parseVar(text: string): [string, string] {
  const eq = text.indexOf('=')
  const name = eq > 0 ? text.slice(0, eq) : ''
  if (!VARIABLE_NAME.test(name))
    throw new TestInputError(
      `--var must be NAME=VALUE with a variable name (letters, digits, _ . -), not ${JSON.stringify(text)}`,
    )
  return [name, text.slice(eq + 1)]
}

/** The credentials that are set, as variables (scenarios-format.md: after the file's, before --var). */
function credentialVariables(c: TestCredentials): Record<string, string> {
  return Object.fromEntries(CREDENTIAL_VARIABLES.flatMap((n) => (c[n] !== undefined ? [[n, c[n]]] : [])))
}

function packOf(
  name: string | undefined,
  c: TestCredentials,
): { pack: Pack; name: string; credentials: PackCredentials } | null {
  if (name === undefined) return null
  const pack = packs[name]
  if (!pack) {
    const known = packNames()
    throw new TestInputError(
      `unknown pack ${JSON.stringify(name)} (${known.length ? `known: ${known.join(', ')}` : 'no pack is built in yet'})`,
    )
  }
  const missing = (['clientId', 'username', 'password'] as const).filter((k) => c[k] === undefined)
  if (missing.length) {
    const flags = { clientId: '--client-id', username: '--username', password: '--password' }
    throw new TestInputError(`--pack ${name} needs ${missing.map((m) => flags[m]).join(', ')}`)
  }
  const credentials: PackCredentials = {
    clientId: c.clientId!,
    username: c.username!,
    password: c.password!,
    auth: c.auth ?? (c.clientSecret !== undefined ? 'basic' : 'none'),
    ...(c.clientSecret !== undefined && { clientSecret: c.clientSecret }),
    ...(c.scope !== undefined && { scope: c.scope }),
    ...(c.timingUser !== undefined && { timingUser: c.timingUser }),
  }
  return { pack, name, credentials }
}

/**
 * Each scenario with its variables: its file's, then the credentials and --var. A name two files both
 * use is qualified with the file's name, so the reports tell the suites apart.
 */
function scenarioJobs(files: readonly LoadedFile[], globals: Record<string, string>): ScenarioJob[] {
  const uses = new Map<string, number>()
  for (const f of files) for (const s of f.scenarios) uses.set(s.name, (uses.get(s.name) ?? 0) + 1)
  return files.flatMap((f) =>
    f.scenarios.map((scenario) => ({
      scenario,
      variables: { ...f.variables, ...globals },
      ...(uses.get(scenario.name)! > 1 && { suiteName: `${basename(f.path)} › ${scenario.name}` }),
    })),
  )
}

/** Without --target, the one workspace FILE is the server; with it, workspace files lend only their scenarios. */
function serverFile(files: readonly LoadedFile[], target: string | undefined): LoadedFile | null {
  if (target !== undefined) return null
  const workspaces = files.filter((f) => f.kind === 'workspace')
  if (workspaces.length === 1) return workspaces[0]!
  if (workspaces.length === 0)
    throw new TestInputError(
      'nothing to run against: give --target URL, or a workspace FILE to run an in-memory server from',
    )
  throw new TestInputError(
    `${workspaces.map((w) => w.path).join(', ')} are all workspace files: without --target, give one to run the server from`,
  )
}

/**
 * Runs `ropc-lab test`. Throws TestInputError for bad input and TargetError for a target that is not a
 * URL or does not answer, both before any request of a scenario is sent.
 */
export async function runTest(options: TestRunOptions): Promise<RunResult> {
  const started = performance.now()
  const c = options.credentials ?? {}
  const globals = { ...credentialVariables(c), ...options.vars }
  const files = await loadFiles(options.files, Object.keys(globals))
  const selectedPack = packOf(options.pack, c)
  const jobs = scenarioJobs(files, globals)
  if (!jobs.length && !selectedPack) {
    const where = options.files.length
      ? `${options.files.join(', ')} ${options.files.length === 1 ? 'has' : 'have'} no scenarios`
      : 'no FILE given'
    throw new TestInputError(`nothing to run: ${where} (give a FILE with scenarios, or --pack NAME)`)
  }
  const endpoints = options.endpoints ?? {}
  const explicit = Object.values(endpoints).some((v) => v !== undefined)
  const server = serverFile(files, explicit ? (options.target ?? 'explicit endpoints') : options.target)
  // Discover first: an unreachable target is refused before a lab is even opened.
  const discovered =
    options.target !== undefined || explicit ? await discoverTarget(options.target, options.fetch, endpoints) : null
  const lab: Lab = await createLab({
    dbPath: ':memory:',
    ...(server && { workspace: server.workspace }),
    ...(options.onImportProgress && { onImportProgress: options.onImportProgress }),
  })
  try {
    const target = discovered ?? embeddedTarget((await lab.start({ port: 0 })).baseUrl!)
    const send = labSend(lab)
    options.onStart?.({ target, scenarios: jobs.length, ...(selectedPack && { pack: selectedPack.name }) })
    const suites = await runScenarios(jobs, {
      send,
      target,
      ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
      ...(options.onStep && { onStep: options.onStep }),
    })
    // After the scenarios, alone: a pack's checks (lockout, revocation) would disturb them.
    if (selectedPack) {
      const { name, credentials } = selectedPack
      const onStep = options.onStep
      suites.push(
        await runPackSuite({
          name,
          credentials,
          send,
          target,
          overrides: endpoints,
          ...(onStep && { onStep: (step: StepResult) => onStep(step, { name, kind: 'pack' }) }),
        }),
      )
    }
    return summarize(suites, performance.now() - started)
  } finally {
    await lab.close()
  }
}
