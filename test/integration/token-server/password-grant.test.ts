// RFC 6749 §4.3.2 (the password grant), §3.3 (scope), §5.1 (success), and the lockout and
// timing-parity rules (RFC 6749 §4.3.2, §10.7).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Exchange } from '../../../src/shared/exchange'
import { basic, expectOAuthError, hashSteps, type Harness, startHarness } from '../../helpers/token-server-harness'

const AUTH = basic('legacy', 'legacy-secret')
const BAD = 'The username or password is incorrect.'
const grant = (username: string, password: string, extra: Record<string, string> = {}) => ({
  grant_type: 'password',
  username,
  password,
  ...extra,
})

let h: Harness

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({ clientId: 'legacy', secret: 'legacy-secret', scopes: ['read', 'write'] })
  await h.addClient({ clientId: 'no-refresh', secret: 'no-refresh-secret', grantTypes: ['password'] })
  await h.addClient({ clientId: 'refresh-only', secret: 'refresh-only-secret', grantTypes: ['refresh_token'] })
  await h.addClient({
    clientId: 'custom-defaults',
    secret: 'cd-secret',
    scopes: ['read', 'write'],
    defaultScopes: ['write'],
  })
  await h.addClient({ clientId: 'no-defaults', secret: 'nd-secret', scopes: ['write'] })
  await h.addUser({ username: 'alice', password: 'alice-password-1', claims: { email: 'alice@example.com' } })
  await h.addUser({ username: 'bob', password: 'bob-password-1', disabled: true })
  await h.addUser({ username: 'carol', password: 'carol-password-1' })
  await h.addUser({ username: 'dave', password: 'dave-password-1' })
  await h.addUser({ username: 'erin', password: 'erin-password-1' })
  await h.addUser({ username: 'frank', password: 'frank-password-1' })
  // Warm the secret cache so each test below pays exactly the hashes it is about.
  expect((await h.token(grant('alice', 'alice-password-1'), AUTH)).status).toBe(200)
})
afterAll(async () => {
  await h.close()
})

const passwordCompares = (e: Exchange) => hashSteps(e).filter((s) => s === 'user.password')

describe('success (RFC 6749 §4.3.2, §5.1)', () => {
  it('RFC 6749 §5.1: the response is JSON with access_token, token_type Bearer, expires_in, refresh_token and scope, never cached', async () => {
    const r = await h.token(grant('alice', 'alice-password-1'), AUTH)
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toBe('application/json')
    expect(r.headers['cache-control']).toBe('no-store')
    expect(r.headers.pragma).toBe('no-cache')
    const body = r.json()
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'scope', 'token_type'])
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'read' })
    // ≥ 256 random bits, base64url.
    expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{43,}$/)
    expect(body.refresh_token).toMatch(/^[A-Za-z0-9_-]{43,}$/)
    expect(body.access_token).not.toBe(body.refresh_token)
  })

  it('RFC 6749 §5.1: no refresh_token when the client may not use the refresh_token grant', async () => {
    const r = await h.token(grant('alice', 'alice-password-1'), basic('no-refresh', 'no-refresh-secret'))
    expect(r.status).toBe(200)
    expect(r.json().refresh_token).toBeUndefined()
  })

  it('RFC 9700 §2.4: a successful password grant records the info finding scope_without_consent', async () => {
    await h.token(grant('alice', 'alice-password-1'), AUTH)
    const e = h.lastExchange()
    expect(e.findings.find((f) => f.code === 'scope_without_consent')).toMatchObject({ severity: 'info' })
    expect(e.findings.filter((f) => f.code === 'insecure_transport')).toHaveLength(1)
  })

  it('RFC 6749 §4.3.2: a confidential client that already authenticated costs exactly one hash per grant', async () => {
    await h.token(grant('alice', 'alice-password-1'), AUTH)
    expect(hashSteps(h.lastExchange())).toEqual(['user.password'])
  })
})

