// RFC 6749 §6 and RFC 9700 §4.14: refresh tokens bound to the client, scope narrowing, rotation
// and reuse detection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { basic, expectOAuthError, hashSteps, type Harness, startHarness } from '../../helpers/token-server-harness'

const AUTH = basic('legacy', 'legacy-secret')
const INVALID = 'The refresh token is invalid, expired or revoked.'

let h: Harness

async function login(
  scope = 'read write',
  auth = AUTH,
): Promise<{ access_token: string; refresh_token: string; scope: string }> {
  const r = await h.token({ grant_type: 'password', username: 'alice', password: 'alice-password-1', scope }, auth)
  expect(r.status).toBe(200)
  return r.json()
}

const refresh = (token: string, extra: Record<string, string> = {}, auth = AUTH) =>
  h.token({ grant_type: 'refresh_token', refresh_token: token, ...extra }, auth)

async function active(token: string): Promise<boolean> {
  const r = await h.post(ENDPOINT_PATHS.introspect, { token }, AUTH)
  expect(r.status).toBe(200)
  return r.json().active as boolean
}

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({ clientId: 'legacy', secret: 'legacy-secret' })
  await h.addClient({ clientId: 'other', secret: 'other-secret' })
  await h.addClient({ clientId: 'mobile', public: true })
  await h.addClient({ clientId: 'pw-only', secret: 'pw-only-secret', grantTypes: ['password'] })
  await h.addUser({ username: 'alice', password: 'alice-password-1' })
})
afterAll(async () => {
  await h.close()
})

describe('refresh (RFC 6749 §6)', () => {
  it('RFC 6749 §6: a refresh returns a new access token (and, with rotation, a new refresh token)', async () => {
    const first = await login()
    const r = await refresh(first.refresh_token)
    expect(r.status).toBe(200)
    expect(r.headers['cache-control']).toBe('no-store')
    const body = r.json()
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'scope', 'token_type'])
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'read write' })
    expect(body.access_token).not.toBe(first.access_token)
    expect(body.refresh_token).not.toBe(first.refresh_token)
    const e = h.lastExchange()
    expect(e).toMatchObject({ grantType: 'refresh_token', clientId: 'legacy', username: 'alice' })
  })

  it('a refresh costs no hash once the client secret is remembered', async () => {
    const first = await login()
    await refresh(first.refresh_token)
    expect(hashSteps(h.lastExchange())).toEqual([])
  })

  it('RFC 6749 §6: refresh_token is required', async () => {
    const r = await h.token({ grant_type: 'refresh_token' }, AUTH)
    expectOAuthError(r, 400, 'invalid_request', 'Missing parameter: refresh_token.')
  })

  it('RFC 6749 §6: an unknown refresh token, or an access token, is invalid_grant', async () => {
    expectOAuthError(await refresh('not-a-token'), 400, 'invalid_grant', INVALID)
    const { access_token } = await login()
    expectOAuthError(await refresh(access_token), 400, 'invalid_grant', INVALID)
  })

  it('RFC 6749 §6: the refresh token is bound to the client it was issued to', async () => {
    const { refresh_token } = await login()
    const r = await refresh(refresh_token, {}, basic('other', 'other-secret'))
    expectOAuthError(r, 400, 'invalid_grant', INVALID)
    expect(h.lastExchange().trace.find((s) => s.step === 'refresh.binding')).toMatchObject({ outcome: 'fail' })
    // The rightful client can still use it: a wrong client does not burn the token.
    expect((await refresh(refresh_token)).status).toBe(200)
  })

  it('RFC 6749 §5.2: a client not allowed the refresh_token grant is unauthorized_client', async () => {
    const r = await refresh('whatever', {}, basic('pw-only', 'pw-only-secret'))
    expectOAuthError(r, 400, 'unauthorized_client', 'This client is not allowed the refresh_token grant.')
  })

  it('RFC 6749 §6: the scope may be narrowed; omitted means the original; the new refresh token keeps the original', async () => {
    const { refresh_token } = await login('read write')
    const narrowed = await refresh(refresh_token, { scope: 'read' })
    expect(narrowed.json().scope).toBe('read')
    const again = await refresh(narrowed.json().refresh_token)
    expect(again.json().scope).toBe('read write')
  })

  it('RFC 6749 §6: a requested scope beyond the original is invalid_scope', async () => {
    const { refresh_token } = await login('read')
    const r = await refresh(refresh_token, { scope: 'read write' })
    expectOAuthError(r, 400, 'invalid_scope', "The scope 'write' exceeds the scope originally granted.")
    // A refused request does not consume the token.
    expect((await refresh(refresh_token)).status).toBe(200)
  })

  it('RFC 6749 §6: an expired refresh token is invalid_grant', async () => {
    const { refresh_token } = await login()
    h.clock.advance(3600_001)
    try {
      expectOAuthError(await refresh(refresh_token), 400, 'invalid_grant', INVALID)
      expect(h.lastExchange().trace.find((s) => s.step === 'refresh.state')?.detail).toMatch(/^expired at /)
    } finally {
      h.clock.advance(-3600_001)
    }
  })

  it('RFC 6749 §6: a disabled user cannot refresh', async () => {
    const { refresh_token } = await login()
    h.store.users.update('alice', { disabled: true, claims: {} })
    try {
      expectOAuthError(await refresh(refresh_token), 400, 'invalid_grant', INVALID)
    } finally {
      h.store.users.update('alice', { disabled: false, claims: {} })
    }
  })

  it('RFC 6749 §6: a public client refreshes with client_id only', async () => {
    const r = await h.token({
      grant_type: 'password',
      username: 'alice',
      password: 'alice-password-1',
      client_id: 'mobile',
    })
    const next = await h.token({
      grant_type: 'refresh_token',
      refresh_token: r.json().refresh_token,
      client_id: 'mobile',
    })
    expect(next.status).toBe(200)
  })
})

