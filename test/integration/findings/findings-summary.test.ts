// `findings.summary`: "what each client did wrong", counted by SQL over the exchange log of a real
// lab (real HTTP from outside clients, a real SQLite file), through the same validated call every
// bridge makes.
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../../src/lab/create-lab'
import { dispatchLabCall, invokeLab } from '../../../src/lab/dispatch'
import type { Lab } from '../../../src/lab/lab-types'
import type { FindingsSummary } from '../../../src/shared/lab-api'
import { basicAuthorization } from '../../../src/shared/token-request'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'

const GRANT = 'grant_type=password&username=alice&password=alice-password-1'

let lab: Lab
let base: string
let dir: string

function post(body: string, headers: Record<string, string> = {}, path: string = ENDPOINT_PATHS.token) {
  return new Promise<number>((resolve, reject) => {
    const req = http.request(
      new URL(path, base),
      { method: 'POST', agent: false, headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const summary = (input: { from?: string; to?: string; origin?: 'external' | 'composer' | 'scenario' | 'proxy' } = {}) =>
  invokeLab(lab.handlers, 'findings.summary', input)
const clientOf = (s: FindingsSummary, id: string | null) => s.clients.find((c) => c.clientId === id)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-findings-summary-'))
  lab = await createLab({
    dbPath: join(dir, 'lab.db'),
    hashThreads: 1,
    workspace: {
      version: 1,
      settings: { bcryptCost: 4 },
      scopes: [{ name: 'read', default: true }],
      clients: [
        { clientId: 'legacy', secret: 'legacy-secret', scopes: ['read'] },
        { clientId: 'tidy', secret: 'tidy-secret', scopes: ['read'] },
      ],
      users: [{ username: 'alice', password: 'alice-password-1' }],
    },
  })
  base = (await lab.start({ port: 0 })).baseUrl!
})
afterAll(async () => {
  await lab.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('findings.summary', () => {
  let before: string
  let between: string

  it('counts each client finding per client id, with first and last seen, most findings first', async () => {
    before = new Date().toISOString()
    // legacy: twice a repeated scope, once body credentials; tidy: one clean Basic grant; and no client at all.
    await post(`${GRANT}&scope=read&scope=read`, { Authorization: basicAuthorization('legacy', 'legacy-secret') })
    await post(`${GRANT}&scope=read&scope=read`, { Authorization: basicAuthorization('legacy', 'legacy-secret') })
    await new Promise((r) => setTimeout(r, 5))
    between = new Date().toISOString()
    await new Promise((r) => setTimeout(r, 5))
    await post(`${GRANT}&client_id=legacy&client_secret=legacy-secret`)
    await post(GRANT, { Authorization: basicAuthorization('tidy', 'tidy-secret') })
    await post(GRANT)

    const s = await summary()
    expect(s.clients.map((c) => c.clientId)).toEqual(['legacy', 'tidy', null])
    const legacy = clientOf(s, 'legacy')!
    expect(legacy.exchanges).toBe(3)
    const repeated = legacy.findings.find((f) => f.code === 'repeated_parameter')!
    expect(repeated.count).toBe(2)
    expect(repeated.firstAt < repeated.lastAt).toBe(true)
    expect(repeated.firstAt >= before).toBe(true)
    expect(legacy.findings.find((f) => f.code === 'client_secret_post_used')).toMatchObject({ count: 1 })
    // insecure_transport on all three: the most frequent first.
    expect(legacy.findings[0]).toMatchObject({ code: 'insecure_transport', count: 3 })

    // A clean client is listed with its exchanges and only the info cautions.
    const tidy = clientOf(s, 'tidy')!
    expect(tidy.exchanges).toBe(1)
    expect(tidy.findings.map((f) => f.code).sort()).toEqual(['insecure_transport', 'scope_without_consent'])
    // No client authentication at all: the client id is unknown (null), its findings still count.
    expect(clientOf(s, null)!.findings.map((f) => f.code)).toContain('insecure_transport')
  })

  it('counts client findings only: a server finding on an answer from another server is not the client’s', async () => {
    // Another server that answers a token request with an HTML page: server findings on its answer.
    const other = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' })
      res.end('<html>sign in</html>')
    })
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
    const port = (other.address() as AddressInfo).port
    try {
      const sent = await invokeLab(lab.handlers, 'runner.send', {
        target: `http://127.0.0.1:${port}/token`,
        auth: { method: 'basic', clientId: 'elsewhere', clientSecret: 's' },
        params: [['grant_type', 'password']],
      })
      const serverCodes = sent.findings.filter((f) => f.side === 'server').map((f) => f.code)
      expect(serverCodes).toContain('response_not_json')
      const elsewhere = clientOf(await summary(), 'elsewhere')
      for (const code of serverCodes) expect(elsewhere?.findings.map((f) => f.code) ?? []).not.toContain(code)
    } finally {
      await new Promise((resolve) => other.close(resolve))
    }
  })

  it('takes a time range (ISO 8601, an offset read as that instant)', async () => {
    const later = await summary({ from: between })
    const legacy = clientOf(later, 'legacy')!
    expect(legacy.exchanges).toBe(1)
    expect(legacy.findings.map((f) => f.code)).not.toContain('repeated_parameter')
    const earlier = await summary({ to: between })
    expect(clientOf(earlier, 'tidy')).toBeUndefined()
    expect(clientOf(earlier, 'legacy')!.findings.find((f) => f.code === 'repeated_parameter')?.count).toBe(2)
    // The same instant written with an offset.
    const shifted = new Date(Date.parse(between) + 2 * 3600_000).toISOString().replace('Z', '+02:00')
    expect(await summary({ from: shifted })).toEqual(later)
    expect((await summary({ from: '2999-01-01T00:00:00Z' })).clients).toEqual([])
  })

  it('refuses input that is not an ISO 8601 instant, naming the field', async () => {
    const r = await dispatchLabCall(lab.handlers, 'findings.summary', { from: 'yesterday' })
    expect(r).toMatchObject({ ok: false, error: { kind: 'validation' } })
    expect(!r.ok && r.error.details?.[0]).toMatch(/^from: /)
    expect(await dispatchLabCall(lab.handlers, 'findings.summary', { clientId: 'x' })).toMatchObject({ ok: false })
  })

  it('counts each origin apart: what the lab sent under a client’s id is not blamed on that client', async () => {
    const externalBefore = clientOf(await summary({ origin: 'external' }), 'legacy')!
    // The composer sends legacy's credentials with a repeated scope on purpose.
    const sent = await invokeLab(lab.handlers, 'runner.send', {
      target: 'token',
      auth: { method: 'basic', clientId: 'legacy', clientSecret: 'legacy-secret', formEncodeBasic: true },
      params: [
        ['grant_type', 'password'],
        ['username', 'alice'],
        ['password', 'alice-password-1'],
        ['scope', 'read'],
        ['scope', 'read'],
      ],
    })
    expect(sent.origin).toBe('composer')
    const all = await summary()
    const legacy = all.clients.filter((c) => c.clientId === 'legacy')
    expect(legacy.map((c) => c.origin).sort()).toEqual(['composer', 'external'])
    const fromComposer = legacy.find((c) => c.origin === 'composer')!
    expect(fromComposer.exchanges).toBe(1)
    expect(fromComposer.findings.find((f) => f.code === 'repeated_parameter')?.count).toBe(1)
    // The client's own entry is unchanged, and the origin filter keeps one origin only.
    expect(legacy.find((c) => c.origin === 'external')).toEqual(externalBefore)
    const composerOnly = await summary({ origin: 'composer' })
    expect(composerOnly.clients.every((c) => c.origin === 'composer')).toBe(true)
    expect(composerOnly.clients.map((c) => c.clientId)).toContain('legacy')
    expect(composerOnly.clients.map((c) => c.clientId)).not.toContain('tidy')
    expect(await dispatchLabCall(lab.handlers, 'findings.summary', { origin: 'somewhere' })).toMatchObject({
      ok: false,
    })
  })
})
