// RFC 6749 §3.1, §3.2, Appendix A/B and the HTTP hardening of the server: what a request must look
// like before anything else is checked.
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sanitizeDescription } from '../../../src/server/oauth/errors'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import {
  basic,
  ERROR_DESCRIPTION_CHARSET,
  expectOAuthError,
  hashSteps,
  type Harness,
  startHarness,
} from '../../helpers/token-server-harness'

const AUTH = basic('legacy', 'legacy-secret')
const GRANT = 'grant_type=password&username=alice&password=alice-password-1'

let h: Harness

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({ clientId: 'legacy', secret: 'legacy-secret' })
  await h.addUser({ username: 'alice', password: 'alice-password-1' })
  await h.addUser({ username: 'Zoë 山田', password: 'pässwörd ✓ with spaces' })
})
afterAll(async () => {
  await h.close()
})

describe('method and path (RFC 6749 §3.2)', () => {
  for (const name of ['token', 'introspect', 'revoke'] as const) {
    it(`RFC 6749 §3.2: GET on the ${name} endpoint is 405 with Allow: POST and an OAuth error body`, async () => {
      const r = await h.request('GET', ENDPOINT_PATHS[name])
      expectOAuthError(r, 405, 'invalid_request', `The ${name} endpoint accepts POST only (RFC 6749 section 3.2).`)
      expect(r.headers.allow).toBe('POST')
      expect(h.lastExchange()).toMatchObject({ method: 'GET', status: 405, endpoint: ENDPOINT_PATHS[name] })
    })
  }

  it('an unknown path is a 404 JSON answer', async () => {
    const r = await h.request('GET', '/nope')
    expect(r.status).toBe(404)
    expect(r.headers['content-type']).toBe('application/json')
    expect(r.json()).toEqual({ error: 'not_found', error_description: 'No endpoint at this path.' })
  })

  it('POST on the metadata endpoint is 405 with Allow: GET, HEAD', async () => {
    const r = await h.request('POST', ENDPOINT_PATHS.metadata, { body: 'x=1' })
    expect(r.status).toBe(405)
    expect(r.headers.allow).toBe('GET, HEAD')
  })
})