describe('request checks before any hash (RFC 6749 §4.3.2)', () => {
  it('RFC 6749 §4.3.2: a missing username or password is invalid_request, without a hash', async () => {
    const noUser = await h.token({ grant_type: 'password', password: 'x' }, AUTH)
    expectOAuthError(noUser, 400, 'invalid_request', 'Missing parameter: username.')
    expect(hashSteps(h.lastExchange())).toEqual([])
    const neither = await h.token({ grant_type: 'password' }, AUTH)
    expectOAuthError(neither, 400, 'invalid_request', 'Missing parameter: username, password.')
  })

  it('RFC 6749 §5.2: a client not allowed the password grant is unauthorized_client, before the password hash', async () => {
    const r = await h.token(grant('alice', 'alice-password-1'), basic('refresh-only', 'refresh-only-secret'))
    expectOAuthError(r, 400, 'unauthorized_client', 'This client is not allowed the password grant.')
    expect(passwordCompares(h.lastExchange())).toEqual([])
  })

  it('RFC 6749 §4.3.2: confidential clients must authenticate before the password is checked', async () => {
    const r = await h.token(grant('alice', 'alice-password-1'), basic('legacy', 'wrong'))
    expectOAuthError(r, 401, 'invalid_client')
    expect(passwordCompares(h.lastExchange())).toEqual([])
  })
})

describe('scope (RFC 6749 §3.3)', () => {
  it("RFC 6749 §3.3: an omitted scope gets the client's allowed scopes marked default", async () => {
    const r = await h.token(grant('alice', 'alice-password-1'), AUTH)
    expect(r.json().scope).toBe('read')
  })

  it("RFC 6749 §3.3: a client's own defaultScopes override the scopes table", async () => {
    const r = await h.token(grant('alice', 'alice-password-1'), basic('custom-defaults', 'cd-secret'))
    expect(r.json().scope).toBe('write')
  })

  it('RFC 6749 §3.3: a client without default scopes gets a token without scope', async () => {
    const r = await h.token(grant('alice', 'alice-password-1'), basic('no-defaults', 'nd-secret'))
    expect(r.status).toBe(200)
    expect(r.json().scope).toBeUndefined()
  })

  it('RFC 6749 §3.3: space-separated scopes are granted and returned', async () => {
    const r = await h.token(grant('alice', 'alice-password-1', { scope: 'write read' }), AUTH)
    expect(r.json().scope).toBe('write read')
  })

  it('RFC 6749 §3.3: an unknown scope is invalid_scope, before the password hash', async () => {
    const r = await h.token(grant('alice', 'alice-password-1', { scope: 'read delete' }), AUTH)
    expectOAuthError(r, 400, 'invalid_scope', "Unknown scope 'delete'.")
    expect(passwordCompares(h.lastExchange())).toEqual([])
  })

  it('RFC 6749 §3.3: a scope not allowed for the client is invalid_scope', async () => {
    const r = await h.token(grant('alice', 'alice-password-1', { scope: 'admin' }), AUTH)
    expectOAuthError(r, 400, 'invalid_scope', "The scope 'admin' is not allowed for this client.")
  })

  it('RFC 6749 §3.3: scope tokens are case-sensitive', async () => {
    const r = await h.token(grant('alice', 'alice-password-1', { scope: 'READ' }), AUTH)
    expectOAuthError(r, 400, 'invalid_scope', "Unknown scope 'READ'.")
  })

  it('RFC 6749 §3.3: scope tokens are separated by single spaces', async () => {
    const r = await h.token(grant('alice', 'alice-password-1', { scope: 'read  write' }), AUTH)
    expectOAuthError(
      r,
      400,
      'invalid_scope',
      'The scope must be scope tokens separated by single spaces (RFC 6749 section 3.3).',
    )
  })
})

describe('user failures look alike (RFC 6749 §4.3.2)', () => {
  it('RFC 6749 §4.3.2: unknown user, wrong password, disabled user and locked user get the same invalid_grant', async () => {
    await h.store.users.recordFailure('frank', { enabled: true, maxFailures: 1, lockSeconds: 300 }, h.clock.now)
    const answers = [
      await h.token(grant('nobody', 'whatever'), AUTH),
      await h.token(grant('alice', 'wrong'), AUTH),
      await h.token(grant('bob', 'bob-password-1'), AUTH),
      await h.token(grant('frank', 'frank-password-1'), AUTH),
    ]
    for (const r of answers) expectOAuthError(r, 400, 'invalid_grant', BAD)
    expect(new Set(answers.map((r) => r.text)).size).toBe(1)
    h.store.users.resetFailures('frank')
    h.store.users.resetFailures('alice')
  })

  it('RFC 6749 §4.3.2: each of them pays exactly one bcrypt compare (timing parity)', async () => {
    await h.store.users.recordFailure('frank', { enabled: true, maxFailures: 1, lockSeconds: 300 }, h.clock.now)
    const cases: Array<[string, string, string]> = [
      ['nobody', 'whatever', 'dummy hash'],
      ['alice', 'wrong', 'does not match'],
      ['bob', 'bob-password-1', 'password verified'],
      ['frank', 'frank-password-1', 'locked: not compared'],
    ]
    for (const [username, password, detail] of cases) {
      await h.token(grant(username, password), AUTH)
      const e = h.lastExchange()
      // Client secret answered from the cache: the only hash is the password's (or the dummy).
      expect(hashSteps(e), username).toEqual(['user.password'])
      expect(e.hashMs).toBeGreaterThan(0)
      expect(e.trace.find((s) => s.step === 'user.password')?.detail).toContain(detail)
    }
    h.store.users.resetFailures('frank')
    h.store.users.resetFailures('alice')
  })

  it('the password is never in the trace or the stored request', async () => {
    await h.token(grant('alice', 'a-secret-guess'), AUTH)
    const stored = h.store.exchanges.get(h.lastExchange().id)!
    expect(JSON.stringify(stored)).not.toContain('a-secret-guess')
    expect(stored.request.body).toBe('grant_type=password&username=alice&password=***')
    h.store.users.resetFailures('alice')
  })
})

