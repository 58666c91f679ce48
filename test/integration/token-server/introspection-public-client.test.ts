// RFC 7662 §2.1: "the endpoint MUST also require some form of authorization to access this
// endpoint". A public client cannot authenticate (RFC 6749 §2.1): its client_id is no secret
// (§2.2), so whoever knows it read, through introspection, the user, the claims and the scope a
// token carries, and whether a refresh token is live without spending it (which reuse detection
// would see). Revocation stays open to public clients, as RFC 7009 §2.1 provides.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { basic, expectOAuthError, type Harness, startHarness } from '../../helpers/token-server-harness'

let h: Harness
let tokens: { access_token: string; refresh_token: string }

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({ clientId: 'mobile', public: true, scopes: ['read'] })
  await h.addClient({ clientId: 'legacy', secret: 'legacy-secret' })
  await h.addUser({ username: 'alice', password: 'alice-password-1', claims: { email: 'alice@example.com' } })
  const r = await h.token({
    grant_type: 'password',
    username: 'alice',
    password: 'alice-password-1',
    client_id: 'mobile',
  })
  expect(r.status).toBe(200)
  tokens = r.json()
})
afterAll(async () => {
  await h.close()
})

it('RFC 7662 §2.1: a public client (client_id only) cannot introspect, not even its own tokens', async () => {
  for (const token of [tokens.access_token, tokens.refresh_token]) {
    const r = await h.post(ENDPOINT_PATHS.introspect, { token, client_id: 'mobile' })
    expectOAuthError(r, 401, 'invalid_client')
    expect(r.text).not.toContain('alice')
  }
  expect(h.lastExchange().trace.map((s) => s.step)).not.toContain('token.lookup')
})

it('a confidential client still introspects; a public one still revokes its own tokens (RFC 7009 §2.1)', async () => {
  const own = await h.token(
    { grant_type: 'password', username: 'alice', password: 'alice-password-1' },
    basic('legacy', 'legacy-secret'),
  )
  const confidential = await h.post(
    ENDPOINT_PATHS.introspect,
    { token: own.json().access_token },
    basic('legacy', 'legacy-secret'),
  )
  expect(confidential.json()).toMatchObject({ active: true, username: 'alice' })

  const revoked = await h.post(ENDPOINT_PATHS.revoke, { token: tokens.refresh_token, client_id: 'mobile' })
  expect(revoked.status).toBe(200)
  const refreshed = await h.token({
    grant_type: 'refresh_token',
    refresh_token: tokens.refresh_token,
    client_id: 'mobile',
  })
  expectOAuthError(refreshed, 400, 'invalid_grant')
})