describe('parameters (RFC 6749 §3.1, §3.2)', () => {
  it('RFC 6749 §3.2: parameters sent without a value are treated as omitted', async () => {
    const r = await h.token(`grant_type=&${GRANT.slice('grant_type=password&'.length)}`, AUTH)
    expectOAuthError(r, 400, 'invalid_request', 'Missing parameter: grant_type.')
    const withEmptyScope = await h.token(`${GRANT}&scope=`, AUTH)
    expect(withEmptyScope.status).toBe(200)
    expect(withEmptyScope.json().scope).toBe('read')
  })

  it('RFC 6749 §3.1: a repeated parameter is invalid_request naming it, with finding repeated_parameter', async () => {
    const r = await h.token(`${GRANT}&scope=read&scope=write`, AUTH)
    expectOAuthError(r, 400, 'invalid_request', "Parameter 'scope' is included more than once (RFC 6749 section 3.1).")
    const e = h.lastExchange()
    expect(e.findings.find((f) => f.code === 'repeated_parameter')).toMatchObject({ rfc: 'RFC 6749 §3.1' })
    expect(hashSteps(e)).toEqual([])
  })

  it('RFC 6749 §3.1: a repeated password is refused before any hash', async () => {
    const r = await h.token(`${GRANT}&password=other`, AUTH)
    expectOAuthError(
      r,
      400,
      'invalid_request',
      "Parameter 'password' is included more than once (RFC 6749 section 3.1).",
    )
  })

  it('RFC 6749 §3.2: unknown parameters are ignored', async () => {
    const r = await h.token(`${GRANT}&foo=bar&nonce=1`, AUTH)
    expect(r.status).toBe(200)
  })

  it('RFC 6749 §4.3.2: a missing grant_type is invalid_request, and costs no hash', async () => {
    const r = await h.token('username=alice&password=alice-password-1', AUTH)
    expectOAuthError(r, 400, 'invalid_request', 'Missing parameter: grant_type.')
    expect(hashSteps(h.lastExchange())).toEqual([])
  })

  it('RFC 6749 §5.2: an unsupported grant_type is unsupported_grant_type', async () => {
    for (const grant of ['urn:ietf:params:oauth:grant-type:device_code', 'implicit', 'PASSWORD']) {
      const r = await h.token({ grant_type: grant, username: 'alice', password: 'x' }, AUTH)
      expectOAuthError(r, 400, 'unsupported_grant_type', `The grant type '${grant}' is not supported.`)
    }
  })

  it('RFC 6749 §3.2: the password in the query string is invalid_request with finding password_in_query', async () => {
    const r = await h.request('POST', `${ENDPOINT_PATHS.token}?password=alice-password-1`, {
      body: 'grant_type=password&username=alice',
      headers: AUTH,
    })
    expectOAuthError(r, 400, 'invalid_request')
    const e = h.lastExchange()
    expect(e.findings.find((f) => f.code === 'password_in_query')).toMatchObject({ rfc: 'RFC 6749 §3.2' })
    expect(e.request.target).toBe(`${ENDPOINT_PATHS.token}?password=***`)
  })

  it('RFC 6749 Appendix A.15/A.16: username and password are any Unicode', async () => {
    const r = await h.token({ grant_type: 'password', username: 'Zoë 山田', password: 'pässwörd ✓ with spaces' }, AUTH)
    expect(r.status).toBe(200)
  })

  it('RFC 6749 Appendix A.15/A.16: a CR or LF in the username or password is invalid_request', async () => {
    const r = await h.token({ grant_type: 'password', username: 'alice\r\n', password: 'x' }, AUTH)
    expectOAuthError(r, 400, 'invalid_request', 'The username must not contain CR or LF (RFC 6749 Appendix A).')
  })
})

