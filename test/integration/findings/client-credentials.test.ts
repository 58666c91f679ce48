// Client findings about client authentication (RFC 6749 §2.1, §2.3, §2.3.1, §3.2, §10.1): how the
// credentials were encoded and sent, by whom, and a client that probes methods after a failure —
// each raised by the embedded server for a real HTTP request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { basic, expectOAuthError, type Harness, startHarness } from '../../helpers/token-server-harness'
import { clientCodes, expectClientFinding } from './expect-finding'

const GRANT = { grant_type: 'password', username: 'alice', password: 'alice-password-1' }
const WRONG_GRANT = { ...GRANT, password: 'not-her-password' }
/** A client id and a secret that form-encoding changes ("+" and a space). */
const PLUS_ID = 'team+app'
const PLUS_SECRET = 's3cret word+1'

let h: Harness

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({ clientId: 'legacy', secret: 'legacy-secret' })
  await h.addClient({ clientId: PLUS_ID, secret: PLUS_SECRET })
  await h.addClient({ clientId: 'slash-app', secret: 'a/b c', lenientBasicAuth: false })
  await h.addClient({ clientId: 'mobile', public: true, scopes: ['read'] })
  await h.addClient({ clientId: 'go-client', secret: 'go-secret' })
  await h.addUser({ username: 'alice', password: 'alice-password-1' })
})
afterAll(async () => {
  await h.close()
})

describe('Basic credentials (RFC 6749 §2.3.1)', () => {
  it('RFC 6749 §2.3.1: raw Basic credentials are basic_not_form_encoded, showing the raw and decoded client id, never the secret', async () => {
    const r = await h.token(GRANT, basic(PLUS_ID, PLUS_SECRET, false))
    expectOAuthError(r, 401, 'invalid_client')
    const f = expectClientFinding(h.lastExchange(), 'basic_not_form_encoded', 'RFC 6749 §2.3.1')
    expect(f.severity).toBe('error')
    expect(f.message).toContain('client id as sent "team+app", form-decoded "team app"')
    expect(f.message).toContain('only match when read without form-decoding')
    expect(f.message).not.toContain(PLUS_SECRET)
    expect(f.message).not.toContain('s3cret')
  })

  it('RFC 6749 §2.3.1: the same client form-encoding its credentials gets a token and no such finding', async () => {
    const r = await h.token(GRANT, basic(PLUS_ID, PLUS_SECRET, true))
    expect(r.status).toBe(200)
    expect(clientCodes(h.lastExchange())).not.toContain('basic_not_form_encoded')
  })

  it('RFC 6749 §2.3.1: raw characters that decode to themselves ("/", a space) are still not form-encoded: a warning', async () => {
    const r = await h.token(GRANT, basic('slash-app', 'a/b c', false))
    expect(r.status).toBe(200)
    const f = expectClientFinding(h.lastExchange(), 'basic_not_form_encoded', 'RFC 6749 §2.3.1')
    expect(f.severity).toBe('warning')
    expect(f.message).toContain('client id "slash-app"')
    expect(f.message).not.toContain('a/b c')
  })

  it('RFC 6749 §2.3: Basic and client_secret in the body is basic_and_body_credentials (invalid_request)', async () => {
    const r = await h.token({ ...GRANT, client_secret: 'legacy-secret' }, basic('legacy', 'legacy-secret'))
    expectOAuthError(r, 400, 'invalid_request')
    const f = expectClientFinding(h.lastExchange(), 'basic_and_body_credentials', 'RFC 6749 §2.3')
    expect(f.message).toContain('client id "legacy"')
  })
})

