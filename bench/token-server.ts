// `npm run bench` (tsx bench/token-server.ts [--short]): the token server's speed (README "Benchmark").
//
// The lab (store + bcrypt pool + HTTP server) runs in a child process, autocannon in this one, so the
// load generator does not share the server's event loop. Everything is on 127.0.0.1. The workspace has
// 1,000 users at bcrypt cost 10 (the default): one cost-10 hash is computed here and given to every user
// as `passwordHash` (the workspace format accepts it), so the import hashes nothing.
//
// Phases (10 s each, 2 s with --short):
//   password grants, distinct users in rotation, with discovery GETs at 10/s alongside
//   wrong client secret (a confidential client: each request pays one bcrypt compare, never cached)
//   malformed (no grant_type): answered before any hash
//   refresh, rotation on: every refresh token is used once; each response's new token feeds the next request
//   refresh, rotation off (setting changed for this phase): a small pool of tokens reused
// The limit is `cores ÷ bcryptjs compare time`, timed here with compareSync before the lab starts and again right
// after the password-grant phase (median of both sets: a VM's speed drifts).
import autocannon from 'autocannon'
import { compareSync, hashSync } from 'bcryptjs'
import { fork, type ChildProcess } from 'node:child_process'
import { Agent, request } from 'node:http'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'

const CHILD_FLAG = '--serve-child'
const TOKEN_PATH = '/oauth/v2/oauth-token'
const DISCOVERY_PATH = '/.well-known/oauth-authorization-server'

const USERS = 1000
const COST = 10
const CLIENT_ID = 'bench-client'
const CLIENT_SECRET = 'bench-client-secret'
const PASSWORD = 'bench-user-password'
const username = (i: number): string => `bench-user-${String(i % USERS).padStart(4, '0')}`

// ---- child: the lab -------------------------------------------------------------------------------

type ChildCommand =
  | { cmd: 'start'; dbPath: string; workspace: unknown }
  | { cmd: 'settings'; patch: { refreshTokenRotation: boolean } }
  | { cmd: 'close' }
type ChildReply = { ok: true; baseUrl?: string; importMs?: number } | { ok: false; error: string }

async function runChild(): Promise<void> {
  const { createLab } = await import('../src/lab/create-lab')
  type Lab = Awaited<ReturnType<typeof createLab>>
  let lab: Lab | null = null
  const reply = (r: ChildReply) => process.send!(r)
  process.on('message', (msg: ChildCommand) => {
    void (async () => {
      try {
        if (msg.cmd === 'start') {
          const t0 = performance.now()
          lab = await createLab({ dbPath: msg.dbPath, workspace: msg.workspace })
          const importMs = performance.now() - t0
          const status = await lab.start({ host: '127.0.0.1', port: 0 })
          reply({ ok: true, baseUrl: status.baseUrl ?? undefined, importMs })
        } else if (msg.cmd === 'settings') {
          if (!lab) throw new Error('lab not started')
          await lab.handlers['settings.update'](msg.patch)
          reply({ ok: true })
        } else {
          await lab?.close()
          reply({ ok: true })
          process.disconnect()
        }
      } catch (err) {
        reply({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) })
      }
    })()
  })
  // The parent died: do not linger.
  process.on('disconnect', () => {
    setTimeout(() => process.exit(0), 2000).unref()
  })
}

// ---- parent: the measurements ---------------------------------------------------------------------

const log = (text: string): void => {
  process.stderr.write(`[bench] ${text}\n`)
}

