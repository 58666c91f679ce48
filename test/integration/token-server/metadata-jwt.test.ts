// RFC 8414 (metadata) and RFC 9068 (JWT access tokens), with the JWKS they verify against.
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTokenServer } from '../../../src/server/index'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { basic, type Harness, startHarness } from '../../helpers/token-server-harness'

const JWT_AUTH = basic('jwt-app', 'jwt-secret')

let h: Harness

async function jwtLogin(): Promise<string> {
  const r = await h.token(
    { grant_type: 'password', username: 'alice', password: 'alice-password-1', scope: 'read' },
    JWT_AUTH,
  )
  expect(r.status).toBe(200)
  return r.json().access_token as string
}

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({ clientId: 'jwt-app', secret: 'jwt-secret', tokenFormat: 'jwt', accessTokenTtl: 120 })
  await h.addUser({
    username: 'alice',
    password: 'alice-password-1',
    claims: { email: 'alice@example.com', client_id: 'spoofed', iss: 'https://evil.example' },
  })
})
afterAll(async () => {
  await h.close()
})

describe('metadata (RFC 8414)', () => {
  it('RFC 8414 §3: the metadata document lists the endpoints under an issuer identical to the base URL', async () => {
    const r = await h.request('GET', ENDPOINT_PATHS.metadata)
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toBe('application/json')
    expect(r.json()).toEqual({
      issuer: h.baseUrl,
      token_endpoint: `${h.baseUrl}/oauth/v2/oauth-token`,
      introspection_endpoint: `${h.baseUrl}/oauth/v2/oauth-introspect`,
      revocation_endpoint: `${h.baseUrl}/oauth/v2/oauth-revoke`,
      jwks_uri: `${h.baseUrl}/oauth/v2/jwks`,
      grant_types_supported: ['password', 'refresh_token'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      scopes_supported: ['admin', 'read', 'write'],
      response_types_supported: ['code'],
      authorization_endpoint: `${h.baseUrl}/oauth/v2/oauth-authorize`,
      authorization_challenge_endpoint: `${h.baseUrl}/oauth/v2/oauth-authorization-challenge`,
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    })
    expect(h.server.issuer()).toBe(h.baseUrl)
  })

  it('RFC 8414 §2: a configured issuer is used as is, and the endpoints hang under it', async () => {
    h.store.settings.update({ issuer: 'https://lab.example/' })
    try {
      const body = (await h.request('GET', ENDPOINT_PATHS.metadata)).json()
      expect(body.issuer).toBe('https://lab.example/')
      expect(body.token_endpoint).toBe('https://lab.example/oauth/v2/oauth-token')
      expect(h.server.issuer()).toBe('https://lab.example/')
    } finally {
      h.store.settings.update({ issuer: null })
    }
  })

  it('HEAD on the metadata endpoint answers without a body', async () => {
    const r = await h.request('HEAD', ENDPOINT_PATHS.metadata)
    expect(r.status).toBe(200)
    expect(r.text).toBe('')
  })
})

describe('JWT access tokens (RFC 9068)', () => {
  it('RFC 9068 §2.1: header typ at+jwt, alg RS256 (never none), kid present in the JWKS', async () => {
    const token = await jwtLogin()
    const header = decodeProtectedHeader(token)
    expect(header.typ).toBe('at+jwt')
    expect(header.alg).toBe('RS256')
    const jwks = (await h.request('GET', ENDPOINT_PATHS.jwks)).json()
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toContain(header.kid)
    for (const k of jwks.keys) expect(k.d).toBeUndefined()
    expect(await h.server.jwks()).toEqual(jwks)
  })

  it('RFC 9068 §2.2: the signature verifies against jwks_uri; claims iss exp aud sub client_id iat jti scope plus the user claims (ours win)', async () => {
    const token = await jwtLogin()
    const jwks = createRemoteJWKSet(new URL(`${h.baseUrl}${ENDPOINT_PATHS.jwks}`))
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      typ: 'at+jwt',
      issuer: h.baseUrl,
      audience: 'ropc-lab',
      currentDate: new Date(h.clock.now),
    })
    expect(protectedHeader.typ).toBe('at+jwt')
    const iat = Math.floor(h.clock.now / 1000)
    expect(payload).toEqual({
      iss: h.baseUrl,
      aud: 'ropc-lab',
      sub: 'alice',
      client_id: 'jwt-app',
      iat,
      exp: iat + 120,
      jti: expect.any(String),
      scope: 'read',
      email: 'alice@example.com',
    })
  })

  it('RFC 9068 / RFC 7662: a JWT access token can be introspected and revoked (stored as a digest)', async () => {
    const token = await jwtLogin()
    const body = (await h.post(ENDPOINT_PATHS.introspect, { token }, JWT_AUTH)).json()
    expect(body).toMatchObject({ active: true, token_type: 'Bearer', client_id: 'jwt-app', scope: 'read' })
    await h.post(ENDPOINT_PATHS.revoke, { token }, JWT_AUTH)
    expect((await h.post(ENDPOINT_PATHS.introspect, { token }, JWT_AUTH)).text).toBe('{"active":false}')
    const row = h.store.db.prepare('SELECT COUNT(*) AS n FROM tokens WHERE digest = ?').get(token) as { n: number }
    expect(row.n).toBe(0)
  })

  it('RFC 9068 §2.1: ES256 per settings.jwtAlg; the JWKS keeps the older RS256 key', async () => {
    const before = await jwtLogin()
    h.store.settings.update({ jwtAlg: 'ES256' })
    try {
      const token = await jwtLogin()
      expect(decodeProtectedHeader(token).alg).toBe('ES256')
      const jwks = createRemoteJWKSet(new URL(`${h.baseUrl}${ENDPOINT_PATHS.jwks}`))
      const opts = { typ: 'at+jwt', currentDate: new Date(h.clock.now) }
      await expect(jwtVerify(token, jwks, opts)).resolves.toBeTruthy()
      await expect(jwtVerify(before, jwks, opts)).resolves.toBeTruthy()
    } finally {
      h.store.settings.update({ jwtAlg: 'RS256' })
    }
  })

  it('the signing key is made on first start and kept: a new server on the same store signs with the same kid', async () => {
    const kid = decodeProtectedHeader(await jwtLogin()).kid
    const again = createTokenServer({ store: h.store, hashPool: h.pool })
    const { baseUrl } = await again.listen('127.0.0.1', 0)
    try {
      const r = await fetch(`${baseUrl}${ENDPOINT_PATHS.token}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...JWT_AUTH },
        body: 'grant_type=password&username=alice&password=alice-password-1',
      })
      const token = ((await r.json()) as { access_token: string }).access_token
      expect(decodeProtectedHeader(token).kid).toBe(kid)
    } finally {
      await again.close()
    }
  })
})
