// The report's SQL aggregates (store/report-queries.ts) on 10,000 exchanges written to a real
// SQLite file: every count agrees with the same count taken in plain TypeScript over the very
// exchanges that were written, and the time the whole report takes is printed.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectMigrationReport } from '../../src/lab/report/index'
import type { Exchange, ExchangeOrigin, Finding, HeaderList, TraceStep } from '../../src/shared/exchange'
import type { MigrationReport } from '../../src/shared/migration-report'
import { openStore, type Store } from '../../src/store/index'

const COUNT = 10_000
const CLIENTS = Array.from({ length: 24 }, (_, i) => `client-${String(i).padStart(2, '0')}`)
const ORIGINS: ExchangeOrigin[] = ['external', 'external', 'external', 'external', 'proxy', 'composer', 'scenario']
const METHODS = ['client_secret_basic', 'client_secret_post', 'none'] as const

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(start: number): () => number {
  let a = start
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Seeded {
  exchange: Exchange
  /** The method the request used, and whether the trace says it. */
  method: (typeof METHODS)[number]
  traced: boolean
  deprecated: boolean
}

function seed(): Seeded[] {
  const next = random(9700)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
  const start = Date.UTC(2030, 0, 1)
  return Array.from({ length: COUNT }, (_, i) => {
    const clientIndex = Math.floor(next() * CLIENTS.length)
    const clientId = next() < 0.02 ? undefined : CLIENTS[clientIndex]
    const kind = next()
    const grantType = kind < 0.7 ? 'password' : kind < 0.9 ? 'refresh_token' : undefined
    const ok = next() < 0.75
    // Client i has i % 4 + 1 users: client-00 one technical user, others several.
    const username =
      grantType === 'password' ? `user-${clientIndex}-${Math.floor(next() * ((clientIndex % 4) + 1))}` : undefined
    const method = pick(METHODS)
    const traced = next() < 0.8
    const deprecated = grantType === 'password' && ok && clientIndex % 3 === 0 && i > COUNT / 2
    const headers: HeaderList = [['Content-Type', 'application/x-www-form-urlencoded']]
    if (method === 'client_secret_basic') headers.push(['Authorization', 'Basic ***'])
    headers.push(['User-Agent', `agent-${clientIndex % 5}`])
    const body = [
      grantType ? `grant_type=${grantType}` : 'token=***',
      method !== 'client_secret_basic' && clientId ? `client_id=${clientId}` : '',
      method === 'client_secret_post' ? 'client_secret=***' : '',
    ]
      .filter(Boolean)
      .join('&')
    const trace: TraceStep[] = traced
      ? [{ step: 'client_auth.method', outcome: 'ok', detail: `${method} (client_id "${clientId ?? ''}")` }]
      : [{ step: 'proxy.relay', outcome: 'ok', detail: 'relayed' }]
    const findings: Finding[] = []
    if (method === 'client_secret_post') {
      findings.push({ code: 'client_secret_post_used', side: 'client', severity: 'info', rfc: 'x', message: 'm' })
    }
    if (grantType === 'refresh_token' && !ok && next() < 0.3) {
      findings.push({ code: 'refresh_token_reuse', side: 'client', severity: 'error', rfc: 'x', message: 'm' })
    }
    const responseHeaders: HeaderList = [['Content-Type', 'application/json']]
    if (deprecated) responseHeaders.push(['deprecation', '@1735689600'])
    const exchange: Exchange = {
      id: `seed-${i}`,
      at: new Date(start + i * 1000).toISOString(),
      origin: pick(ORIGINS),
      endpoint: grantType ? '/oauth/v2/oauth-token' : '/oauth/v2/oauth-introspect',
      method: 'POST',
      status: ok ? 200 : 400,
      ...(grantType && { grantType }),
      ...(clientId && { clientId }),
      ...(username && { username }),
      ...(!ok && { error: pick(['invalid_grant', 'invalid_client', 'invalid_scope']) }),
      durationMs: 1,
      findingCount: findings.length,
      request: { method: 'POST', target: '/oauth/v2/oauth-token', headers, body },
      response: { status: ok ? 200 : 400, headers: responseHeaders, body: '{}' },
      hashMs: 0,
      trace,
      findings,
    }
    return { exchange, method, traced, deprecated }
  })
}

let dir: string
let store: Store
let seeded: Seeded[]
let report: MigrationReport

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-report-'))
  store = openStore(join(dir, 'lab.db'))
  seeded = seed()
  store.transaction(() => seeded.forEach((s) => store.exchanges.insert(s.exchange)))
  const started = performance.now()
  report = collectMigrationReport(store)
  const ms = performance.now() - started
  console.log(`migration report over ${COUNT} exchanges: ${ms.toFixed(1)} ms (${report.clients.length} clients)`)
})
afterAll(async () => {
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The exchanges the report counts by default: real clients (external, proxy), not the lab's own. */
const counted = () => seeded.filter((s) => s.exchange.origin === 'external' || s.exchange.origin === 'proxy')

describe('report queries on 10,000 exchanges', () => {
  it('the totals agree with a count over the exchanges written', () => {
    const pw = counted().filter((s) => s.exchange.grantType === 'password')
    const excluded = seeded.filter((s) => s.exchange.grantType === 'password').length - pw.length
    expect(report.summary.passwordGrants).toEqual({
      requests: pw.length,
      successes: pw.filter((s) => s.exchange.status === 200).length,
      failures: pw.filter((s) => s.exchange.status !== 200).length,
      distinctUsers: new Set(pw.map((s) => s.exchange.username)).size,
    })
    expect(report.summary.grantsWithoutClient).toBe(pw.filter((s) => !s.exchange.clientId).length)
    expect(report.summary.refreshGrants).toBe(counted().filter((s) => s.exchange.grantType === 'refresh_token').length)
    expect(report.scope.excludedLabGrants).toBe(excluded)
    expect(report.summary.firstSeen).toBe(pw[0]!.exchange.at)
    expect(report.summary.lastSeen).toBe(pw.at(-1)!.exchange.at)
    expect(report.summary.passwordGrants.requests).toBeGreaterThan(4000)
  })

  it('each client: password grants, users, refreshes, client authentication, findings, deprecation', () => {
    expect(report.clients.map((c) => c.clientId).sort()).toEqual([...CLIENTS].sort())
    for (const c of report.clients) {
      const mine = counted().filter((s) => s.exchange.clientId === c.clientId)
      const pw = mine.filter((s) => s.exchange.grantType === 'password')
      const rt = mine.filter((s) => s.exchange.grantType === 'refresh_token')
      const grants = [...pw, ...rt]
      const users = new Set(pw.map((s) => s.exchange.username))
      expect(c.passwordGrants, c.clientId).toMatchObject({
        requests: pw.length,
        successes: pw.filter((s) => s.exchange.status === 200).length,
        distinctUsers: users.size,
        onlyUser: users.size === 1 ? [...users][0] : null,
        firstSeen: pw[0]?.exchange.at ?? null,
        lastSeen: pw.at(-1)?.exchange.at ?? null,
      })
      const failures = new Map<string, number>()
      for (const s of pw.filter((x) => x.exchange.status !== 200)) {
        failures.set(s.exchange.error!, (failures.get(s.exchange.error!) ?? 0) + 1)
      }
      expect(Object.fromEntries(c.passwordGrants.failuresByError.map((e) => [e.error, e.count]))).toEqual(
        Object.fromEntries(failures),
      )
      const reuse = rt.filter((s) => s.exchange.findings.some((f) => f.code === 'refresh_token_reuse')).length
      expect(c.refresh).toMatchObject({ requests: rt.length, reuseDetected: reuse })

      const auth = Object.fromEntries(
        METHODS.map((m) => {
          const used = grants.filter((s) => s.method === m)
          const fromTrace = used.filter((s) => s.traced).length
          return [m, { method: m, exchanges: used.length, fromTrace, fromRequest: used.length - fromTrace }]
        }).filter(([, a]) => (a as { exchanges: number }).exchanges > 0),
      )
      expect(Object.fromEntries(c.authentication.map((a) => [a.method, a]))).toEqual(auth)

      const post = mine.filter((s) => s.method === 'client_secret_post').length
      expect(c.findings.find((f) => f.code === 'client_secret_post_used')?.count ?? 0).toBe(post)

      const notices = pw.filter((s) => s.deprecated)
      expect(c.deprecation).toMatchObject({
        answersWithHeader: notices.length,
        firstNoticeAt: notices[0]?.exchange.at ?? null,
        grantsAfterNotice: notices.length ? pw.filter((s) => s.exchange.at > notices[0]!.exchange.at).length : 0,
      })
      expect(
        c.userAgents.map((u) => u.value),
        c.clientId,
      ).toEqual([`agent-${Number(c.clientId.slice(-2)) % 5}`])
    }
  })

  it('the heuristics on the seeded clients: one user per client is client credentials, several are PKCE', () => {
    // Without registered clients the type is inferred from the methods; these clients use all three.
    const kinds = new Set(
      report.clients.filter((c) => c.passwordGrants.distinctUsers > 1).map((c) => c.recommendation.kind),
    )
    expect([...kinds]).toEqual(['authorization_code_pkce'])
    const single = report.clients.filter((c) => c.passwordGrants.distinctUsers === 1)
    expect(single.length).toBeGreaterThan(0)
    expect(single.every((c) => c.recommendation.kind === 'client_credentials')).toBe(true)
  })
})