class LabProcess {
  private waiting: { resolve: (r: ChildReply) => void; reject: (e: Error) => void } | null = null
  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: ChildReply) => {
      const w = this.waiting
      this.waiting = null
      w?.resolve(m)
    })
    child.on('exit', (code, signal) => {
      const w = this.waiting
      this.waiting = null
      w?.reject(new Error(`the lab process exited (code ${code}, signal ${signal})`))
    })
  }

  static spawn(): LabProcess {
    const child = fork(fileURLToPath(import.meta.url), [CHILD_FLAG], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    return new LabProcess(child)
  }

  async send(cmd: ChildCommand): Promise<ChildReply & { ok: true }> {
    if (this.waiting) throw new Error('one command at a time')
    const reply = await new Promise<ChildReply>((resolve, reject) => {
      this.waiting = { resolve, reject }
      this.child.send(cmd)
    })
    if (!reply.ok) throw new Error(`lab process: ${reply.error}`)
    return reply
  }

  get pid(): number | undefined {
    return this.child.pid
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL')
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}

/** bcryptjs compareSync in a worker thread, in a loop for `ms` once told to start; posts the count. */
const COMPARE_LOOP = `
const { parentPort, workerData } = require('node:worker_threads')
const { compareSync } = require(workerData.bcryptjs)
compareSync(workerData.password, workerData.hash)
compareSync(workerData.password, workerData.hash)
parentPort.postMessage('ready')
parentPort.once('message', () => {
  const end = performance.now() + workerData.ms
  let n = 0
  while (performance.now() < end) { compareSync(workerData.password, workerData.hash); n++ }
  parentPort.postMessage(n)
})`

/**
 * The ceiling the hardware sets without any server: `threads` worker threads comparing in parallel
 * (what the lab's bcrypt pool does at best), in compares per second.
 */
async function parallelCompareCeiling(threads: number, ms: number, password: string, hash: string): Promise<number> {
  const bcryptjs = createRequire(import.meta.url).resolve('bcryptjs')
  const workers = Array.from(
    { length: threads },
    () => new Worker(COMPARE_LOOP, { eval: true, workerData: { bcryptjs, password, hash, ms } }),
  )
  try {
    const next = (w: Worker) =>
      new Promise<unknown>((resolve, reject) => {
        w.once('message', resolve)
        w.once('error', reject)
      })
    await Promise.all(workers.map(next))
    const t0 = performance.now()
    const counts = workers.map(next)
    for (const w of workers) w.postMessage('go')
    const total = (await Promise.all(counts)).reduce((a: number, b) => a + Number(b), 0)
    return total / ((performance.now() - t0) / 1000)
  } finally {
    await Promise.all(workers.map((w) => w.terminate()))
  }
}

interface CpuUse {
  /** Share of the whole host's CPU used by processes other than `pids`, 0..1. */
  others: number
  /** CPU each of `pids` used, in cores (1 = one core busy the whole time). */
  cores: number[]
}

/**
 * What the host's CPU did during a phase (Linux /proc; null elsewhere): how much went to processes
 * other than this bench and its lab — on a shared machine, how far the figures can be trusted — and
 * how busy the lab and the load generator were.
 */
function cpuMeter(pids: () => Array<number | undefined>): () => CpuUse | null {
  const snapshot = () => {
    try {
      const cpu = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number)
      const total = cpu.reduce((a, b) => a + b, 0)
      const idle = cpu[3]! + cpu[4]!
      const own = pids().map((pid) => {
        if (pid === undefined) return 0
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        return Number(fields[11]) + Number(fields[12]) // utime + stime of all threads, in the ticks of /proc/stat
      })
      return { total, busy: total - idle, own }
    } catch {
      return null
    }
  }
  const before = snapshot()
  return () => {
    const after = snapshot()
    if (!before || !after || after.total === before.total) return null
    const elapsed = after.total - before.total
    const ownDeltas = after.own.map((t, i) => t - (before.own[i] ?? 0))
    const others = after.busy - before.busy - ownDeltas.reduce((x, y) => x + y, 0)
    const cores = availableParallelism()
    return { others: Math.max(0, others / elapsed), cores: ownDeltas.map((d) => (d * cores) / elapsed) }
  }
}

interface PhaseResult {
  /** Responses with the expected status, per second. */
  rate: number
  expected: number
  unexpected: number
  /** e.g. `500×3, errors×1` */
  unexpectedDetail: string
  p50: number
  p99: number
  seconds: number
  /** Share of host CPU used by other processes meanwhile, or null. */
  othersCpu: number | null
  /** Cores used by the lab process and by the load generator (this process), or null. */
  labCores: number | null
  benchCores: number | null
}

