// `npm run bench` (tsx bench/index.ts [--short] [--json FILE]): the token server's speed (README "Benchmark").
//
// The lab (store + bcrypt pool + HTTP server) runs in a child process, autocannon in this one, so the load generator
// does not share the server's event loop; so does the bare node:http baseline. Everything is on 127.0.0.1.
//
// Phases (10 s each, 2 s with --short), in this order:
//   bcrypt compare time on this thread (again after the password grants), and 2 worker threads with no server
//   password grants, distinct users in rotation, with discovery GETs at 10/s alongside   (phases/password.ts)
//   wrong client secret: each request pays one bcrypt compare, never cached               (phases/wrong-secret.ts)
//   bare baseline, before the cheap phases                                                 (phases/baseline.ts)
//   malformed (no grant_type): answered before any hash                                    (phases/malformed.ts)
//   refresh, rotation on: each response's new token feeds the next request                (phases/refresh-rotating.ts)
//   refresh, rotation off: a small pool of tokens reused                                    (phases/refresh-fixed.ts)
//   bare baseline, after the cheap phases
// The targets are ratios (figures.ts): password grants of `cores ÷ compare time`, the cheap paths of the bare rate.
import { hashSync } from 'bcryptjs'
import { performance } from 'node:perf_hooks'
import { CLIENT_SECRET, COST, PASSWORD, log, settingsFor, type BenchOptions, type BenchSettings } from './config'
import type { BenchFigures } from './figures'
import { writeJson } from './json-output'
import { startLab } from './lab-fixture'
import { startBareBaseline } from './phases/baseline'
import { conformancePackTiming } from './phases/conformance-pack'
import { parallelCompareCeiling } from './phases/ceiling'
import { CompareTimer } from './phases/compare'
import type { PhaseContext } from './phases/context'
import { malformedRequests } from './phases/malformed'
import { passwordGrants } from './phases/password'
import { refreshFixed } from './phases/refresh-fixed'
import { refreshRotating } from './phases/refresh-rotating'
import { wrongClientSecret } from './phases/wrong-secret'
import { printTable, tableRows } from './report'

const USAGE = 'usage: tsx bench/index.ts [--short] [--json FILE]'
const WATCHDOG_MS = 5 * 60_000

/** A bad command line: said in one line with the usage, no stack. */
class UsageError extends Error {}

function parseArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = { short: false, jsonPath: null }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--short') options.short = true
    else if (arg === '--json' || arg.startsWith('--json=')) {
      const value = arg === '--json' ? argv[++i] : arg.slice('--json='.length)
      if (!value || value.startsWith('--')) throw new UsageError(`--json needs a file name\n${USAGE}`)
      options.jsonPath = value
    } else throw new UsageError(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`)
  }
  return options
}

type Measured = Omit<BenchFigures, 'settings' | 'node' | 'startedAt' | 'totalSeconds' | 'compare' | 'limit' | 'ceiling'>

/** Every phase against the lab and the bare baseline, in the order of the header comment. */
async function loadPhases(settings: BenchSettings, timer: CompareTimer, passwordHash: string) {
  const secretHash = hashSync(CLIENT_SECRET, COST)
  const lab = await startLab({ passwordHash, secretHash }, settings.hashConnections)
  const bare = await startBareBaseline(settings).catch((err: unknown) => {
    lab.dispose()
    throw err
  })
  const dispose = () => {
    lab.dispose()
    bare.dispose()
  }
  process.once('SIGINT', () => {
    dispose()
    process.exit(130)
  })
  try {
    const ctx: PhaseContext = { settings, lab }
    const password = await passwordGrants(ctx)
    log('timing compareSync again…')
    timer.timeBatch()
    log(`${settings.cores} worker threads comparing in parallel, no server…`)
    const ceiling = await parallelCompareCeiling(settings.cores, settings.ceilingMs, PASSWORD, passwordHash)
    const wrongSecret = await wrongClientSecret(ctx)
    const bareBefore = await bare.measure('before the cheap phases')
    const malformed = await malformedRequests(ctx)
    const rotating = await refreshRotating(ctx)
    const fixed = await refreshFixed(ctx, rotating.pool)
    const bareAfter = await bare.measure('after the cheap phases')
    await lab.close()
    await bare.close()
    const measured: Measured = {
      password: password.grants,
      distinctUsers: password.distinctUsers,
      discovery: password.discovery,
      wrongSecret,
      malformed,
      refreshRotating: rotating.result,
      refreshFixed: fixed,
      bareBefore,
      bareAfter,
    }
    return { measured, ceiling }
  } finally {
    dispose()
  }
}

async function main(): Promise<void> {
  const settings = settingsFor(parseArgs(process.argv.slice(2)))
  const startedAt = new Date().toISOString()
  const started = performance.now()
  setTimeout(() => {
    log(`the bench ran over ${WATCHDOG_MS / 60_000} minutes: giving up`)
    process.exit(1)
  }, WATCHDOG_MS).unref()

  log(`hashing once at cost ${COST} and timing compareSync…`)
  const passwordHash = hashSync(PASSWORD, COST)
  const timer = new CompareTimer(passwordHash, settings.compareRuns)
  timer.timeBatch()
  const { measured, ceiling } = await loadPhases(settings, timer, passwordHash)
  const compare = timer.result()
  const figures: BenchFigures = {
    settings,
    node: process.version,
    startedAt,
    totalSeconds: (performance.now() - started) / 1000,
    compare,
    limit: (settings.cores * 1000) / compare.compareMs,
    ceiling,
    ...measured,
  }
  const rows = tableRows(figures)
  printTable(figures, rows)
  // After the load phases, alone: the pack's own time, not a throughput.
  const pack = await conformancePackTiming()
  console.log(
    `ropc-conformance pack against the embedded server at bcrypt cost ${COST}: ${(pack.ms / 1000).toFixed(2)} s for ` +
      `${pack.checks} checks (${pack.passed} passed, ${pack.failed} failed, ${pack.skipped} skipped) — goal under 5 s: ` +
      (pack.ms < 5000 ? 'PASS' : 'FAIL'),
  )
  if (settings.jsonPath) {
    writeJson(settings.jsonPath, { ...figures, pack }, rows)
    log(`figures written to ${settings.jsonPath}`)
  }
}

try {
  await main()
  process.exit(0)
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`${err.message}\n`)
    process.exit(2)
  }
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
  process.exit(1)
}