describe('body credentials and empty secrets (RFC 6749 §2.3.1, §3.2)', () => {
  it('RFC 6749 §2.3.1: client_secret in the body is client_secret_post_used (info)', async () => {
    const r = await h.token({ ...GRANT, client_id: 'legacy', client_secret: 'legacy-secret' })
    expect(r.status).toBe(200)
    expect(expectClientFinding(h.lastExchange(), 'client_secret_post_used', 'RFC 6749 §2.3.1').severity).toBe('info')
  })

  it('RFC 6749 §3.2: client_secret= with no value is empty_client_secret: no authentication, a confidential client is refused', async () => {
    const r = await h.token({ ...GRANT, client_id: 'legacy', client_secret: '' })
    expectOAuthError(r, 400, 'invalid_client', 'This client is confidential: it must authenticate with its secret.')
    const e = h.lastExchange()
    const f = expectClientFinding(e, 'empty_client_secret', '§3.2')
    expect(f.message).toContain('client "legacy"')
    // The more specific finding, not the generic empty parameter one.
    expect(clientCodes(e)).not.toContain('empty_parameter')
  })

  it('RFC 6749 §2.3.1: Basic credentials with an empty secret are empty_client_secret', async () => {
    const r = await h.token(GRANT, basic('mobile', ''))
    expectOAuthError(r, 401, 'invalid_client')
    const e = h.lastExchange()
    expect(expectClientFinding(e, 'empty_client_secret', 'RFC 6749 §2.3.1').message).toContain('Basic credentials')
  })

  it('RFC 6749 §1.6: a password over plain HTTP is insecure_transport (info), naming what travelled', async () => {
    await h.token({ ...GRANT, client_id: 'mobile' })
    const f = expectClientFinding(h.lastExchange(), 'insecure_transport', 'RFC 6749 §1.6')
    expect(f.severity).toBe('info')
    expect(f.message).toContain('Credentials (password)')
  })
})

describe('public clients (RFC 6749 §2.1, §10.1)', () => {
  it('RFC 6749 §2.1: a public client sending a client_secret is secret_from_public_client (invalid_client)', async () => {
    const r = await h.token({ ...GRANT, client_id: 'mobile', client_secret: 'shipped-in-the-app' })
    expectOAuthError(r, 400, 'invalid_client')
    const f = expectClientFinding(h.lastExchange(), 'secret_from_public_client', 'RFC 6749 §2.1')
    expect(f.message).toContain('Client "mobile" is registered as public')
    expect(f.message).not.toContain('shipped-in-the-app')
  })

  it('RFC 6749 §10.1: the same public client sending client_id alone raises no client authentication finding', async () => {
    const r = await h.token({ ...GRANT, client_id: 'mobile' })
    expect(r.status).toBe(200)
    expect(clientCodes(h.lastExchange())).not.toContain('secret_from_public_client')
  })
})

describe('a retry with another authentication method (RFC 6749 §2.3, RFC 8414 §2)', () => {
  it('RFC 6749 §2.3: Basic fails, then the body within seconds (golang.org/x/oauth2 auto-detect): auth_method_switched', async () => {
    const first = await h.token(WRONG_GRANT, basic('go-client', 'go-secret'))
    expectOAuthError(first, 400, 'invalid_grant')
    expect(clientCodes(h.lastExchange())).not.toContain('auth_method_switched')
    h.clock.advance(200)
    const retry = await h.token({ ...WRONG_GRANT, client_id: 'go-client', client_secret: 'go-secret' })
    expectOAuthError(retry, 400, 'invalid_grant')
    const f = expectClientFinding(h.lastExchange(), 'auth_method_switched', 'RFC 8414 §2')
    expect(f.message).toContain(
      'failed with client_secret_basic under a second ago and now authenticates with client_secret_post',
    )
  })

  it('RFC 6749 §2.3: the same method again, a switch after a success, or after 10 s is no switch', async () => {
    await h.token(WRONG_GRANT, basic('go-client', 'go-secret'))
    await h.token(WRONG_GRANT, basic('go-client', 'go-secret'))
    expect(clientCodes(h.lastExchange())).not.toContain('auth_method_switched')

    expect((await h.token(GRANT, basic('go-client', 'go-secret'))).status).toBe(200)
    await h.token({ ...GRANT, client_id: 'go-client', client_secret: 'go-secret' })
    expect(clientCodes(h.lastExchange())).not.toContain('auth_method_switched')

    await h.token(WRONG_GRANT, basic('go-client', 'go-secret'))
    h.clock.advance(10_001)
    await h.token({ ...GRANT, client_id: 'go-client', client_secret: 'go-secret' })
    expect(clientCodes(h.lastExchange())).not.toContain('auth_method_switched')
  })

  it('RFC 6749 §2.3: a failed introspection is not remembered (the probing happens at the token endpoint)', async () => {
    await h.post(ENDPOINT_PATHS.introspect, { token: 'x' }, basic('go-client', 'wrong'))
    await h.token({ ...GRANT, client_id: 'go-client', client_secret: 'go-secret' })
    expect(clientCodes(h.lastExchange())).not.toContain('auth_method_switched')
  })
})
