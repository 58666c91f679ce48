// Deprecating the password grant (rfc-checklist.md "Deprecating the grant"): deprecated answers carry
// RFC 9745 Deprecation and Link headers and an RFC 8594 Sunset header; disabled answers as an OAuth 2.1
// server that never had the grant (RFC 6749 §5.2 unsupported_grant_type) and the RFC 8414 metadata
// stops announcing it. Per client and server-wide, over real HTTP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { basic, expectOAuthError, hashSteps, type Harness, startHarness } from '../../helpers/token-server-harness'

const LEGACY = basic('legacy', 'legacy-secret')
const OTHER = basic('other', 'other-secret')
const ALICE = { grant_type: 'password', username: 'alice', password: 'alice-password-1' }
const DEPRECATED_AT = 'Mon, 01 Jun 2026 12:00:00 GMT'
const SUNSET = 'Thu, 31 Dec 2026 23:59:59 GMT'
const LINK = 'https://example.com/migrate-to-code-flow?from=ropc'
const UNSUPPORTED = `{"error":"unsupported_grant_type","error_description":"The grant type 'password' is not supported."}`

let h: Harness

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({ clientId: 'legacy', secret: 'legacy-secret' })
  await h.addClient({ clientId: 'other', secret: 'other-secret' })
  await h.addUser({ username: 'alice', password: 'alice-password-1' })
})
afterAll(async () => {
  await h.close()
})
beforeEach(() => {
  h.store.settings.update({
    passwordGrant: 'enabled',
    passwordGrantDeprecatedAt: DEPRECATED_AT,
    passwordGrantSunset: SUNSET,
    passwordGrantDeprecationLink: LINK,
  })
  for (const id of ['legacy', 'other']) h.store.clients.replace({ ...h.store.clients.get(id)!, passwordGrant: null })
})

const setClientMode = (id: string, mode: 'enabled' | 'deprecated' | 'disabled' | null) =>
  h.store.clients.replace({ ...h.store.clients.get(id)!, passwordGrant: mode })
const metadataGrants = async (): Promise<string[]> =>
  (await h.request('GET', ENDPOINT_PATHS.metadata)).json().grant_types_supported

describe('enabled (the default)', () => {
  it('a successful password grant carries no Deprecation, Sunset or Link header', async () => {
    const r = await h.token(ALICE, LEGACY)
    expect(r.status).toBe(200)
    expect([r.headers.deprecation, r.headers.sunset, r.headers.link]).toEqual([undefined, undefined, undefined])
    expect(h.lastExchange().findings.map((f) => f.code)).not.toContain('password_grant_deprecated')
    expect(await metadataGrants()).toEqual(['password', 'refresh_token'])
  })
})

describe('deprecated', () => {
  it('RFC 9745 §2, §3 and RFC 8594 §3: server-wide, a success carries Deprecation @<unix-seconds>, Sunset and Link rel="deprecation"', async () => {
    h.store.settings.update({ passwordGrant: 'deprecated' })
    const r = await h.token(ALICE, LEGACY)
    expect(r.status).toBe(200)
    expect(r.headers.deprecation).toBe(`@${Date.parse(DEPRECATED_AT) / 1000}`)
    expect(r.headers.deprecation).toBe('@1780315200')
    expect(r.headers.sunset).toBe(SUNSET)
    expect(r.headers.link).toBe(`<${LINK}>; rel="deprecation"`)
    expect(r.headers['cache-control']).toBe('no-store')
    const e = h.lastExchange()
    expect(e.response.headers).toEqual(
      expect.arrayContaining([
        ['Deprecation', '@1780315200'],
        ['Sunset', SUNSET],
        ['Link', `<${LINK}>; rel="deprecation"`],
      ]),
    )
    expect(e.findings.find((f) => f.code === 'password_grant_deprecated')).toMatchObject({
      side: 'client',
      severity: 'warning',
      rfc: expect.stringContaining('RFC 9700 §2.4'),
    })
    const step = e.trace.find((s) => s.step === 'grant.deprecated')
    expect(step?.detail).toContain('server-wide (settings.passwordGrant = "deprecated")')
    expect(step?.detail).toContain(`sunset ${SUNSET}`)
    // Still a grant like any other: tokens, one hash, and the password grant stays announced.
    expect(r.json().access_token).toBeTruthy()
    expect(hashSteps(e).filter((s) => s === 'user.password')).toEqual(['user.password'])
    expect(await metadataGrants()).toEqual(['password', 'refresh_token'])
  })

  it('RFC 8594 §3: without a sunset date there is no Sunset header; Deprecation and Link remain', async () => {
    h.store.settings.update({ passwordGrant: 'deprecated', passwordGrantSunset: null })
    const r = await h.token(ALICE, LEGACY)
    expect(r.headers.sunset).toBeUndefined()
    expect(r.headers.deprecation).toBe('@1780315200')
    expect(r.headers.link).toBe(`<${LINK}>; rel="deprecation"`)
    expect(h.lastExchange().trace.find((s) => s.step === 'grant.deprecated')?.detail).toContain('no sunset date')
  })

  it('for one client: only that client is told; the others get a plain answer', async () => {
    setClientMode('legacy', 'deprecated')
    const told = await h.token(ALICE, LEGACY)
    expect(told.headers.deprecation).toBe('@1780315200')
    expect(told.headers.link).toBe(`<${LINK}>; rel="deprecation"`)
    expect(h.lastExchange().trace.find((s) => s.step === 'grant.deprecated')?.detail).toContain(
      'for client "legacy" (its passwordGrant = "deprecated")',
    )
    const plain = await h.token(ALICE, OTHER)
    expect(plain.status).toBe(200)
    expect(plain.headers.deprecation).toBeUndefined()
    expect(h.lastExchange().findings.map((f) => f.code)).not.toContain('password_grant_deprecated')
  })

  it('a client set to enabled is not told, even when the server deprecates the grant', async () => {
    h.store.settings.update({ passwordGrant: 'deprecated' })
    setClientMode('other', 'enabled')
    expect((await h.token(ALICE, OTHER)).headers.deprecation).toBeUndefined()
    expect((await h.token(ALICE, LEGACY)).headers.deprecation).toBe('@1780315200')
  })

  it('only a success carries the headers: a wrong password is the usual invalid_grant', async () => {
    h.store.settings.update({ passwordGrant: 'deprecated' })
    const r = await h.token({ ...ALICE, password: 'wrong' }, LEGACY)
    expectOAuthError(r, 400, 'invalid_grant', 'The username or password is incorrect.')
    expect(r.headers.deprecation).toBeUndefined()
    expect(r.headers.link).toBeUndefined()
  })

  it('RFC 9745 §2: with no deprecation moment recorded, the first deprecated answer records one and every later answer repeats it', async () => {
    h.store.settings.update({ passwordGrant: 'deprecated', passwordGrantDeprecatedAt: null })
    const first = await h.token(ALICE, LEGACY)
    const seconds = Math.floor(h.clock.now / 1000)
    expect(first.headers.deprecation).toBe(`@${seconds}`)
    expect(h.store.settings.get().passwordGrantDeprecatedAt).toBe(new Date(seconds * 1000).toUTCString())
    h.clock.advance(5_000)
    expect((await h.token(ALICE, LEGACY)).headers.deprecation).toBe(`@${seconds}`)
  })
})

