// `npm run soak` (tsx scripts/soak.ts [--seconds N]): mixed traffic against a lab for a bounded time (5 minutes by
// default) — password grants, chained refreshes, malformed requests, grants through the recording proxy, UI API reads
// and a scenario through the bridge of `serve --ui`, and one event-stream client that never reads. Prints requests
// and errors per kind, the server's RSS and heap after a warm-up and at the end, the exchange rows kept (within
// retention) and the database's size. Exit 1 on any error or an RSS growth of 10 % or more (the goal).
import { fork } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { hashSync } from 'bcryptjs'
import type { SoakCommand, SoakStarted, SoakStats } from './soak/soak-server'
import { CLIENT, PASSWORD, SCENARIO, USERS, runTraffic, stalledEventStream, type Tallies } from './soak/traffic'

const RETENTION = 10_000
const RSS_GROWTH_GOAL = 0.1
const MB = 1024 * 1024

function parseSeconds(argv: string[]): number {
  if (argv.length === 0) return 300
  const n = Number(argv[1])
  if (argv[0] !== '--seconds' || argv.length !== 2 || !Number.isInteger(n) || n < 10 || n > 86_400) {
    throw new Error('usage: tsx scripts/soak.ts [--seconds N (10–86400, default 300)]')
  }
  return n
}

function workspace(): unknown {
  const passwordHash = hashSync(PASSWORD, 4)
  const step = (name: string, params: Record<string, string>, expect: Record<string, unknown>, capture?: object) => ({
    name,
    request: { endpoint: 'token', auth: { method: 'basic', clientId: CLIENT.id, clientSecret: CLIENT.secret }, params },
    expect,
    ...(capture && { capture }),
  })
  return {
    version: 1,
    settings: { bcryptCost: 4, exchangeRetention: RETENTION, refreshTokenRotation: true },
    scopes: [{ name: 'read', default: true }],
    clients: [{ clientId: CLIENT.id, secret: CLIENT.secret, scopes: ['read'] }],
    users: Array.from({ length: USERS }, (_, i) => ({ username: `soak-user-${i}`, passwordHash })),
    scenarios: [
      {
        name: SCENARIO,
        steps: [
          step(
            'grant',
            { grant_type: 'password', username: 'soak-user-0', password: PASSWORD },
            { status: 200 },
            {
              rt: 'body.refresh_token',
            },
          ),
          step('refresh', { grant_type: 'refresh_token', refresh_token: '{{rt}}' }, { status: 200 }),
          step('reuse', { grant_type: 'refresh_token', refresh_token: '{{rt}}' }, { status: 400 }),
        ],
      },
    ],
  }
}

/** The server process and a one-command-at-a-time channel to it. */
function startServer() {
  const child = fork(new URL('./soak/soak-server.ts', import.meta.url), [], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const send = <T>(msg: SoakCommand): Promise<T> =>
    new Promise((resolve, reject) => {
      child.once('message', (m: { ok: boolean; data?: T; error?: string }) =>
        m.ok ? resolve(m.data as T) : reject(new Error(m.error)),
      )
      child.send(msg)
    })
  return { child, send }
}

const dbFacts = (dbPath: string) => {
  const bytes = ['', '-wal', '-shm']
    .map((s) => dbPath + s)
    .filter(existsSync)
    .reduce((n, f) => n + statSync(f).size, 0)
  const db = new Database(dbPath, { readonly: true })
  try {
    return { rows: db.prepare('SELECT COUNT(*) FROM exchanges').pluck().get() as number, bytes }
  } finally {
    db.close()
  }
}

function report(tallies: Tallies, first: SoakStats, last: SoakStats, facts: { rows: number; bytes: number }) {
  for (const [kind, t] of Object.entries(tallies)) {
    console.log(
      `${kind.padEnd(10)} ${String(t.requests).padStart(7)} requests, ${t.errors} errors${t.lastError ? ` (last: ${t.lastError})` : ''}`,
    )
  }
  const total = Object.values(tallies).reduce(
    (a, t) => ({ requests: a.requests + t.requests, errors: a.errors + t.errors }),
    { requests: 0, errors: 0 },
  )
  const growth = last.rss / first.rss - 1
  console.log(`total      ${total.requests} requests, ${total.errors} errors`)
  console.log(
    `RSS        ${(first.rss / MB).toFixed(1)} MB after warm-up → ${(last.rss / MB).toFixed(1)} MB at the end (${(growth * 100).toFixed(1)} %; goal under ${RSS_GROWTH_GOAL * 100} %)`,
  )
  console.log(`heap used  ${(first.heapUsed / MB).toFixed(1)} MB → ${(last.heapUsed / MB).toFixed(1)} MB`)
  console.log(`exchanges  ${facts.rows} rows kept (retention ${RETENTION}, pruned in steps of a tenth)`)
  console.log(`database   ${(facts.bytes / MB).toFixed(1)} MB (file, WAL and shared memory)`)
  return total.errors === 0 && growth < RSS_GROWTH_GOAL
}

async function main(): Promise<boolean> {
  const seconds = parseSeconds(process.argv.slice(2))
  const dir = mkdtempSync(join(tmpdir(), 'ropc-soak-'))
  const dbPath = join(dir, 'soak.sqlite')
  const server = startServer()
  try {
    const targets = await server.send<SoakStarted>({ cmd: 'start', dbPath, workspace: workspace() })
    const closeStalled = stalledEventStream(targets.uiUrl)
    const started = Date.now()
    const deadline = started + seconds * 1000
    console.log(`soak: ${seconds} s of mixed traffic against ${targets.baseUrl} (proxy ${targets.proxyUrl})`)
    // RSS is compared from after a warm-up (a tenth of the run, at most 30 s): the first minutes fill caches.
    const warmUp = Math.min(30_000, seconds * 100)
    const traffic = runTraffic(targets, deadline)
    await new Promise((resolve) => setTimeout(resolve, warmUp))
    const first = await server.send<SoakStats>({ cmd: 'stats' })
    const tallies = await traffic
    const last = await server.send<SoakStats>({ cmd: 'stats' })
    closeStalled()
    return report(tallies, first, last, dbFacts(dbPath))
  } finally {
    await server.send({ cmd: 'close' }).catch(() => undefined)
    server.child.kill()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().then(
  (ok) => {
    process.exitCode = ok ? 0 : 1
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err))
    process.exitCode = 2
  },
)