describe('lockout (RFC 6749 §4.3.2: protect against brute force)', () => {
  it('RFC 6749 §4.3.2: 5 consecutive failures lock the user; then even the right password gets the same invalid_grant', async () => {
    for (let i = 1; i <= 5; i++) {
      const r = await h.token(grant('carol', `guess-${i}`), AUTH)
      expectOAuthError(r, 400, 'invalid_grant', BAD)
    }
    const fifth = h.lastExchange()
    const lockStep = fifth.trace.filter((s) => s.step === 'user.lockout').at(-1)!
    expect(lockStep.outcome).toBe('fail')
    expect(lockStep.detail).toMatch(/^5 consecutive failures: locked until \d{4}-\d\d-\d\dT/)
    expect(h.store.users.get('carol')!.lockedUntilMs).toBe(h.clock.now + 300_000)

    const right = await h.token(grant('carol', 'carol-password-1'), AUTH)
    expectOAuthError(right, 400, 'invalid_grant', BAD)
    const e = h.lastExchange()
    expect(e.trace.find((s) => s.step === 'user.lockout')).toMatchObject({ outcome: 'fail' })
    expect(e.trace.find((s) => s.step === 'user.lockout')?.detail).toMatch(/^locked until /)
    // Still pays the compare: the lock does not show in timing.
    expect(hashSteps(e)).toEqual(['user.password'])
  })

  it('RFC 6749 §4.3.2: the lock is lifted by resetFailures (unlock) and by time', async () => {
    h.store.users.resetFailures('carol')
    expect((await h.token(grant('carol', 'carol-password-1'), AUTH)).status).toBe(200)

    for (let i = 1; i <= 5; i++) await h.token(grant('carol', `guess-${i}`), AUTH)
    expect((await h.token(grant('carol', 'carol-password-1'), AUTH)).status).toBe(400)
    h.clock.advance(300_001)
    const after = await h.token(grant('carol', 'carol-password-1'), AUTH)
    expect(after.status).toBe(200)
    expect(h.lastExchange().trace.find((s) => s.step === 'user.lockout')?.detail).toMatch(/^the lock ran out/)
    expect(h.store.users.get('carol')).toMatchObject({ failedAttempts: 0, lockedUntilMs: null })
  })

  it('RFC 6749 §4.3.2: failures must be consecutive: a success resets the count', async () => {
    for (let i = 0; i < 4; i++) await h.token(grant('dave', 'wrong'), AUTH)
    expect(h.store.users.get('dave')!.failedAttempts).toBe(4)
    expect((await h.token(grant('dave', 'dave-password-1'), AUTH)).status).toBe(200)
    expect(h.store.users.get('dave')!.failedAttempts).toBe(0)
    for (let i = 0; i < 4; i++) await h.token(grant('dave', 'wrong'), AUTH)
    expect((await h.token(grant('dave', 'dave-password-1'), AUTH)).status).toBe(200)
  })

  it('the lockout policy can be turned off for demonstrations', async () => {
    h.store.settings.update({ lockout: { enabled: false, maxFailures: 5, lockSeconds: 300 } })
    try {
      for (let i = 0; i < 7; i++) await h.token(grant('erin', 'wrong'), AUTH)
      expect(h.store.users.get('erin')!.lockedUntilMs).toBeNull()
      expect((await h.token(grant('erin', 'erin-password-1'), AUTH)).status).toBe(200)
    } finally {
      h.store.settings.update({ lockout: { enabled: true, maxFailures: 5, lockSeconds: 300 } })
    }
  })
})