function summarize(result: autocannon.Result, expectedStatus: number, cpu: CpuUse | null): PhaseResult {
  const stats = result.statusCodeStats ?? {}
  let expected = 0
  let unexpected = result.errors
  const detail: string[] = []
  for (const [code, { count = 0 }] of Object.entries(stats)) {
    if (Number(code) === expectedStatus) expected += count
    else {
      unexpected += count
      detail.push(`${code}×${count}`)
    }
  }
  if (result.errors) detail.push(`errors×${result.errors}`)
  return {
    rate: expected / result.duration,
    expected,
    unexpected,
    unexpectedDetail: detail.join(', '),
    p50: result.latency.p50,
    p99: result.latency.p99,
    seconds: result.duration,
    othersCpu: cpu?.others ?? null,
    benchCores: cpu?.cores[0] ?? null,
    labCores: cpu?.cores[1] ?? null,
  }
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const basic = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`

async function postForm(
  url: string,
  body: string,
  authorization?: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...FORM, ...(authorization ? { authorization } : {}) },
    body,
  })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

/** GETs `url` every `intervalMs` (open loop: a slow answer does not delay the next GET) until `until` settles. */
async function sampleGets(
  url: string,
  intervalMs: number,
  until: Promise<unknown>,
): Promise<{ latencies: number[]; failures: number }> {
  const agent = new Agent({ keepAlive: true })
  const latencies: number[] = []
  let failures = 0
  const inFlight = new Set<Promise<void>>()
  const once = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const t0 = performance.now()
      const req = request(url, { agent }, (res) => {
        res.resume()
        res.on('end', () => {
          if (res.statusCode === 200) latencies.push(performance.now() - t0)
          else failures++
          resolve()
        })
      })
      req.on('error', () => {
        failures++
        resolve()
      })
      req.end()
    })
  const timer = setInterval(() => {
    const p = once()
    inFlight.add(p)
    void p.finally(() => inFlight.delete(p))
  }, intervalMs)
  await until.catch(() => undefined)
  clearInterval(timer)
  await Promise.all(inFlight)
  agent.destroy()
  return { latencies, failures }
}

interface Row {
  metric: string
  measured: string
  target: string
  result: 'PASS' | 'FAIL' | 'info'
  /** Cores used by the lab and by the load generator while this was measured. */
  cpu?: string
  /** CPU taken by other processes on the host while this was measured. */
  others?: string
}

function printTable(title: string, rows: Row[], footnotes: string[]): void {
  const cols = ['metric', 'measured', 'target', 'result', 'cpu', 'others'] as const
  const head: Record<(typeof cols)[number], string> = {
    metric: 'metric',
    measured: 'measured',
    target: 'target',
    result: 'result',
    cpu: 'lab / load-gen CPU',
    others: "others' CPU",
  }
  const cell = (r: Row, c: (typeof cols)[number]) => r[c] ?? ''
  const width = (c: (typeof cols)[number]) => Math.max(head[c].length, ...rows.map((r) => cell(r, c).length))
  const line = (cells: (c: (typeof cols)[number]) => string) =>
    `| ${cols.map((c) => cells(c).padEnd(width(c))).join(' | ')} |`
  const out = [
    title,
    '',
    line((c) => head[c]),
    `|${cols.map((c) => '-'.repeat(width(c) + 2)).join('|')}|`,
    ...rows.map((r) => line((c) => cell(r, c))),
    '',
    ...footnotes,
  ]
  process.stdout.write(`${out.join('\n')}\n`)
}

const fmt = (n: number, digits = 1): string =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a'
const passIf = (ok: boolean): Row['result'] => (ok ? 'PASS' : 'FAIL')
/** A phase with more than 1 % of unexpected answers does not pass, whatever its rate. */
const clean = (r: PhaseResult): boolean => r.unexpected <= 0.01 * (r.expected + r.unexpected)
const extra = (r: PhaseResult): string => (r.unexpected ? ` (+${r.unexpected} unexpected: ${r.unexpectedDetail})` : '')

async function main(): Promise<void> {
  const short = process.argv.includes('--short')
  const phaseSeconds = short ? 2 : 10
  const cores = availableParallelism()
  const hashConnections = Math.min(8, Math.max(4, 2 * cores))
  // Enough connections to keep the lab's event loop busy: at 8 the chained refresh phase measured
  // latency (the lab used ~0.8 of a core), not throughput.
  const cheapConnections = 16
  const started = performance.now()
  const watchdog = setTimeout(() => {
    log('the bench ran over 5 minutes: giving up')
    process.exit(1)
  }, 5 * 60_000)
  watchdog.unref()

  // 1. bcryptjs compare time, measured directly on this thread, nothing else running.
  log(`hashing once at cost ${COST} and timing compareSync…`)
  const passwordHash = hashSync(PASSWORD, COST)
  const secretHash = hashSync(CLIENT_SECRET, COST)
  compareSync(PASSWORD, passwordHash) // warm-up (JIT)
  const compareRuns = short ? 5 : 20
  const samples: number[] = []
  const compareOthersCpu: Array<number | null> = []
  const batchMedians: number[] = []
  /** compareSync timed `compareRuns` times; run once before the lab starts and once after the grant phases. */
  const timeCompares = () => {
    const meter = cpuMeter(() => [process.pid])
    const batch: number[] = []
    for (let i = 0; i < compareRuns; i++) {
      const t0 = performance.now()
      if (!compareSync(PASSWORD, passwordHash)) throw new Error('bcryptjs compare failed')
      batch.push(performance.now() - t0)
    }
    samples.push(...batch)
    batchMedians.push(median(batch))
    compareOthersCpu.push(meter()?.others ?? null)
  }
  timeCompares()

  // 2. The lab, in its own process.
  const workspace = {
    version: 1,
    settings: { tokenFormat: 'opaque', bcryptCost: COST },
    scopes: [{ name: 'api', description: 'bench', default: true }],
    clients: [
      {
        clientId: CLIENT_ID,
        secretHash,
        grantTypes: ['password', 'refresh_token'],
        authMethods: ['client_secret_basic', 'client_secret_post'],
        scopes: ['api'],
      },
    ],
    users: Array.from({ length: USERS }, (_, i) => ({ username: username(i), passwordHash })),
  }
  const dir = mkdtempSync(join(tmpdir(), 'ropc-bench-'))
  const labProcess = LabProcess.spawn()
  const cleanup = () => {
    labProcess.kill()
    rmSync(dir, { recursive: true, force: true })
  }
  process.on('SIGINT', () => {
    cleanup()
    process.exit(130)
  })
  try {
    log(`starting the lab with ${USERS.toLocaleString('en-US')} users (one shared cost-${COST} hash) in ${dir}…`)
    const startReply = await labProcess.send({ cmd: 'start', dbPath: join(dir, 'bench.db'), workspace })
    const baseUrl = startReply.baseUrl
    if (!baseUrl) throw new Error('the lab did not report a baseUrl')
    log(`lab listening on ${baseUrl} (import took ${fmt(startReply.importMs ?? NaN, 0)} ms)`)
    const tokenUrl = baseUrl + TOKEN_PATH
    const auth = basic(CLIENT_ID, CLIENT_SECRET)
    const passwordBody = (i: number) => `grant_type=password&username=${username(i)}&password=${PASSWORD}`

    // Warm-up: spawns every hash worker, caches the client secret (one hash per grant from now on).
    log('warming up…')
    for (let round = 0; round < 2; round++) {
      const replies = await Promise.all(
        Array.from({ length: hashConnections }, (_, i) => postForm(tokenUrl, passwordBody(round * 100 + i), auth)),
      )
      const bad = replies.find((r) => r.status !== 200)
      if (bad) throw new Error(`warm-up password grant answered ${bad.status}: ${JSON.stringify(bad.json)}`)
    }

    // Requests still queued for a hash when a phase stops are finished by the server before the next phase.
    const drain = () => new Promise((r) => setTimeout(r, 500))
    const pids = () => [process.pid, labProcess.pid]
    const run = async (
      opts: autocannon.Options,
      expectedStatus: number,
      alongside?: (load: Promise<unknown>) => Promise<void>,
    ) => {
      const othersCpu = cpuMeter(pids)
      const load = autocannon({ duration: phaseSeconds, timeout: 10, ...opts })
      const side = alongside?.(load)
      const result = summarize(await load, expectedStatus, othersCpu())
      const c = (n: number | null) => (n === null ? 'n/a' : `${fmt(n, 2)} cores`)
      log(
        `  → ${fmt(result.rate)} /s; lab process ${c(result.labCores)}, load generator ${c(result.benchCores)}, ` +
          `other processes ${result.othersCpu === null ? 'n/a' : `${fmt(100 * result.othersCpu, 0)} %`} of the host`,
      )
      await side
      await drain()
      return result
    }
    let counter = 0

    // 3. Password grants (distinct users in rotation) + discovery GETs at 10/s while they saturate the server.
    log(`password grants: ${phaseSeconds} s, ${hashConnections} connections, discovery GET every 100 ms alongside…`)
    let discovery: { latencies: number[]; failures: number } = { latencies: [], failures: 0 }
    const password = await run(
      {
        url: tokenUrl,
        connections: hashConnections,
        method: 'POST',
        headers: { ...FORM, authorization: auth },
        requests: [{ setupRequest: (req) => ({ ...req, body: passwordBody(counter++) }) }],
      },
      200,
      async (load) => {
        // Start once the grants saturate the hash workers; stop when they stop.
        await new Promise((r) => setTimeout(r, Math.min(500, phaseSeconds * 100)))
        discovery = await sampleGets(baseUrl + DISCOVERY_PATH, 100, load)
      },
    )
    const distinctUsers = Math.min(USERS, counter)

    // The compare time again, the lab idle: the limit uses every sample (a VM's speed drifts).
    log('timing compareSync again…')
    timeCompares()
    const compareMs = median(samples)
    const limit = (cores * 1000) / compareMs
    log(`${cores} worker threads comparing in parallel, no server…`)
    const ceiling = await parallelCompareCeiling(cores, short ? 1000 : 3000, PASSWORD, passwordHash)

    // 4. Wrong client secret: every request pays a full compare (failures are never cached).
    log(`wrong client secret: ${phaseSeconds} s…`)
    const wrongSecret = await run(
      {
        url: tokenUrl,
        connections: hashConnections,
        method: 'POST',
        headers: { ...FORM, authorization: basic(CLIENT_ID, 'not-the-bench-secret') },
        requests: [{ setupRequest: (req) => ({ ...req, body: passwordBody(counter++) }) }],
      },
      401,
    )

    // 5. Malformed: no grant_type (RFC 6749 §5.2 invalid_request), answered before any hash.
    log(`malformed (no grant_type): ${phaseSeconds} s, ${cheapConnections} connections…`)
    const malformed = await run(
      {
        url: tokenUrl,
        connections: cheapConnections,
        method: 'POST',
        headers: { ...FORM, authorization: auth },
        body: `username=${username(1)}&password=${PASSWORD}`,
      },
      400,
    )

    // 6. Refresh with rotation (the default): a token is good once; each answer's token feeds the next request.
    log('pre-issuing refresh tokens…')
    const pool: string[] = []
    for (let i = 0; i < cheapConnections; i++) {
      const r = await postForm(tokenUrl, passwordBody(i), auth)
      if (r.status !== 200 || typeof r.json.refresh_token !== 'string') {
        throw new Error(`no refresh token from a password grant: ${r.status} ${JSON.stringify(r.json)}`)
      }
      pool.push(r.json.refresh_token)
    }
    let lastToken = pool[0]!
    const refreshBody = (t: string) => `grant_type=refresh_token&refresh_token=${encodeURIComponent(t)}`
    log(`refresh, rotation on: ${phaseSeconds} s, ${cheapConnections} connections…`)
    const refreshRotating = await run(
      {
        url: tokenUrl,
        connections: cheapConnections,
        method: 'POST',
        headers: { ...FORM, authorization: auth },
        requests: [
          {
            setupRequest: (req) => {
              const t = pool.shift() ?? lastToken // an empty pool means a refresh failed: the reuse will show as 400
              return { ...req, body: refreshBody(t) }
            },
            onResponse: (status, body) => {
              if (status !== 200) return
              const next = (JSON.parse(body) as { refresh_token?: unknown }).refresh_token
              if (typeof next === 'string') {
                pool.push(next)
                lastToken = next
              }
            },
          },
        ],
      },
      200,
    )

    // 7. Refresh with rotation off: the same few tokens, over and over.
    await labProcess.send({ cmd: 'settings', patch: { refreshTokenRotation: false } })
    const fixed = pool.slice(0, cheapConnections)
    while (fixed.length < cheapConnections) {
      const r = await postForm(tokenUrl, passwordBody(fixed.length), auth)
      if (typeof r.json.refresh_token !== 'string') throw new Error(`no refresh token: ${JSON.stringify(r.json)}`)
      fixed.push(r.json.refresh_token)
    }
    log(`refresh, rotation off: ${phaseSeconds} s, ${cheapConnections} connections…`)
    let fixedIndex = 0
    const refreshFixed = await run(
      {
        url: tokenUrl,
        connections: cheapConnections,
        method: 'POST',
        headers: { ...FORM, authorization: auth },
        requests: [{ setupRequest: (req) => ({ ...req, body: refreshBody(fixed[fixedIndex++ % fixed.length]!) }) }],
      },
      200,
    )

    await labProcess.send({ cmd: 'close' })

    // 8. The table.
    const ratio = password.rate / limit
    const discoveryP99 = percentile(discovery.latencies, 99)
    const pct = (x: number | null) => (x === null ? 'n/a' : `${fmt(100 * x, 0)} %`)
    const cpuOf = (r: PhaseResult) =>
      r.labCores === null || r.benchCores === null ? 'n/a' : `${fmt(r.labCores, 2)} / ${fmt(r.benchCores, 2)}`
    const rows: Row[] = [
      {
        metric: `bcryptjs compareSync, cost ${COST}, main thread (median of ${samples.length})`,
        measured: `${fmt(compareMs)} ms (${batchMedians.map((m) => fmt(m)).join(' then ')})`,
        target: '—',
        result: 'info',
        others: compareOthersCpu.map(pct).join(', '),
      },
      {
        metric: `limit = ${cores} cores ÷ compare time`,
        measured: `${fmt(limit)} grants/s`,
        target: '—',
        result: 'info',
      },
      {
        metric: `ceiling: ${cores} worker threads comparing, no server`,
        measured: `${fmt(ceiling)} compares/s (${fmt((100 * ceiling) / limit, 0)} % of limit)`,
        target: '—',
        result: 'info',
      },
      {
        metric: `password grants (${hashConnections} conns, ${distinctUsers} users)`,
        measured: `${fmt(password.rate)} /s${extra(password)}`,
        target: `≥ ${fmt(0.9 * limit)} /s`,
        result: passIf(ratio >= 0.9 && clean(password)),
        cpu: cpuOf(password),
        others: pct(password.othersCpu),
      },
      {
        metric: 'password grants ÷ limit',
        measured: `${fmt(100 * ratio)} %`,
        target: '≥ 90 %',
        result: passIf(ratio >= 0.9),
      },
      {
        metric: 'password grants ÷ worker ceiling',
        measured: `${fmt((100 * password.rate) / ceiling)} %`,
        target: '—',
        result: 'info',
      },
      {
        metric: 'password grant latency p50 / p99',
        measured: `${fmt(password.p50, 0)} / ${fmt(password.p99, 0)} ms`,
        target: '—',
        result: 'info',
      },
      {
        metric: 'wrong client secret → 401 (1 hash each)',
        measured: `${fmt(wrongSecret.rate)} /s (${fmt((100 * wrongSecret.rate) / limit, 0)} % of limit)${extra(wrongSecret)}`,
        target: '≤ limit (pays the hash)',
        result: passIf(wrongSecret.rate <= 1.1 * limit && clean(wrongSecret)),
        cpu: cpuOf(wrongSecret),
        others: pct(wrongSecret.othersCpu),
      },
      {
        metric: 'malformed (no grant_type) → 400',
        measured: `${fmt(malformed.rate, 0)} /s${extra(malformed)}`,
        target: '≥ 5,000 /s',
        result: passIf(malformed.rate >= 5000 && clean(malformed)),
        cpu: cpuOf(malformed),
        others: pct(malformed.othersCpu),
      },
      {
        metric: 'refresh grants, rotation on (chained)',
        measured: `${fmt(refreshRotating.rate, 0)} /s${extra(refreshRotating)}`,
        target: '≥ 2,000 /s',
        result: passIf(refreshRotating.rate >= 2000 && clean(refreshRotating)),
        cpu: cpuOf(refreshRotating),
        others: pct(refreshRotating.othersCpu),
      },
      {
        metric: 'refresh grants, rotation off',
        measured: `${fmt(refreshFixed.rate, 0)} /s${extra(refreshFixed)}`,
        target: '≥ 2,000 /s',
        result: passIf(refreshFixed.rate >= 2000 && clean(refreshFixed)),
        cpu: cpuOf(refreshFixed),
        others: pct(refreshFixed.othersCpu),
      },
      {
        metric: 'discovery GET p99 at 10/s under grant load',
        measured: `${fmt(discoveryP99)} ms (n=${discovery.latencies.length}, max ${fmt(Math.max(...discovery.latencies))})${
          discovery.failures ? ` +${discovery.failures} failed` : ''
        }`,
        target: '≤ 20 ms',
        result: passIf(discoveryP99 <= 20 && discovery.failures === 0 && discovery.latencies.length > 0),
        others: pct(password.othersCpu),
      },
    ]
    const title =
      `ROPC Lab token server — ${cores} cores, Node ${process.version}, ${USERS.toLocaleString('en-US')} users, bcrypt cost ${COST}, ` +
      `opaque tokens, ${phaseSeconds} s per phase${short ? ' (--short)' : ''}, loopback, total ${fmt((performance.now() - started) / 1000, 0)} s`
    const failed = rows.filter((r) => r.result === 'FAIL').length
    printTable(title, rows, [
      `${failed === 0 ? 'all targets met' : `${failed} target(s) missed`}. Password grants: ${hashConnections} connections, each request a different user ` +
        '(1 hash each: the client secret is verified once, then remembered). The worker ceiling is what the same compare ' +
        `reaches on ${cores} worker threads with nothing else running: on a VM a worker thread can be slower than the main thread. ` +
        'Wrong secret: every request pays a full compare, ' +
        'failures are never cached, so it cannot beat the limit. Refresh "rotation on" chains each new refresh token into the next ' +
        'request (each token used once); "rotation off" reuses a pool of ' +
        `${cheapConnections} tokens. "lab / load-gen CPU": cores used by the lab process (HTTP, SQLite, bcrypt workers) and by ` +
        `autocannon (this process), out of ${cores}. "others' CPU": share of the host's CPU used by processes other than this bench and its lab ` +
        'during the phase; above a few % the figures are depressed by that load.',
    ])
  } finally {
    cleanup()
  }
}

if (process.argv.includes(CHILD_FLAG)) {
  await runChild()
} else {
  try {
    await main()
    process.exit(0)
  } catch (err) {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
    process.exit(1)
  }
}
