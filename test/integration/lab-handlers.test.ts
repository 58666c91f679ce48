import { createServer, type Server } from 'node:http'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { dispatchLabCall, invokeLab } from '../../src/lab/dispatch'
import type { Lab } from '../../src/lab/lab-types'
import type { LabEvents, LabInput, LabMethod, LabOutput } from '../../src/shared/lab-api'

const demo = JSON.parse(readFileSync(new URL('../../resources/demo-workspace.json', import.meta.url), 'utf8')) as {
  settings: Record<string, unknown>
}

let dir: string
let lab: Lab
const recorded: Array<LabEvents['exchange.recorded']> = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-lab-'))
  lab = await createLab({
    dbPath: join(dir, 'lab.db'),
    workspace: { ...demo, settings: { ...demo.settings, bcryptCost: 4 } },
  })
  lab.events.on('exchange.recorded', (e) => recorded.push(e))
  await lab.start({ port: 0 })
})
afterAll(async () => {
  await lab.close()
  rmSync(dir, { recursive: true, force: true })
})

const h = () => lab.handlers
const call = <M extends LabMethod>(m: M, input: LabInput<M>): Promise<LabOutput<M>> => invokeLab(lab.handlers, m, input)

describe('LabApi handlers over a real lab', () => {
  it('server.status reports the loopback URL and the issuer', async () => {
    const s = await call('server.status', {})
    expect(s.running).toBe(true)
    expect(s.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(s.issuer).toBe(s.baseUrl)
  })

  it('clients.create generates a secret once and stores only its hash', async () => {
    const { client, secret } = await call('clients.create', { clientId: 'legacy:app', scopes: ['read'] })
    expect(client).toMatchObject({ clientId: 'legacy:app', public: false, hasSecret: true })
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(JSON.stringify(await call('workspace.get', {}))).not.toContain(secret!)
    const exchange = await call('runner.send', {
      target: 'token',
      auth: { method: 'basic', clientId: 'legacy:app', clientSecret: secret!, formEncodeBasic: true },
      params: [
        ['grant_type', 'password'],
        ['username', 'demo'],
        ['password', 'demo-password'],
      ],
      extraHeaders: [],
    })
    expect(exchange.status).toBe(200)
  })

  it('refuses a client naming an unknown scope, with the problem next to the field', async () => {
    const r = await dispatchLabCall(h(), 'clients.create', { clientId: 'x', scopes: ['nope'] })
    expect(r).toEqual({
      ok: false,
      error: { kind: 'validation', message: 'client "x" is not valid', details: ['scopes[0]: unknown scope "nope"'] },
    })
  })

  it('validates untrusted input with zod before any handler runs', async () => {
    const r = await dispatchLabCall(h(), 'users.create', { username: 'a\nb', password: '' })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.kind).toBe('validation')
      expect(r.error.details?.join(' ')).toMatch(/username/)
    }
    expect((await dispatchLabCall(h(), 'no.such', {})).ok).toBe(false)
  })

  it('runner.send to the embedded server returns the server-side exchange (trace included), marked composer', async () => {
    const before = recorded.length
    const e = await call('runner.send', {
      target: 'token',
      auth: { method: 'body', clientId: 'legacy', clientSecret: 'legacy-demo-secret' },
      params: [
        ['grant_type', 'password'],
        ['username', 'demo'],
        ['password', 'wrong'],
      ],
    })
    expect(e.status).toBe(400)
    expect(e.origin).toBe('composer')
    expect(e.error).toBe('invalid_grant')
    expect(e.trace.length).toBeGreaterThan(2)
    expect(e.request.body).not.toContain('wrong')
    expect(e.request.body).not.toContain('legacy-demo-secret')
    // One record per exchange, not two.
    expect(recorded.length).toBe(before + 1)
    expect(recorded.at(-1)?.id).toBe(e.id)
    const revealed = await call('exchanges.get', { id: e.id, reveal: true })
    expect(revealed.revealed).toBe(true)
    expect(revealed.request.body).toContain('password=wrong')
  })

  it('runner.send to another server records what the client saw', async () => {
    const other: Server = createServer((req, res) => {
      res.writeHead(400, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ error: 'invalid_client' }))
    })
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()))
    const port = (other.address() as { port: number }).port
    const e = await call('runner.send', {
      target: `http://127.0.0.1:${port}/token`,
      auth: { method: 'basic', clientId: 'c', clientSecret: 'sec' },
      params: [
        ['grant_type', 'password'],
        ['username', 'u'],
        ['password', 'p'],
      ],
    })
    other.close()
    expect(e).toMatchObject({ origin: 'composer', status: 400, error: 'invalid_client', endpoint: '/token' })
    expect(e.request.headers.find(([k]) => k === 'Authorization')?.[1]).toBe('Basic ***')
    expect(e.request.body).toBe('grant_type=password&username=u&password=***')
    expect((await call('exchanges.get', { id: e.id, reveal: false })).status).toBe(400)
  })

  it('tokens.decode verifies a JWT access token against the server JWKS', async () => {
    const e = await call('runner.send', {
      target: 'token',
      auth: { method: 'basic', clientId: 'legacy', clientSecret: 'legacy-demo-secret' },
      params: [
        ['grant_type', 'password'],
        ['username', 'demo'],
        ['password', 'demo-password'],
      ],
    })
    const token = (JSON.parse(e.response.body) as { access_token: string }).access_token
    const decoded = await call('tokens.decode', { token })
    expect(decoded.kind).toBe('jwt')
    expect(decoded.header).toMatchObject({ typ: 'at+jwt' })
    expect(decoded.payload).toMatchObject({ sub: 'demo', client_id: 'legacy', scope: 'read' })
    expect(decoded.signature?.verified).toBe(true)
    const tampered = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA')
    expect((await call('tokens.decode', { token: tampered })).signature?.verified).toBe(false)
    expect((await call('tokens.decode', { token: 'opaque-value' })).kind).toBe('opaque')
  })

  it('users: lock state shows and unlock clears it (RFC 6749 §4.3.2)', async () => {
    for (let i = 0; i < 5; i++) {
      await call('runner.send', {
        target: 'token',
        auth: { method: 'body', clientId: 'legacy', clientSecret: 'legacy-demo-secret' },
        params: [
          ['grant_type', 'password'],
          ['username', 'alice'],
          ['password', `bad-${i}`],
        ],
      })
    }
    const locked = (await call('workspace.get', {})).users.find((u) => u.username === 'alice')!
    expect(locked.lockedUntil).not.toBeNull()
    const unlocked = await call('users.unlock', { username: 'alice' })
    expect(unlocked).toMatchObject({ lockedUntil: null, failedAttempts: 0 })
  })

  it('exchanges.list filters and exchanges.clear empties', async () => {
    const all = await call('exchanges.list', { limit: 100, offset: 0 })
    expect(all.total).toBeGreaterThan(3)
    const failures = await call('exchanges.list', { limit: 100, offset: 0, error: 'invalid_grant' })
    expect(failures.items.every((x) => x.error === 'invalid_grant')).toBe(true)
    const byUser = await call('exchanges.list', { limit: 100, offset: 0, text: 'alice' })
    expect(byUser.items.length).toBeGreaterThanOrEqual(5)
    expect((await call('exchanges.clear', {})).cleared).toBe(all.total)
    expect((await call('exchanges.list', { limit: 10, offset: 0 })).total).toBe(0)
  })
})