describe('body encoding (RFC 6749 §3.2, Appendix B)', () => {
  it('RFC 6749 §3.2: a missing Content-Type is invalid_request with finding missing_content_type', async () => {
    const r = await h.request('POST', ENDPOINT_PATHS.token, { body: GRANT, headers: AUTH, form: false })
    expectOAuthError(
      r,
      400,
      'invalid_request',
      'Missing Content-Type: the body must be application/x-www-form-urlencoded (RFC 6749 section 3.2).',
    )
    expect(h.lastExchange().findings.map((f) => f.code)).toContain('missing_content_type')
  })

  it('RFC 6749 Appendix B: a JSON body is invalid_request (and its password is masked in the record)', async () => {
    const r = await h.request('POST', ENDPOINT_PATHS.token, {
      body: JSON.stringify({ grant_type: 'password', username: 'alice', password: 'alice-password-1' }),
      headers: { ...AUTH, 'Content-Type': 'application/json' },
    })
    expectOAuthError(
      r,
      400,
      'invalid_request',
      'The body must be application/x-www-form-urlencoded (RFC 6749 section 3.2, Appendix B).',
    )
    const stored = h.store.exchanges.get(h.lastExchange().id)!
    expect(stored.request.body).toBe('{"grant_type":"password","username":"alice","password":"***"}')
    expect(stored.findings.map((f) => f.code)).toContain('wrong_content_type')
  })

  it('RFC 6749 Appendix B: the media type is case-insensitive and charset=UTF-8 is accepted', async () => {
    const r = await h.request('POST', ENDPOINT_PATHS.token, {
      body: GRANT,
      headers: { ...AUTH, 'Content-Type': 'Application/X-WWW-Form-Urlencoded; charset=UTF-8' },
    })
    expect(r.status).toBe(200)
  })

  it('RFC 6749 Appendix B: a charset other than UTF-8 is invalid_request', async () => {
    const r = await h.request('POST', ENDPOINT_PATHS.token, {
      body: GRANT,
      headers: { ...AUTH, 'Content-Type': 'application/x-www-form-urlencoded; charset=iso-8859-1' },
    })
    expectOAuthError(r, 400, 'invalid_request')
  })

  it('RFC 6749 Appendix B: malformed percent-encoding is invalid_request 400, never a 500', async () => {
    const r = await h.token(`${GRANT}&scope=re%zzad`, AUTH)
    expectOAuthError(
      r,
      400,
      'invalid_request',
      "The body is not valid form encoding: malformed percent-encoding in 'scope'.",
    )
  })

  it('RFC 6749 Appendix B: bytes that are not UTF-8 are invalid_request 400', async () => {
    const raw = Buffer.concat([
      Buffer.from('grant_type=password&username=al'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('&password=x'),
    ])
    const r = await h.request('POST', ENDPOINT_PATHS.token, { body: raw, headers: AUTH })
    expectOAuthError(
      r,
      400,
      'invalid_request',
      "The body is not valid form encoding: parameter 'username' is not valid UTF-8.",
    )
    const encoded = await h.token('grant_type=password&username=al%FF&password=x', AUTH)
    expectOAuthError(encoded, 400, 'invalid_request')
  })

  it('a body over 64 KiB (declared Content-Length) is 413 and the server keeps serving', async () => {
    const r = await h.token(`${GRANT}&pad=${'x'.repeat(70_000)}`, AUTH)
    expectOAuthError(r, 413, 'invalid_request', 'The request body exceeds 64 KiB.')
    expect(r.headers.connection).toBe('close')
    const e = h.lastExchange()
    expect(e.status).toBe(413)
    expect(e.request.body).toBe('')
    const next = await h.token(GRANT, AUTH)
    expect(next.status).toBe(200)
  })

  it('a chunked body that grows over 64 KiB is 413 (reading stops; no crash)', async () => {
    const r = await h.request('POST', ENDPOINT_PATHS.token, {
      body: `${GRANT}&pad=${'x'.repeat(200_000)}`,
      headers: AUTH,
      chunked: true,
    })
    expect(r.status).toBe(413)
    const next = await h.token(GRANT, AUTH)
    expect(next.status).toBe(200)
  })

  it('a body of exactly 64 KiB is read', async () => {
    const base = `${GRANT}&pad=`
    const r = await h.token(base + 'x'.repeat(64 * 1024 - base.length), AUTH)
    expect(r.status).toBe(200)
  })
})

describe('errors on the wire (RFC 6749 §5.2)', () => {
  it('RFC 6749 §5.2: error_description is printable ASCII without " and \\', () => {
    const s = sanitizeDescription('say "hi" \\ §3.1 ünïcode\r\n')
    expect(s).toMatch(ERROR_DESCRIPTION_CHARSET)
    expect(s).toBe("say 'hi' ? section 3.1 ?n?code??")
  })

  it('RFC 6749 §5.2: parameter names echoed in a description are sanitized', async () => {
    const r = await h.token(`${GRANT}&%22q%5C=1&%22q%5C=2`, AUTH)
    expectOAuthError(r, 400, 'invalid_request')
  })
})

describe('connections', () => {
  it('keep-alive: several requests travel on one connection', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const ports: number[] = []
    try {
      for (let i = 0; i < 3; i++) {
        await new Promise<void>((resolve, reject) => {
          const req = http.request(`${h.baseUrl}${ENDPOINT_PATHS.metadata}`, { agent }, (res) => {
            ports.push(res.socket.localPort ?? -1)
            res.resume()
            res.on('end', resolve)
          })
          req.on('error', reject)
          req.end()
        })
      }
    } finally {
      agent.destroy()
    }
    expect(new Set(ports).size).toBe(1)
  })
})
