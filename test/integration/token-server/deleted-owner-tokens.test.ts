// Tokens name their user and client by name only (the tokens table has no foreign key to either).
// A token left active when its user or client is deleted would belong to the next one created under
// the same name: introspected active for them, refreshed into new tokens with their claims. Deleting
// a user or a client revokes every token issued to it (RFC 6749 §10.4: a refresh token is bound to
// the client and the grant; RFC 6819 §5.2.2.3: a token must not outlive the credentials behind it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { basic, expectOAuthError, type Harness, startHarness } from '../../helpers/token-server-harness'

let h: Harness

async function login(
  username: string,
  password: string,
  auth: Record<string, string>,
): Promise<{ access_token: string; refresh_token: string }> {
  const r = await h.token({ grant_type: 'password', username, password, scope: 'read' }, auth)
  expect(r.status).toBe(200)
  return r.json()
}

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({ clientId: 'legacy', secret: 'legacy-secret' })
  await h.addClient({ clientId: 'gone', secret: 'gone-secret' })
})
afterAll(async () => {
  await h.close()
})

describe('a deleted user takes its tokens along', () => {
  it('RFC 6749 §10.4: a user deleted and created again under the same name does not inherit the old tokens', async () => {
    const auth = basic('legacy', 'legacy-secret')
    await h.addUser({ username: 'carol', password: 'first-carol', claims: { email: 'first@example.com' } })
    const old = await login('carol', 'first-carol', auth)
    expect(h.store.users.delete('carol', h.clock.now)).toBe(true)
    await h.addUser({ username: 'carol', password: 'second-carol', claims: { email: 'second@example.com' } })

    for (const token of [old.access_token, old.refresh_token]) {
      const r = await h.post(ENDPOINT_PATHS.introspect, { token }, auth)
      expect(r.json()).toEqual({ active: false })
    }
    const refreshed = await h.token({ grant_type: 'refresh_token', refresh_token: old.refresh_token }, auth)
    expectOAuthError(refreshed, 400, 'invalid_grant')
    // The new carol's own sign-in is untouched.
    const fresh = await login('carol', 'second-carol', auth)
    expect((await h.post(ENDPOINT_PATHS.introspect, { token: fresh.access_token }, auth)).json()).toMatchObject({
      active: true,
      email: 'second@example.com',
    })
  })
})

describe('a deleted client takes its tokens along', () => {
  it('RFC 6749 §6: a client deleted and registered again under the same id cannot refresh or introspect the old tokens', async () => {
    await h.addUser({ username: 'dave', password: 'dave-password' })
    const old = await login('dave', 'dave-password', basic('gone', 'gone-secret'))
    const other = await login('dave', 'dave-password', basic('legacy', 'legacy-secret'))
    expect(h.store.clients.delete('gone', h.clock.now)).toBe(true)
    await h.addClient({ clientId: 'gone', secret: 'a-new-secret' })
    const auth = basic('gone', 'a-new-secret')

    for (const token of [old.access_token, old.refresh_token]) {
      expect((await h.post(ENDPOINT_PATHS.introspect, { token }, auth)).json()).toEqual({ active: false })
    }
    const refreshed = await h.token({ grant_type: 'refresh_token', refresh_token: old.refresh_token }, auth)
    expectOAuthError(refreshed, 400, 'invalid_grant')
    // Another client's tokens for the same user stay active.
    const mine = await h.post(
      ENDPOINT_PATHS.introspect,
      { token: other.access_token },
      basic('legacy', 'legacy-secret'),
    )
    expect(mine.json()).toMatchObject({ active: true })
  })
})
