// RFC 6749 §2.3, §2.3.1, §3.2.1 and the §5.2 401 rule: client authentication at the token endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { basic, expectOAuthError, hashSteps, type Harness, startHarness } from '../../helpers/token-server-harness'

const PASSWORD_GRANT = { grant_type: 'password', username: 'alice', password: 'alice-password-1' }
const AUTH_FAILED = 'Client authentication failed.'
// Characters that change under form-decoding: '+' is a space, '%41' is 'A'.
const PLUS_SECRET = 'p@ss word+1'

let h: Harness

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({ clientId: 'legacy', secret: 'legacy-secret' })
  await h.addClient({ clientId: 'legacy:app', secret: 'a b+c%d&e' })
  await h.addClient({ clientId: 'strict-app', secret: PLUS_SECRET })
  await h.addClient({ clientId: 'lenient-app', secret: PLUS_SECRET, lenientBasicAuth: true })
  await h.addClient({ clientId: 'percent-app', secret: '100%zz' })
  await h.addClient({ clientId: 'post-only', secret: 'post-only-secret', authMethods: ['client_secret_post'] })
  await h.addClient({ clientId: 'basic-only', secret: 'basic-only-secret', authMethods: ['client_secret_basic'] })
  await h.addClient({ clientId: 'mobile', public: true, scopes: ['read'] })
  await h.addClient({ clientId: 'cache-app', secret: 'cache-secret' })
  await h.addUser({ username: 'alice', password: 'alice-password-1' })
})
afterAll(async () => {
  await h.close()
})

describe('client_secret_basic (RFC 6749 §2.3.1)', () => {
  it('RFC 6749 §2.3.1: Basic credentials that are form-encoded authenticate the client', async () => {
    const r = await h.token(PASSWORD_GRANT, basic('legacy', 'legacy-secret'))
    expect(r.status).toBe(200)
    const e = h.lastExchange()
    expect(e.clientId).toBe('legacy')
    expect(e.trace.find((s) => s.step === 'client_auth.method')?.detail).toBe(
      'client_secret_basic (form-decoded id "legacy")',
    )
    expect(e.findings.map((f) => f.code)).not.toContain('basic_not_form_encoded')
  })

  it('RFC 6749 §2.3.1 / Appendix B: the server form-decodes id and secret (a ":" in the id, "+", "%" and "&" in the secret)', async () => {
    const r = await h.token(PASSWORD_GRANT, basic('legacy:app', 'a b+c%d&e'))
    expect(r.status).toBe(200)
    expect(h.lastExchange().clientId).toBe('legacy:app')
  })

  it('RFC 6749 §2.3.1: strict mode refuses Basic credentials that were not form-encoded (invalid_client, finding basic_not_form_encoded)', async () => {
    const r = await h.token(PASSWORD_GRANT, basic('strict-app', PLUS_SECRET, false))
    expectOAuthError(
      r,
      401,
      'invalid_client',
      'The Basic credentials are not form-encoded: RFC 6749 section 2.3.1 requires the client id and secret to be application/x-www-form-urlencoded before base64.',
    )
    const e = h.lastExchange()
    const finding = e.findings.find((f) => f.code === 'basic_not_form_encoded')
    expect(finding).toMatchObject({ severity: 'error', rfc: 'RFC 6749 §2.3.1' })
    expect(finding?.message).toContain(
      'did not application/x-www-form-urlencode the client id and secret before base64',
    )
    expect(e.trace.find((s) => s.step === 'client.basic_encoding')).toMatchObject({ outcome: 'fail' })
  })

  it('RFC 6749 §2.3.1: the same client form-encoding correctly gets a token', async () => {
    const r = await h.token(PASSWORD_GRANT, basic('strict-app', PLUS_SECRET, true))
    expect(r.status).toBe(200)
    expect(h.lastExchange().findings.map((f) => f.code)).not.toContain('basic_not_form_encoded')
  })

  it('RFC 6749 §2.3.1: a client with lenientBasicAuth is accepted without form-encoding, and the finding is still recorded', async () => {
    const r = await h.token(PASSWORD_GRANT, basic('lenient-app', PLUS_SECRET, false))
    expect(r.status).toBe(200)
    const e = h.lastExchange()
    expect(e.findings.find((f) => f.code === 'basic_not_form_encoded')).toMatchObject({
      severity: 'warning',
      rfc: 'RFC 6749 §2.3.1',
    })
  })

  it('RFC 6749 §2.3.1: a raw "%" that cannot be form-decoded is reported as not form-encoded', async () => {
    const r = await h.token(PASSWORD_GRANT, basic('percent-app', '100%zz', false))
    expect(r.status).toBe(401)
    expect(h.lastExchange().findings.map((f) => f.code)).toContain('basic_not_form_encoded')
    const ok = await h.token(PASSWORD_GRANT, basic('percent-app', '100%zz', true))
    expect(ok.status).toBe(200)
  })

  it('RFC 6749 §5.2: invalid_client after Basic is 401 with WWW-Authenticate', async () => {
    const r = await h.token(PASSWORD_GRANT, basic('legacy', 'wrong-secret'))
    expectOAuthError(r, 401, 'invalid_client', AUTH_FAILED)
  })

  it('RFC 6749 §5.2: a malformed Authorization header is invalid_client 401', async () => {
    const r = await h.token(PASSWORD_GRANT, { Authorization: 'Basic not*base64' })
    expectOAuthError(r, 401, 'invalid_client')
  })

  it('RFC 6749 §2.3: an unsupported Authorization scheme is invalid_client 401', async () => {
    const r = await h.token(PASSWORD_GRANT, { Authorization: 'Bearer abc' })
    expectOAuthError(r, 401, 'invalid_client')
  })

  it('RFC 6749 §5.2: an unknown client pays one dummy hash and gets the same answer as a wrong secret', async () => {
    const unknown = await h.token(PASSWORD_GRANT, basic('nobody', 'legacy-secret'))
    expectOAuthError(unknown, 401, 'invalid_client', AUTH_FAILED)
    const e = h.lastExchange()
    expect(hashSteps(e)).toEqual(['client.secret'])
    expect(e.trace.find((s) => s.step === 'client.secret')?.detail).toContain('dummy hash')
    const wrong = await h.token(PASSWORD_GRANT, basic('legacy', 'nope'))
    expect(wrong.text).toBe(unknown.text)
    expect(hashSteps(h.lastExchange())).toEqual(['client.secret'])
  })
})

