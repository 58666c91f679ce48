// The soak's traffic: one paced loop per kind, all until the same deadline. Each counts its requests and the
// answers that were not what that kind must get.
import net from 'node:net'
import { ENDPOINT_PATHS } from '../../src/shared/wire'

export const CLIENT = { id: 'soak-client', secret: 'soak-secret' }
export const PASSWORD = 'soak-password'
export const USERS = 50
export const SCENARIO = 'soak: grant, refresh, reuse refused'

export interface Tally {
  requests: number
  errors: number
  lastError?: string
}
export type Tallies = Record<string, Tally>

const AUTH = `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`
const FORM = { 'content-type': 'application/x-www-form-urlencoded', authorization: AUTH }
const REQUEST_TIMEOUT_MS = 15_000

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs `once` about `perSecond` times a second until `deadline`, one at a time. */
async function paced(tally: Tally, perSecond: number, deadline: number, once: () => Promise<string | null>) {
  const gap = 1000 / perSecond
  while (Date.now() < deadline) {
    const started = Date.now()
    tally.requests++
    const problem = await once().catch((err: unknown) => (err instanceof Error ? err.message : String(err)))
    if (problem) {
      tally.errors++
      tally.lastError = problem
    }
    await sleep(Math.max(0, gap - (Date.now() - started)))
  }
}

async function postForm(url: string, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: FORM, body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

const grantBody = (i: number) => `grant_type=password&username=soak-user-${i % USERS}&password=${PASSWORD}`

export interface Targets {
  baseUrl: string
  proxyUrl: string
  uiUrl: string
}

function uiCall(uiUrl: string) {
  const u = new URL(uiUrl)
  const session = u.searchParams.get('session')!
  return async (method: string, input: unknown): Promise<{ ok: boolean; data?: unknown }> => {
    const res = await fetch(`${u.origin}/__lab/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ropc-lab-session': session },
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
    if (res.status !== 200) throw new Error(`${method} answered ${res.status}`)
    return (await res.json()) as { ok: boolean; data?: unknown }
  }
}

/**
 * An event-stream client that connects and then never reads: the server must not buffer for it without bound.
 * Returns a function that closes it.
 */
export function stalledEventStream(uiUrl: string): () => void {
  const u = new URL(uiUrl)
  const socket = net.connect(Number(u.port), u.hostname, () => {
    socket.write(`GET /__lab/events?session=${u.searchParams.get('session')} HTTP/1.1\r\nHost: ${u.host}\r\n\r\n`)
    socket.pause()
  })
  socket.on('error', () => {})
  return () => socket.destroy()
}

export async function runTraffic(t: Targets, deadline: number): Promise<Tallies> {
  const kinds = ['grant', 'refresh', 'malformed', 'proxy', 'ui-read', 'scenario'] as const
  const tallies = Object.fromEntries(kinds.map((k) => [k, { requests: 0, errors: 0 }])) as Record<
    (typeof kinds)[number],
    Tally
  >
  const token = ENDPOINT_PATHS.token
  const call = uiCall(t.uiUrl)
  let i = 0
  let refreshToken: string | null = null
  const grant = async (base: string) => {
    const r = await postForm(base + token, grantBody(i++))
    if (r.status !== 200) return `grant answered ${r.status}`
    refreshToken = r.json.refresh_token as string
    return null
  }
  const refresh = async () => {
    if (refreshToken === null) return grant(t.baseUrl)
    const r = await postForm(
      t.baseUrl + token,
      `grant_type=refresh_token&refresh_token=${encodeURIComponent(refreshToken)}`,
    )
    refreshToken = r.status === 200 ? (r.json.refresh_token as string) : null
    return r.status === 200 ? null : `refresh answered ${r.status}`
  }
  const malformed = async () => {
    const r = await postForm(t.baseUrl + token, `username=soak-user-1&password=${PASSWORD}`)
    return r.status === 400 ? null : `malformed answered ${r.status}`
  }
  const reads = [
    ['exchanges.list', { limit: 50 }],
    ['workspace.get', {}],
    ['findings.summary', {}],
    ['server.status', {}],
  ] as const
  let r = 0
  const uiRead = async () => {
    const [method, input] = reads[r++ % reads.length]!
    return (await call(method, input)).ok ? null : `${method} was not ok`
  }
  const scenario = async () => {
    const run = await call('scenarios.run', { run: { kind: 'scenario', name: SCENARIO }, target: { kind: 'embedded' } })
    return run.ok ? null : `scenarios.run was not ok: ${JSON.stringify(run).slice(0, 200)}`
  }
  await Promise.all([
    paced(tallies.grant, 20, deadline, () => grant(t.baseUrl)),
    paced(tallies.refresh, 40, deadline, refresh),
    paced(tallies.malformed, 40, deadline, malformed),
    paced(tallies.proxy, 10, deadline, () => grant(t.proxyUrl)),
    paced(tallies['ui-read'], 10, deadline, uiRead),
    paced(tallies.scenario, 0.5, deadline, scenario),
  ])
  return tallies
}
