// Client findings about the shape of a request (RFC 6749 §3.2, Appendix B): method, URL, media type
// and charset, body encoding, parameters, Accept — each raised by the embedded server for a real
// HTTP request, with the answer it gets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { basic, expectOAuthError, type Harness, startHarness } from '../../helpers/token-server-harness'
import { clientCodes, expectClientFinding } from './expect-finding'

const AUTH = basic('legacy', 'legacy-secret')
const GRANT = 'grant_type=password&username=alice&password=alice-password-1'

let h: Harness

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({ clientId: 'legacy', secret: 'legacy-secret' })
  await h.addUser({ username: 'alice', password: 'alice-password-1' })
})
afterAll(async () => {
  await h.close()
})

describe('method and URL (RFC 6749 §3.2, RFC 8414 §3.1)', () => {
  it('RFC 6749 §3.2: a GET token request is 405 with wrong_http_method, and its password in the URL is password_in_query', async () => {
    const r = await h.request('GET', `${ENDPOINT_PATHS.token}?${GRANT}`, { headers: AUTH })
    expect(r.status).toBe(405)
    expect(r.headers.allow).toBe('POST')
    const e = h.lastExchange()
    const f = expectClientFinding(e, 'wrong_http_method', 'RFC 6749 §3.2')
    expect(f.message).toContain('GET to the token endpoint')
    expectClientFinding(e, 'password_in_query', 'RFC 6749 §3.2')
  })

  it('RFC 7662 §2.1: a GET to the introspection endpoint is wrong_http_method', async () => {
    await h.request('GET', ENDPOINT_PATHS.introspect, { headers: AUTH })
    expectClientFinding(h.lastExchange(), 'wrong_http_method', 'RFC 7662 §2.1')
  })

  it('RFC 8414 §3.1: a POST to the metadata is wrong_http_method', async () => {
    const r = await h.request('POST', ENDPOINT_PATHS.metadata, { body: '' })
    expect(r.status).toBe(405)
    const f = expectClientFinding(h.lastExchange(), 'wrong_http_method', 'RFC 8414 §3.1')
    expect(f.message).toContain('accepts GET or HEAD only')
  })

  it('RFC 6749 §2.3.1: client_secret in the query string is credentials_in_query', async () => {
    const r = await h.post(`${ENDPOINT_PATHS.token}?client_id=legacy&client_secret=legacy-secret`, GRANT)
    expectOAuthError(r, 400, 'invalid_request')
    const f = expectClientFinding(h.lastExchange(), 'credentials_in_query', 'RFC 6749 §2.3.1')
    expect(f.message).toContain('client_secret')
    expect(f.message).not.toContain('legacy-secret')
  })

  it('RFC 6749 §3.2: a password in the query string of a POST is password_in_query', async () => {
    const r = await h.post(
      `${ENDPOINT_PATHS.token}?password=alice-password-1`,
      'grant_type=password&username=alice',
      AUTH,
    )
    expectOAuthError(r, 400, 'invalid_request')
    const f = expectClientFinding(h.lastExchange(), 'password_in_query', 'RFC 6749 §3.2')
    expect(f.message).not.toContain('alice-password-1')
  })
})

describe('media type and body encoding (RFC 6749 §3.2, Appendix B)', () => {
  it('RFC 6749 §3.2: no Content-Type is missing_content_type', async () => {
    const r = await h.request('POST', ENDPOINT_PATHS.token, { body: GRANT, headers: AUTH, form: false })
    expectOAuthError(r, 400, 'invalid_request')
    expectClientFinding(h.lastExchange(), 'missing_content_type', 'RFC 6749 §3.2')
  })

  it('RFC 6749 §3.2: a JSON body is wrong_content_type', async () => {
    const r = await h.request('POST', ENDPOINT_PATHS.token, {
      body: JSON.stringify({ grant_type: 'password' }),
      headers: { ...AUTH, 'Content-Type': 'application/json' },
    })
    expectOAuthError(r, 400, 'invalid_request')
    const f = expectClientFinding(h.lastExchange(), 'wrong_content_type', 'Appendix B')
    expect(f.message).toContain('application/json')
  })

  it('RFC 6749 Appendix B: charset=iso-8859-1 is form_charset_not_utf8 (not wrong_content_type), still invalid_request', async () => {
    const r = await h.request('POST', ENDPOINT_PATHS.token, {
      body: GRANT,
      headers: { ...AUTH, 'Content-Type': 'application/x-www-form-urlencoded; charset=ISO-8859-1' },
    })
    expectOAuthError(r, 400, 'invalid_request')
    const e = h.lastExchange()
    const f = expectClientFinding(e, 'form_charset_not_utf8', 'Appendix B')
    expect(f.message).toContain('charset=ISO-8859-1')
    expect(clientCodes(e)).not.toContain('wrong_content_type')
  })

  it('RFC 6749 Appendix B: a lone "%" in the body is malformed_form_body', async () => {
    const r = await h.token(`${GRANT}&scope=100%zz`, AUTH)
    expectOAuthError(r, 400, 'invalid_request')
    const f = expectClientFinding(h.lastExchange(), 'malformed_form_body', 'Appendix B')
    expect(f.message).toContain("malformed percent-encoding in 'scope'")
  })

  it('RFC 6749 Appendix B: Latin-1 bytes in the body are malformed_form_body', async () => {
    const body = Buffer.concat([
      Buffer.from('grant_type=password&username=j'),
      Buffer.from([0xfc]),
      Buffer.from('rgen'),
    ])
    const r = await h.request('POST', ENDPOINT_PATHS.token, {
      body: Buffer.concat([body, Buffer.from('&password=x')]),
      headers: AUTH,
    })
    expectOAuthError(r, 400, 'invalid_request')
    expect(expectClientFinding(h.lastExchange(), 'malformed_form_body', 'Appendix B').message).toContain('UTF-8')
  })
})