describe('rotation and reuse detection (RFC 9700 §4.14.2)', () => {
  it('RFC 9700 §4.14.2: with rotation the old refresh token stops working', async () => {
    const { refresh_token } = await login()
    const r = await refresh(refresh_token)
    expect(r.status).toBe(200)
    expectOAuthError(await refresh(refresh_token), 400, 'invalid_grant', INVALID)
  })

  it('RFC 9700 §4.14.2: presenting a used refresh token again revokes the whole family', async () => {
    const first = await login()
    const second = (await refresh(first.refresh_token)).json()
    const third = (await refresh(second.refresh_token)).json()
    expect(await active(third.access_token)).toBe(true)

    // An attacker (or a confused client) replays the first, already rotated, token.
    const replay = await refresh(first.refresh_token)
    expectOAuthError(replay, 400, 'invalid_grant', INVALID)
    const e = h.lastExchange()
    expect(e.findings.find((f) => f.code === 'refresh_token_reuse')).toMatchObject({ rfc: 'RFC 9700 §4.14.2' })
    expect(e.trace.find((s) => s.step === 'refresh.reuse')?.detail).toMatch(/family .* revoked/)

    // Every token of the family is dead, including the newest refresh token and access tokens.
    expectOAuthError(await refresh(third.refresh_token), 400, 'invalid_grant', INVALID)
    expect(await active(first.access_token)).toBe(false)
    expect(await active(third.access_token)).toBe(false)
    expect(await active(third.refresh_token)).toBe(false)
  })

  it('RFC 9700 §4.14.2: two concurrent uses of one refresh token: one wins, the other is reuse', async () => {
    const { refresh_token } = await login()
    const [a, b] = await Promise.all([refresh(refresh_token), refresh(refresh_token)])
    expect([a.status, b.status].sort()).toEqual([200, 400])
  })

  it('RFC 6749 §6: with rotation off the same refresh token is returned and keeps working', async () => {
    h.store.settings.update({ refreshTokenRotation: false })
    try {
      const { refresh_token } = await login()
      const r1 = await refresh(refresh_token)
      expect(r1.json().refresh_token).toBe(refresh_token)
      const r2 = await refresh(refresh_token)
      expect(r2.status).toBe(200)
    } finally {
      h.store.settings.update({ refreshTokenRotation: true })
    }
  })
})