describe('client_secret_post and one method per request (RFC 6749 §2.3, §2.3.1)', () => {
  it('RFC 6749 §2.3.1: client_secret_post is accepted and recorded as info finding client_secret_post_used', async () => {
    const r = await h.token({ ...PASSWORD_GRANT, client_id: 'legacy', client_secret: 'legacy-secret' })
    expect(r.status).toBe(200)
    const e = h.lastExchange()
    expect(e.findings.find((f) => f.code === 'client_secret_post_used')).toMatchObject({
      severity: 'info',
      rfc: 'RFC 6749 §2.3.1',
    })
    expect(e.trace.find((s) => s.step === 'client_auth.method')?.detail).toBe('client_secret_post (client_id "legacy")')
  })

  it('RFC 6749 §5.2: invalid_client with body credentials is 400 without WWW-Authenticate', async () => {
    const r = await h.token({ ...PASSWORD_GRANT, client_id: 'legacy', client_secret: 'wrong' })
    expectOAuthError(r, 400, 'invalid_client', AUTH_FAILED)
  })

  it('RFC 6749 §2.3: Basic plus client_secret in the body is invalid_request', async () => {
    const r = await h.token({ ...PASSWORD_GRANT, client_secret: 'legacy-secret' }, basic('legacy', 'legacy-secret'))
    expectOAuthError(
      r,
      400,
      'invalid_request',
      'Use one client authentication method per request: Basic credentials and a client_secret in the body were both sent (RFC 6749 section 2.3).',
    )
    expect(hashSteps(h.lastExchange())).toEqual([])
  })

  it('RFC 6749 §2.3: a body client_id equal to the Basic client id is allowed', async () => {
    const r = await h.token({ ...PASSWORD_GRANT, client_id: 'legacy' }, basic('legacy', 'legacy-secret'))
    expect(r.status).toBe(200)
  })

  it('RFC 6749 §2.3: a body client_id different from the Basic client id is invalid_request', async () => {
    const r = await h.token({ ...PASSWORD_GRANT, client_id: 'other' }, basic('legacy', 'legacy-secret'))
    expectOAuthError(
      r,
      400,
      'invalid_request',
      'The client_id in the body differs from the client id in the Basic credentials.',
    )
  })

  it('RFC 6749 §2.3.1: client credentials in the query string are invalid_request with finding credentials_in_query', async () => {
    const r = await h.post(`${ENDPOINT_PATHS.token}?client_id=legacy&client_secret=legacy-secret`, PASSWORD_GRANT)
    expectOAuthError(r, 400, 'invalid_request')
    expect(r.json().error_description).toContain('query string')
    const e = h.lastExchange()
    expect(e.findings.map((f) => f.code)).toContain('credentials_in_query')
    // The stored target never holds the secret.
    expect(e.request.target).toBe(`${ENDPOINT_PATHS.token}?client_id=legacy&client_secret=***`)
  })

  it('RFC 6749 §2.3: an authentication method the client is not registered for is invalid_client', async () => {
    const basicToPostOnly = await h.token(PASSWORD_GRANT, basic('post-only', 'post-only-secret'))
    expectOAuthError(
      basicToPostOnly,
      401,
      'invalid_client',
      'The authentication method client_secret_basic is not allowed for this client.',
    )
    const postToBasicOnly = await h.token({
      ...PASSWORD_GRANT,
      client_id: 'basic-only',
      client_secret: 'basic-only-secret',
    })
    expectOAuthError(
      postToBasicOnly,
      400,
      'invalid_client',
      'The authentication method client_secret_post is not allowed for this client.',
    )
  })

  it('RFC 6749 §5.2: no client authentication at all is invalid_client', async () => {
    const r = await h.token(PASSWORD_GRANT)
    expectOAuthError(
      r,
      400,
      'invalid_client',
      'Client authentication is required: send Basic credentials or client_id.',
    )
  })

  it('RFC 6749 Appendix A.1: a client_id outside printable ASCII is invalid_request', async () => {
    const r = await h.token({ ...PASSWORD_GRANT, client_id: 'lëgacy' })
    expectOAuthError(r, 400, 'invalid_request', 'The client_id must be printable ASCII (RFC 6749 Appendix A).')
  })

  it('RFC 6749 Appendix A.2: a client_secret outside printable ASCII is invalid_request, before any hash', async () => {
    const r = await h.token({ ...PASSWORD_GRANT, client_id: 'legacy', client_secret: 'sécret' })
    expectOAuthError(r, 400, 'invalid_request', 'The client_secret must be printable ASCII (RFC 6749 Appendix A).')
    expect(hashSteps(h.lastExchange())).toEqual([])
  })
})

