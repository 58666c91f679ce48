// Every request is one Exchange (architecture.md "Contracts"): stored masked, readable as soon as
// the response arrived, unmasked body in memory only, findings and trace attached; and the single
// catch point keeps internal errors off the wire.
import { readFileSync, existsSync } from 'node:fs'
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { basic, expectOAuthError, type Harness, startHarness } from '../../helpers/token-server-harness'

const PASSWORD = 'alice-password-1'
const SECRET = 'legacy-secret'
const AUTH = basic('legacy', SECRET)
const GRANT = { grant_type: 'password', username: 'alice', password: PASSWORD }

let h: Harness

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({ clientId: 'legacy', secret: SECRET })
  await h.addUser({ username: 'alice', password: PASSWORD })
})
afterAll(async () => {
  await h.close()
})

describe('recording', () => {
  it('an exchange is stored before the response arrives, with the password, secret and Basic credentials masked', async () => {
    const r = await h.token(GRANT, AUTH)
    expect(r.status).toBe(200)
    const live = h.lastExchange()
    const stored = h.store.exchanges.get(live.id)
    expect(stored).not.toBeNull()
    expect(stored).toMatchObject({
      origin: 'external',
      endpoint: ENDPOINT_PATHS.token,
      method: 'POST',
      status: 200,
      grantType: 'password',
      clientId: 'legacy',
      username: 'alice',
    })
    expect(stored!.request.body).toBe('grant_type=password&username=alice&password=***')
    const authHeader = stored!.request.headers.find(([k]) => k.toLowerCase() === 'authorization')
    expect(authHeader?.[1]).toBe('Basic ***')
    expect(stored!.trace.find((s) => s.step === 'client_auth.method')?.detail).toContain('"legacy"')
    // Tokens are never stored as issued: an opaque token keeps a 6-character prefix to tell it apart.
    const issued = JSON.parse(r.text) as { access_token: string; refresh_token: string }
    expect(JSON.parse(stored!.response.body)).toEqual({
      ...issued,
      access_token: `${issued.access_token.slice(0, 6)}***`,
      refresh_token: `${issued.refresh_token.slice(0, 6)}***`,
    })
    expect(stored!.response.headers).toContainEqual(['Cache-Control', 'no-store'])
    expect(stored!.durationMs).toBeGreaterThan(0)
    expect(stored!.hashMs).toBeGreaterThan(0)
    expect(stored!.findingCount).toBe(stored!.findings.length)
  })

  it('revealed() returns the unmasked request and issued tokens from memory only', async () => {
    const res = await h.token({ ...GRANT, client_id: 'legacy', client_secret: SECRET })
    const issued = res.json() as { access_token: string; refresh_token: string }
    const id = h.lastExchange().id
    const live = h.server.exchanges.reveal(id)!
    expect(live.revealed).toBe(true)
    expect(live.request.body).toBe(
      `grant_type=password&username=alice&password=${PASSWORD}&client_id=legacy&client_secret=${SECRET}`,
    )
    expect(JSON.parse(live.response.body)).toMatchObject({ access_token: issued.access_token })
    const stored = h.store.exchanges.get(id)!
    expect(stored.request.body).toBe(
      'grant_type=password&username=alice&password=***&client_id=legacy&client_secret=***',
    )
    // Tokens are never stored as issued; the stored copy is no bearer credential.
    expect(stored.response.body).not.toContain(issued.access_token)
    expect(stored.response.body).not.toContain(issued.refresh_token)
    expect(h.server.exchanges.reveal('no-such-id')).toBeNull()
  })

  it('refresh tokens and tokens sent to introspection and revocation are masked in what is stored', async () => {
    const { refresh_token, access_token } = (await h.token(GRANT, AUTH)).json()
    await h.token({ grant_type: 'refresh_token', refresh_token }, AUTH)
    expect(h.store.exchanges.get(h.lastExchange().id)!.request.body).toBe('grant_type=refresh_token&refresh_token=***')
    await h.post(ENDPOINT_PATHS.introspect, { token: access_token }, AUTH)
    expect(h.store.exchanges.get(h.lastExchange().id)!.request.body).toBe('token=***')
  })

  it('404, 405 and 413 are recorded too', async () => {
    const n = h.exchanges.length
    await h.request('GET', '/favicon.ico')
    await h.request('GET', ENDPOINT_PATHS.token)
    await h.token(`pad=${'x'.repeat(70_000)}`)
    expect(h.exchanges.slice(n).map((e) => e.status)).toEqual([404, 405, 413])
    for (const e of h.exchanges.slice(n)) expect(h.store.exchanges.get(e.id)).not.toBeNull()
  })

  it('RFC 6749 §1.6/§3.2: insecure_transport is shown once per exchange as info', async () => {
    await h.token({ ...GRANT, client_id: 'legacy', client_secret: SECRET })
    const codes = h.lastExchange().findings.map((f) => f.code)
    expect(codes.filter((c) => c === 'insecure_transport')).toHaveLength(1)
    expect(h.lastExchange().findings.find((f) => f.code === 'insecure_transport')?.severity).toBe('info')
  })

  it('an exchange announced by the runner is marked origin "composer"', async () => {
    const wait = h.server.exchanges.senders.awaitExchange('composer')
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${h.baseUrl}${ENDPOINT_PATHS.metadata}`, { agent: false }, (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      })
      req.on('socket', (socket) => socket.once('connect', () => wait.expect(socket.localPort!)))
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(200)
    const recorded = await wait.exchange
    expect(recorded).not.toBeNull()
    expect(recorded!.origin).toBe('composer')
    expect(h.store.exchanges.get(recorded!.id)!.origin).toBe('composer')
    // The next, unannounced request is external again.
    await h.request('GET', ENDPOINT_PATHS.metadata)
    expect(h.lastExchange().origin).toBe('external')
  })

  it('a cancelled composer wait resolves null', async () => {
    const wait = h.server.exchanges.senders.awaitExchange('composer')
    wait.cancel()
    expect(await wait.exchange).toBeNull()
  })

  it('retention: the exchange log is pruned to settings.exchangeRetention', async () => {
    h.store.settings.update({ exchangeRetention: 20 })
    try {
      for (let i = 0; i < 120; i++) await h.token({ username: 'x' })
      const { total } = h.store.exchanges.list({}, 1, 0)
      expect(total).toBeLessThanOrEqual(20 + 100)
      expect(total).toBeGreaterThanOrEqual(20)
    } finally {
      h.store.settings.update({ exchangeRetention: 10_000 })
    }
  })

  it('no plaintext password or secret anywhere in the database file', async () => {
    for (let i = 0; i < 5; i++) await h.token({ ...GRANT, client_id: 'legacy', client_secret: SECRET })
    h.store.db.pragma('wal_checkpoint(TRUNCATE)')
    for (const file of [h.dbPath, `${h.dbPath}-wal`]) {
      if (!existsSync(file)) continue
      const bytes = readFileSync(file)
      expect(bytes.includes(PASSWORD), file).toBe(false)
      expect(bytes.includes(SECRET), file).toBe(false)
    }
  })
})

describe('the single catch point (architecture.md "Contracts")', () => {
  it('RFC 6749 §5.2: an internal failure is server_error 500, the cause in the trace, never on the wire', async () => {
    const original = h.store.users.get.bind(h.store.users)
    h.store.users.get = () => {
      throw new Error('disk on fire at /secret/path')
    }
    try {
      const r = await h.token(GRANT, AUTH)
      expectOAuthError(r, 500, 'server_error', 'The server encountered an unexpected condition.')
      expect(r.text).not.toContain('disk on fire')
      expect(r.text).not.toContain('at ')
      const e = h.lastExchange()
      expect(e.error).toBe('server_error')
      expect(e.trace.at(-1)?.detail).toContain('disk on fire')
    } finally {
      h.store.users.get = original
    }
    expect((await h.token(GRANT, AUTH)).status).toBe(200)
  })

  it('onExchange listeners are told, and a throwing listener does not break the server', async () => {
    const seen: string[] = []
    const off1 = h.server.exchanges.onExchange(() => {
      throw new Error('listener bug')
    })
    const off2 = h.server.exchanges.onExchange((e) => seen.push(e.id))
    try {
      expect((await h.request('GET', ENDPOINT_PATHS.jwks)).status).toBe(200)
      expect(seen).toEqual([h.lastExchange().id])
    } finally {
      off1()
      off2()
    }
  })
})