describe('parameters (RFC 6749 §3.1, §3.2, §4.3.2, §5.2)', () => {
  it('RFC 6749 §3.1: a parameter sent twice is repeated_parameter', async () => {
    const r = await h.token(`${GRANT}&scope=read&scope=write`, AUTH)
    expectOAuthError(r, 400, 'invalid_request')
    expect(expectClientFinding(h.lastExchange(), 'repeated_parameter', 'RFC 6749 §3.1').message).toContain('"scope"')
  })

  it('RFC 6749 §3.2: scope= with no value is empty_parameter (info) and counts as omitted', async () => {
    const r = await h.token(`${GRANT}&scope=`, AUTH)
    expect(r.status).toBe(200)
    expect(r.json().scope).toBe('read')
    const f = expectClientFinding(h.lastExchange(), 'empty_parameter', 'RFC 6749 §3.2')
    expect(f).toMatchObject({ severity: 'info' })
    expect(f.message).toContain('"scope"')
  })

  it('RFC 6749 §3.2: a parameter the password grant does not define is unknown_parameter (info), ignored', async () => {
    const r = await h.token(`${GRANT}&audience=https%3A%2F%2Fapi.example&resource=https%3A%2F%2Fapi.example`, AUTH)
    expect(r.status).toBe(200)
    const f = expectClientFinding(h.lastExchange(), 'unknown_parameter', 'RFC 6749 §3.2')
    expect(f).toMatchObject({ severity: 'info' })
    expect(f.message).toContain('"audience"')
    // RFC 8707 resource is a known parameter.
    expect(f.message).not.toContain('"resource"')
  })

  it('RFC 6749 §3.2: a misspelt grant_type is a missing grant_type (missing_parameter) and an unknown "grant-type"', async () => {
    const r = await h.token('grant-type=password&username=alice&password=alice-password-1', AUTH)
    expectOAuthError(r, 400, 'invalid_request', 'Missing parameter: grant_type.')
    const e = h.lastExchange()
    expect(expectClientFinding(e, 'missing_parameter', 'RFC 6749 §4.3.2').message).toContain('"grant_type"')
  })

  it('RFC 6749 §4.3.2: a password grant with an empty password is missing_parameter', async () => {
    const r = await h.token('grant_type=password&username=alice&password=', AUTH)
    expectOAuthError(r, 400, 'invalid_request', 'Missing parameter: password.')
    const e = h.lastExchange()
    const f = expectClientFinding(e, 'missing_parameter', 'RFC 6749 §4.3.2')
    expect(f.message).toContain('The password grant request without "password"')
    expectClientFinding(e, 'empty_parameter', 'RFC 6749 §3.2')
  })

  it('RFC 7662 §2.1: introspection without token is missing_parameter', async () => {
    const r = await h.post(ENDPOINT_PATHS.introspect, 'token_type_hint=access_token', AUTH)
    expectOAuthError(r, 400, 'invalid_request', 'Missing parameter: token.')
    expectClientFinding(h.lastExchange(), 'missing_parameter', 'RFC 7662 §2.1')
  })
})

describe('Accept (RFC 6749 §5.1, RFC 9110 §12.5.1)', () => {
  it('RFC 6749 §5.1: Accept: text/html is accept_not_json; the answer is JSON all the same', async () => {
    const r = await h.token(GRANT, { ...AUTH, Accept: 'text/html, application/xhtml+xml' })
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toBe('application/json')
    const f = expectClientFinding(h.lastExchange(), 'accept_not_json', 'RFC 6749 §5.1')
    expect(f).toMatchObject({ severity: 'warning' })
  })

  it('RFC 9110 §12.5.1: application/json;q=0 refuses JSON; */* and application/* accept it', async () => {
    await h.token(GRANT, { ...AUTH, Accept: 'application/json;q=0, text/plain' })
    expectClientFinding(h.lastExchange(), 'accept_not_json', 'RFC 9110 §12.5.1')
    for (const accept of [
      '*/*',
      'application/*',
      'application/json; charset=utf-8',
      'text/html;q=0.9, application/json',
    ]) {
      await h.token(GRANT, { ...AUTH, Accept: accept })
      expect(clientCodes(h.lastExchange()), accept).not.toContain('accept_not_json')
    }
  })
})