describe('tokens in the exchange log', () => {
  it('the composer gets tokens as issued; the stored copy of a JWT keeps its claims, not its signature', async () => {
    const sent = await invokeLab(lab.handlers, 'runner.send', {
      target: 'token',
      auth: { method: 'basic', clientId: 'legacy', clientSecret: 'legacy-demo-secret' },
      params: [
        ['grant_type', 'password'],
        ['username', 'demo'],
        ['password', 'demo-password'],
      ],
    })
    const issued = JSON.parse(sent.response.body) as { access_token: string }
    const stored = await invokeLab(lab.handlers, 'exchanges.get', { id: sent.id, reveal: false })
    const storedToken = (JSON.parse(stored.response.body) as { access_token: string }).access_token
    expect(storedToken).not.toBe(issued.access_token)
    expect(storedToken.split('.').slice(0, 2)).toEqual(issued.access_token.split('.').slice(0, 2))
    const decoded = await invokeLab(lab.handlers, 'tokens.decode', { token: storedToken })
    expect(decoded.payload).toMatchObject({ sub: 'demo' })
    expect(decoded.signature).toMatchObject({
      verified: false,
      error: expect.stringContaining('never stored as issued'),
    })
    const revealed = await invokeLab(lab.handlers, 'exchanges.get', { id: sent.id, reveal: true })
    expect(revealed.response.body).toContain(issued.access_token)
  })
})
