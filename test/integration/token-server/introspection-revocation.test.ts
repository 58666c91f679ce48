// RFC 7662 (introspection) and RFC 7009 (revocation).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { basic, expectOAuthError, type Harness, startHarness } from '../../helpers/token-server-harness'

const AUTH = basic('legacy', 'legacy-secret')
const OTHER = basic('other', 'other-secret')

let h: Harness

async function login(auth = AUTH, scope = 'read write'): Promise<{ access_token: string; refresh_token: string }> {
  const r = await h.token({ grant_type: 'password', username: 'alice', password: 'alice-password-1', scope }, auth)
  expect(r.status).toBe(200)
  return r.json()
}
const introspect = (token: string, auth = AUTH, extra: Record<string, string> = {}) =>
  h.post(ENDPOINT_PATHS.introspect, { token, ...extra }, auth)
const revoke = (token: string, auth = AUTH, extra: Record<string, string> = {}) =>
  h.post(ENDPOINT_PATHS.revoke, { token, ...extra }, auth)

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({ clientId: 'legacy', secret: 'legacy-secret' })
  await h.addClient({ clientId: 'other', secret: 'other-secret' })
  await h.addUser({
    username: 'alice',
    password: 'alice-password-1',
    // `sub` clashes with a server claim: the server's wins.
    claims: { email: 'alice@example.com', sub: 'not-alice' },
  })
})
afterAll(async () => {
  await h.close()
})

describe('introspection (RFC 7662)', () => {
  it('RFC 7662 §2.2: an active access token returns active, scope, client_id, username, sub, exp, iat, token_type, iss, aud, jti and the user claims', async () => {
    const { access_token } = await login()
    const before = Math.floor(h.clock.now / 1000)
    const r = await introspect(access_token)
    expect(r.status).toBe(200)
    expect(r.headers['cache-control']).toBe('no-store')
    const body = r.json()
    expect(body).toEqual({
      active: true,
      scope: 'read write',
      client_id: 'legacy',
      username: 'alice',
      sub: 'alice',
      exp: before + 300,
      iat: before,
      token_type: 'Bearer',
      iss: h.baseUrl,
      aud: 'ropc-lab',
      jti: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      email: 'alice@example.com',
    })
  })

  it('RFC 7662 §2.2: a refresh token introspects with token_type refresh_token', async () => {
    const { refresh_token } = await login()
    const body = (await introspect(refresh_token)).json()
    expect(body).toMatchObject({ active: true, token_type: 'refresh_token', client_id: 'legacy' })
  })

  it('RFC 7662 §2.2: an unknown token is exactly {"active":false}', async () => {
    const r = await introspect('nothing-like-a-token')
    expect(r.status).toBe(200)
    expect(r.text).toBe('{"active":false}')
  })

  it('RFC 7662 §2.2: an expired token is exactly {"active":false}', async () => {
    const { access_token } = await login()
    h.clock.advance(301_000)
    try {
      expect((await introspect(access_token)).text).toBe('{"active":false}')
    } finally {
      h.clock.advance(-301_000)
    }
  })

  it('RFC 7662 §2.2: a revoked token is exactly {"active":false}', async () => {
    const { access_token } = await login()
    expect((await revoke(access_token)).status).toBe(200)
    expect((await introspect(access_token)).text).toBe('{"active":false}')
  })

  it('RFC 7662 §2.2: another client\'s token is exactly {"active":false}', async () => {
    const { access_token } = await login()
    const r = await introspect(access_token, OTHER)
    expect(r.text).toBe('{"active":false}')
    expect(h.lastExchange().trace.find((s) => s.step === 'introspect.result')?.detail).toContain('another client')
  })

  it('RFC 7662 §2.1: token_type_hint is only a hint: a wrong hint still finds the token', async () => {
    const { refresh_token } = await login()
    const body = (await introspect(refresh_token, AUTH, { token_type_hint: 'access_token' })).json()
    expect(body.active).toBe(true)
  })

  it('RFC 7662 §2.1: the caller must authenticate as a client', async () => {
    const { access_token } = await login()
    expectOAuthError(await h.post(ENDPOINT_PATHS.introspect, { token: access_token }), 400, 'invalid_client')
    expectOAuthError(await introspect(access_token, basic('legacy', 'wrong')), 401, 'invalid_client')
  })

  it('RFC 7662 §2.1: the token parameter is required', async () => {
    expectOAuthError(
      await h.post(ENDPOINT_PATHS.introspect, {}, AUTH),
      400,
      'invalid_request',
      'Missing parameter: token.',
    )
  })
})

describe('revocation (RFC 7009)', () => {
  it('RFC 7009 §2.2: revoking an access token answers 200 and the token is no longer active', async () => {
    const { access_token, refresh_token } = await login()
    const r = await revoke(access_token)
    expect(r.status).toBe(200)
    expect(r.text).toBe('')
    expect(r.headers['cache-control']).toBe('no-store')
    expect((await introspect(access_token)).json().active).toBe(false)
    // The grant itself lives on.
    expect((await introspect(refresh_token)).json().active).toBe(true)
  })

  it('RFC 7009 §2.2: an unknown token is answered 200 too', async () => {
    const r = await revoke('never-issued')
    expect(r.status).toBe(200)
    expect(r.text).toBe('')
  })

  it("RFC 7009 §2.1: a client cannot revoke another client's token (still 200)", async () => {
    const { access_token } = await login()
    const r = await revoke(access_token, OTHER)
    expect(r.status).toBe(200)
    expect((await introspect(access_token)).json().active).toBe(true)
  })

  it('RFC 7009 §2.1: revoking a refresh token revokes the access tokens issued from it', async () => {
    const { access_token, refresh_token } = await login()
    const refreshed = (await h.token({ grant_type: 'refresh_token', refresh_token }, AUTH)).json()
    expect((await revoke(refreshed.refresh_token, AUTH, { token_type_hint: 'refresh_token' })).status).toBe(200)
    expect((await introspect(access_token)).json().active).toBe(false)
    expect((await introspect(refreshed.access_token)).json().active).toBe(false)
    const r = await h.token({ grant_type: 'refresh_token', refresh_token: refreshed.refresh_token }, AUTH)
    expectOAuthError(r, 400, 'invalid_grant')
  })

  it('RFC 7009 §2.1: token_type_hint is only a hint: a wrong hint still revokes', async () => {
    const { access_token } = await login()
    expect((await revoke(access_token, AUTH, { token_type_hint: 'refresh_token' })).status).toBe(200)
    expect((await introspect(access_token)).json().active).toBe(false)
  })

  it('RFC 7009 §2.1: client authentication as at the token endpoint', async () => {
    const { access_token } = await login()
    expectOAuthError(await revoke(access_token, basic('legacy', 'wrong')), 401, 'invalid_client')
    expect((await introspect(access_token)).json().active).toBe(true)
  })

  it('RFC 7009 §2.1: the token parameter is required', async () => {
    expectOAuthError(await h.post(ENDPOINT_PATHS.revoke, {}, AUTH), 400, 'invalid_request', 'Missing parameter: token.')
  })
})