describe('disabled', () => {
  it('RFC 6749 §5.2: server-wide, the password grant gets the unsupported_grant_type answer of a server that never had it, and leaves the metadata', async () => {
    const unknown = await h.token({ ...ALICE, grant_type: 'urn:example:never' }, LEGACY)
    h.store.settings.update({ passwordGrant: 'disabled' })
    const r = await h.token(ALICE, LEGACY)
    expectOAuthError(r, 400, 'unsupported_grant_type', "The grant type 'password' is not supported.")
    expect(r.text).toBe(UNSUPPORTED)
    // Byte for byte the answer to a grant type the server never knew, but for the name it repeats.
    expect(r.text).toBe(unknown.text.replace('urn:example:never', 'password'))
    // The same headers too (the length differs with the name; date and connection are the transport's).
    const headersOf = (x: typeof r) =>
      Object.entries(x.headers).filter(([k]) => !['date', 'connection', 'keep-alive', 'content-length'].includes(k))
    expect(headersOf(r)).toEqual(headersOf(unknown))
    const e = h.lastExchange()
    expect(e.trace.find((s) => s.step === 'grant_type')).toMatchObject({ outcome: 'fail' })
    expect(e.trace.find((s) => s.step === 'grant_type')?.detail).toContain(
      'the password grant is disabled server-wide (settings.passwordGrant = "disabled")',
    )
    expect(hashSteps(e)).toEqual([])
    expect(await metadataGrants()).toEqual(['refresh_token'])
  })

  it('server-wide, refused before client authentication: a wrong secret or a missing password gets the same answer', async () => {
    h.store.settings.update({ passwordGrant: 'disabled' })
    expect((await h.token(ALICE, basic('legacy', 'wrong-secret'))).text).toBe(UNSUPPORTED)
    expect((await h.token({ grant_type: 'password' }, LEGACY)).text).toBe(UNSUPPORTED)
    expect(hashSteps(h.lastExchange())).toEqual([])
  })

  it('for one client: that client is answered unsupported_grant_type, the others are served, and the metadata still lists password', async () => {
    setClientMode('legacy', 'disabled')
    const r = await h.token(ALICE, LEGACY)
    expectOAuthError(r, 400, 'unsupported_grant_type', "The grant type 'password' is not supported.")
    expect(r.text).toBe(UNSUPPORTED)
    expect(h.lastExchange().trace.find((s) => s.step === 'grant_type')?.detail).toContain(
      'disabled for client "legacy" (its passwordGrant = "disabled")',
    )
    // The same client id in the body (client_secret_post) is the same client.
    const post = await h.token({ ...ALICE, client_id: 'legacy', client_secret: 'legacy-secret' })
    expect(post.text).toBe(UNSUPPORTED)
    expect((await h.token(ALICE, OTHER)).status).toBe(200)
    expect(await metadataGrants()).toEqual(['password', 'refresh_token'])
  })

  it('a client set to enabled keeps the grant while the server has disabled it for everyone else', async () => {
    h.store.settings.update({ passwordGrant: 'disabled' })
    setClientMode('other', 'enabled')
    expect((await h.token(ALICE, OTHER)).status).toBe(200)
    expect((await h.token(ALICE, LEGACY)).text).toBe(UNSUPPORTED)
    expect(await metadataGrants()).toEqual(['refresh_token'])
  })

  it('the refresh_token grant is untouched: a client keeps refreshing what it already holds', async () => {
    const refresh = (await h.token(ALICE, LEGACY)).json().refresh_token as string
    h.store.settings.update({ passwordGrant: 'disabled' })
    const r = await h.token({ grant_type: 'refresh_token', refresh_token: refresh }, LEGACY)
    expect(r.status).toBe(200)
  })
})