describe('public and confidential clients (RFC 6749 §2.1, §3.2.1)', () => {
  it('RFC 6749 §3.2.1: a public client sends client_id only (method none) and gets a token', async () => {
    const r = await h.token({ ...PASSWORD_GRANT, client_id: 'mobile' })
    expect(r.status).toBe(200)
    const e = h.lastExchange()
    expect(e.clientId).toBe('mobile')
    expect(hashSteps(e)).toEqual(['user.password'])
  })

  it('RFC 6749 §2.1: a public client presenting a secret is invalid_client', async () => {
    const body = await h.token({ ...PASSWORD_GRANT, client_id: 'mobile', client_secret: 'anything' })
    expectOAuthError(
      body,
      400,
      'invalid_client',
      'This client is public: it must not present a secret (send client_id only).',
    )
    const viaBasic = await h.token(PASSWORD_GRANT, basic('mobile', 'anything'))
    expectOAuthError(viaBasic, 401, 'invalid_client')
  })

  it('RFC 6749 §3.2.1: a confidential client without its secret is invalid_client', async () => {
    const r = await h.token({ ...PASSWORD_GRANT, client_id: 'legacy' })
    expectOAuthError(r, 400, 'invalid_client', 'This client is confidential: it must authenticate with its secret.')
    expect(hashSteps(h.lastExchange())).toEqual([])
  })

  it('RFC 6749 §3.2.1: an unknown public client id pays one dummy hash', async () => {
    const r = await h.token({ ...PASSWORD_GRANT, client_id: 'no-such-app' })
    expectOAuthError(r, 400, 'invalid_client', AUTH_FAILED)
    expect(hashSteps(h.lastExchange())).toEqual(['client.secret'])
  })
})

describe('brute force and the secret cache (RFC 6749 §2.3.1)', () => {
  it('RFC 6749 §2.3.1: a right secret is hashed once then remembered; a wrong one always pays a compare', async () => {
    const first = await h.token(PASSWORD_GRANT, basic('cache-app', 'cache-secret'))
    expect(first.status).toBe(200)
    expect(hashSteps(h.lastExchange())).toEqual(['client.secret', 'user.password'])

    const second = await h.token(PASSWORD_GRANT, basic('cache-app', 'cache-secret'))
    expect(second.status).toBe(200)
    const e = h.lastExchange()
    // A password grant costs one hash: the password's.
    expect(hashSteps(e)).toEqual(['user.password'])
    expect(e.trace.find((s) => s.step === 'client.secret')).toMatchObject({ outcome: 'ok', ms: 0 })
    expect(e.trace.find((s) => s.step === 'client.secret')?.detail).toContain('cached')

    for (let i = 0; i < 2; i++) {
      await h.token(PASSWORD_GRANT, basic('cache-app', 'wrong-secret'))
      expect(hashSteps(h.lastExchange())).toEqual(['client.secret'])
    }
  })

  it('forgetClient drops what is remembered: the next request pays the hash again', async () => {
    await h.token(PASSWORD_GRANT, basic('cache-app', 'cache-secret'))
    h.server.forgetClient('cache-app')
    await h.token(PASSWORD_GRANT, basic('cache-app', 'cache-secret'))
    expect(hashSteps(h.lastExchange())).toEqual(['client.secret', 'user.password'])
  })
})
