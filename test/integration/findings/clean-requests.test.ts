// A client that follows the RFCs raises no client finding above info: a Basic password grant with
// form-encoded credentials (RFC 6749 §2.3.1, §4.3.2), a refresh (§6), an introspection (RFC 7662)
// and a revocation (RFC 7009) — the trainer's cautions (no consent, plain HTTP on loopback) only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { basic, type Harness, startHarness } from '../../helpers/token-server-harness'
import { clientCodes, expectOnlyInfo } from './expect-finding'

/** A secret a client must form-encode (RFC 6749 §2.3.1): it does. */
const SECRET = 'p@ss word+1/%'
const AUTH = { ...basic('conforming-app', SECRET, true), Accept: 'application/json' }

let h: Harness

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({ clientId: 'conforming-app', secret: SECRET, scopes: ['read', 'write'] })
  await h.addUser({ username: 'alice', password: 'pässword with spaces' })
})
afterAll(async () => {
  await h.close()
})

describe('a conforming client (RFC 6749 §2.3.1, §4.3.2, §6; RFC 7662; RFC 7009)', () => {
  it('raises nothing above info on a Basic password grant, a refresh, an introspection and a revocation', async () => {
    const granted = await h.token(
      { grant_type: 'password', username: 'alice', password: 'pässword with spaces', scope: 'read write' },
      AUTH,
    )
    expect(granted.status).toBe(200)
    const grant = h.lastExchange()
    expectOnlyInfo(grant)
    // The cautions every password grant over loopback HTTP carries, and nothing else.
    expect(clientCodes(grant).sort()).toEqual(['insecure_transport', 'scope_without_consent'])
    const { access_token, refresh_token } = granted.json()

    const refreshed = await h.token({ grant_type: 'refresh_token', refresh_token, scope: 'read' }, AUTH)
    expect(refreshed.status).toBe(200)
    expectOnlyInfo(h.lastExchange())
    expect(clientCodes(h.lastExchange())).toEqual(['insecure_transport'])

    const introspected = await h.post(
      ENDPOINT_PATHS.introspect,
      { token: access_token, token_type_hint: 'access_token' },
      AUTH,
    )
    expect(introspected.json().active).toBe(true)
    expectOnlyInfo(h.lastExchange())

    const revoked = await h.post(
      ENDPOINT_PATHS.revoke,
      { token: refreshed.json().refresh_token, token_type_hint: 'refresh_token' },
      AUTH,
    )
    expect(revoked.status).toBe(200)
    expectOnlyInfo(h.lastExchange())
    expect(clientCodes(h.lastExchange())).toEqual(['insecure_transport'])
  })

  it('reads the metadata and the JWKS without a finding', async () => {
    for (const path of [ENDPOINT_PATHS.metadata, ENDPOINT_PATHS.jwks]) {
      const r = await h.request('GET', path, { headers: { Accept: 'application/json' } })
      expect(r.status).toBe(200)
      expect(h.lastExchange().findings).toEqual([])
    }
  })
})
