// What one client can make the way-out flows keep, over real HTTP on 127.0.0.1: each sign-in page is
// kept until its form comes back, so what an unauthenticated request can put in one is bounded in bytes
// (AUTHORIZE_QUERY_LIMIT) as well as in count (WAY_OUT_STATE_LIMIT).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AUTHORIZE_QUERY_LIMIT } from '../../../src/shared/limits'
import { type Harness, startHarness } from '../../helpers/token-server-harness'
import { authorizeUrl, newPkce, pageState } from '../../helpers/way-out'

const REDIRECT = 'http://127.0.0.1/cb'
let h: Harness

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({ clientId: 'spa', public: true, grantTypes: ['authorization_code'], redirectUris: [REDIRECT] })
})
afterAll(async () => {
  await h.close()
})

/** An authorization request whose query is exactly `length` bytes, padded through `state`. */
function requestOfLength(length: number, pad: 'state' | 'redirect_uri' = 'state'): string {
  const base = {
    client_id: 'spa',
    redirect_uri: REDIRECT,
    code_challenge: newPkce().challenge,
    code_challenge_method: 'S256',
    state: '',
  }
  const query = authorizeUrl(base).split('?')[1]!
  const room = length - query.length
  // RFC 8252 §7.3's loopback port may be any: a port with leading zeros lengthens the URI the same.
  if (pad === 'redirect_uri') {
    const withZeros = (n: number) =>
      authorizeUrl({ ...base, redirect_uri: `http://127.0.0.1:${'0'.repeat(n)}80/cb`, state: 's' })
    const unpadded = withZeros(0).split('?')[1]!.length
    return withZeros(length - unpadded)
  }
  return authorizeUrl({ ...base, state: 'x'.repeat(room) })
}

describe('AUTHORIZE_QUERY_LIMIT: what one sign-in page may keep', () => {
  it('a request at the limit gets its page', async () => {
    const path = requestOfLength(AUTHORIZE_QUERY_LIMIT)
    expect(path.split('?')[1]!.length).toBe(AUTHORIZE_QUERY_LIMIT)
    const page = await h.request('GET', path)
    expect(page.status).toBe(200)
    expect(pageState(page).csrf).toBeTruthy()
  })

  it('one byte more, through state or a padded loopback redirect_uri: 414 on an error page, nothing kept, no redirect', async () => {
    for (const pad of ['state', 'redirect_uri'] as const) {
      const path = requestOfLength(AUTHORIZE_QUERY_LIMIT + 1, pad)
      expect(path.split('?')[1]!.length).toBe(AUTHORIZE_QUERY_LIMIT + 1)
      const r = await h.request('GET', path)
      expect(r.status, pad).toBe(414)
      expect(r.headers.location).toBeUndefined()
      expect(r.headers['set-cookie']).toBeUndefined()
      expect(r.text).not.toContain('csrf_token')
      expect(r.text).toContain('too long')
    }
  })
})
