// Client findings about what a grant asks for and how a client handles failure (RFC 6749 §3.3,
// §4.3.2, §6; RFC 9700 §2.4, §4.14.2; RFC 6819 §4.4.3.6): scope syntax and names, refresh after
// expiry, reuse, and a burst of failed logins — each raised by the embedded server for a real
// HTTP request, the time moved on the server's clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basic, expectOAuthError, type Harness, startHarness } from '../../helpers/token-server-harness'
import { clientCodes, expectClientFinding } from './expect-finding'

const AUTH = basic('legacy', 'legacy-secret')
const GRANT = { grant_type: 'password', username: 'alice', password: 'alice-password-1' }

let h: Harness

async function login(scope?: string): Promise<{ refresh_token: string; scope: string }> {
  const r = await h.token({ ...GRANT, ...(scope !== undefined && { scope }) }, AUTH)
  expect(r.status).toBe(200)
  return r.json()
}

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({ clientId: 'legacy', secret: 'legacy-secret', scopes: ['read', 'write'] })
  await h.addClient({ clientId: 'short-lived', secret: 'short-secret', refreshTokenTtl: 60 })
  await h.addUser({ username: 'alice', password: 'alice-password-1' })
  await h.addUser({ username: 'bob', password: 'bob-password-1' })
  await h.addUser({ username: 'carol', password: 'carol-password-1' })
})
afterAll(async () => {
  await h.close()
})

describe('scope (RFC 6749 §3.3, §5.2, §6)', () => {
  it('RFC 6749 §3.3: scope=read,write is scope_comma_separated, and "read,write" is an unknown scope', async () => {
    const r = await h.token({ ...GRANT, scope: 'read,write' }, AUTH)
    expectOAuthError(r, 400, 'invalid_scope')
    const e = h.lastExchange()
    const comma = expectClientFinding(e, 'scope_comma_separated', 'RFC 6749 §3.3')
    expect(comma.message).toContain('"read,write" is one scope name')
    expect(expectClientFinding(e, 'unknown_scope', 'RFC 6749 §3.3').message).toContain('"read,write"')
  })

  it('RFC 6749 §3.3: scope names are case-sensitive: "Read" is unknown_scope, naming what the client may ask for', async () => {
    const r = await h.token({ ...GRANT, scope: 'Read Admin2' }, AUTH)
    expectOAuthError(r, 400, 'invalid_scope', "Unknown scope 'Read'.")
    const f = expectClientFinding(h.lastExchange(), 'unknown_scope', '§5.2')
    expect(f.message).toContain('Scope "Read", "Admin2" are not defined')
    expect(f.message).toContain('the client may ask for "read", "write"')
  })

  it('RFC 6749 §6: a refresh asking for more than the original grant is scope_widened_on_refresh', async () => {
    const { refresh_token } = await login('read')
    const r = await h.token({ grant_type: 'refresh_token', refresh_token, scope: 'read write' }, AUTH)
    expectOAuthError(r, 400, 'invalid_scope')
    const f = expectClientFinding(h.lastExchange(), 'scope_widened_on_refresh', 'RFC 6749 §6')
    expect(f.message).toContain('asked for "write", which the original grant ("read") did not include')
    expect(f.message).not.toContain(refresh_token)
  })

  it('RFC 9700 §2.4: every successful password grant is scope_without_consent (info)', async () => {
    await login('read write')
    const f = expectClientFinding(h.lastExchange(), 'scope_without_consent', 'RFC 9700 §2.4')
    expect(f).toMatchObject({ severity: 'info' })
    expect(f.message).toContain('scope "read write"')
  })
})

describe('refresh tokens (RFC 6749 §6, RFC 9700 §4.14.2)', () => {
  it('RFC 6749 §6: a refresh token presented after its expiry is refresh_token_expired (invalid_grant)', async () => {
    const r = await h.token(GRANT, basic('short-lived', 'short-secret'))
    const { refresh_token } = r.json()
    h.clock.advance(61_000)
    const late = await h.token({ grant_type: 'refresh_token', refresh_token }, basic('short-lived', 'short-secret'))
    expectOAuthError(late, 400, 'invalid_grant')
    const f = expectClientFinding(h.lastExchange(), 'refresh_token_expired', 'RFC 6749 §6')
    expect(f.message).toMatch(/expired at \d{4}-\d\d-\d\dT/)
    expect(f.message).not.toContain(refresh_token)
  })

  it('RFC 6749 §6: a refresh token within its lifetime raises no such finding', async () => {
    const { refresh_token } = await login()
    const r = await h.token({ grant_type: 'refresh_token', refresh_token }, AUTH)
    expect(r.status).toBe(200)
    expect(clientCodes(h.lastExchange())).not.toContain('refresh_token_expired')
  })

  it('RFC 9700 §4.14.2: a rotated refresh token presented again is refresh_token_reuse', async () => {
    const { refresh_token } = await login()
    expect((await h.token({ grant_type: 'refresh_token', refresh_token }, AUTH)).status).toBe(200)
    const again = await h.token({ grant_type: 'refresh_token', refresh_token }, AUTH)
    expectOAuthError(again, 400, 'invalid_grant')
    expectClientFinding(h.lastExchange(), 'refresh_token_reuse', 'RFC 9700 §4.14.2')
  })
})

describe('a burst of failed logins (RFC 6749 §4.3.2, RFC 6819 §4.4.3.6)', () => {
  const wrong = (username: string) => h.token({ ...GRANT, username, password: 'guess' }, AUTH)

  it('RFC 6749 §4.3.2: the 5th failed password grant for one user within 60 s is failure_burst', async () => {
    for (let i = 1; i <= 4; i++) {
      await wrong('bob')
      expect(clientCodes(h.lastExchange()), `failure ${i}`).not.toContain('failure_burst')
      h.clock.advance(5_000)
    }
    const fifth = await wrong('bob')
    expectOAuthError(fifth, 400, 'invalid_grant')
    const f = expectClientFinding(h.lastExchange(), 'failure_burst', 'RFC 6819 §4.4.3.6')
    expect(f.message).toContain('5 failed password grants for user "bob" within 60 s')
    expect(f.message).toContain('lockout policy')
    await wrong('bob')
    expect(expectClientFinding(h.lastExchange(), 'failure_burst', 'RFC 6749 §4.3.2').message).toContain('6 failed')
  })

  it('RFC 6819 §4.4.3.6: failures spread over more than 60 s, or for other users, are no burst', async () => {
    for (let i = 0; i < 6; i++) {
      await wrong('carol')
      h.clock.advance(15_000)
    }
    // Never more than four of carol's failures within a minute.
    expect(clientCodes(h.lastExchange())).not.toContain('failure_burst')
    await wrong('nobody-1')
    expect(clientCodes(h.lastExchange())).not.toContain('failure_burst')
  })

  it('RFC 6749 §4.3.2: an unknown username guessed five times is a burst too (the same answer, the same finding)', async () => {
    for (let i = 0; i < 5; i++) await wrong('mallory')
    expectClientFinding(h.lastExchange(), 'failure_burst', 'RFC 6749 §4.3.2')
  })
})
