import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findings } from '../../../src/server/oauth/findings'
import { passwordGrantDeprecatedFinding } from '../../../src/server/oauth/grants/password-mode'
import {
  CLIENT_FINDING_CODES,
  FINDING_CATALOGUE,
  REQUEST_CLIENT_FINDING_CODES,
  SERVER_FINDING_CODES,
  createFinding,
  findingDefinition,
  lookupFinding,
} from '../../../src/shared/findings'
import { classifyEndpoint, judgeResponse, type JudgedEndpoint } from '../../../src/shared/response-checks'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { basicHeaders, exchange, FORM, JSON_HEADERS, SECRET } from './judge-helpers'

describe('classifyEndpoint', () => {
  it('names the endpoint from the path, then from the form parameters', () => {
    const cases: Array<[string, string, string, JudgedEndpoint]> = [
      ['https://as/.well-known/oauth-authorization-server', 'GET', '', 'metadata'],
      ['https://as/.well-known/oauth-authorization-server/tenant', 'GET', '', 'metadata'],
      ['https://as/realms/x/.well-known/openid-configuration', 'GET', '', 'metadata'],
      [`http://127.0.0.1:8443${ENDPOINT_PATHS.jwks}`, 'GET', '', 'jwks'],
      ['https://www.googleapis.com/oauth2/v3/certs', 'GET', '', 'jwks'],
      ['https://as/realms/x/protocol/openid-connect/token/introspect', 'POST', 'token=a', 'introspect'],
      [`http://127.0.0.1:8443${ENDPOINT_PATHS.introspect}`, 'POST', 'token=a', 'introspect'],
      [`http://127.0.0.1:8443${ENDPOINT_PATHS.revoke}`, 'POST', 'token=a', 'revoke'],
      ['https://as/oauth2/revocation', 'POST', 'token=a', 'revoke'],
      [`http://127.0.0.1:8443${ENDPOINT_PATHS.token}`, 'POST', '', 'token'],
      ['https://as/api/login', 'POST', 'grant_type=password&username=a', 'token'],
      ['https://as/oauth2/token?x=1', 'POST', 'foo=bar', 'token'],
      ['https://as/api/login', 'POST', 'token=a', 'unknown'],
      ['https://as/api/login', 'GET', 'grant_type=password', 'unknown'],
    ]
    for (const [url, method, body, expected] of cases)
      expect([url, classifyEndpoint(url, method, body)]).toEqual([url, expected])
  })
})

describe('the findings catalogue', () => {
  it('has every code once, on its side, with every field filled in', () => {
    const all = [...CLIENT_FINDING_CODES, ...SERVER_FINDING_CODES]
    expect(new Set(all).size).toBe(all.length)
    expect(Object.keys(FINDING_CATALOGUE).sort()).toEqual([...all].sort())
    for (const code of all) {
      const d = findingDefinition(code)
      expect(d.code).toBe(code)
      expect(d.side).toBe((CLIENT_FINDING_CODES as readonly string[]).includes(code) ? 'client' : 'server')
      expect(d.rfc).toMatch(/^RFC \d+ §/)
      for (const text of [d.title, d.why, d.fix, d.trigger]) expect(text.length).toBeGreaterThan(10)
    }
    expect(lookupFinding('not_a_code')).toBeUndefined()
    expect(lookupFinding('toString')).toBeUndefined()
  })

  it('says what each finding is judged from: the request alone (proxy too), the server state, or an answer', () => {
    expect(CLIENT_FINDING_CODES.length).toBeGreaterThanOrEqual(20)
    for (const code of CLIENT_FINDING_CODES) {
      const fromRequest = (REQUEST_CLIENT_FINDING_CODES as readonly string[]).includes(code)
      expect(findingDefinition(code).basis, code).toBe(fromRequest ? 'request' : 'server-state')
    }
    for (const code of SERVER_FINDING_CODES) expect(findingDefinition(code).basis).toBe('response')
  })

  it('the server constructors take code, side, RFC section and default severity from the catalogue', () => {
    const ids = { rawId: 'my app', decodedId: 'my app' }
    const raised = [
      findings.wrongHttpMethod('GET', 'token', ['POST']),
      findings.credentialsInQuery(['client_secret']),
      findings.passwordInQuery(),
      findings.missingContentType(),
      findings.wrongContentType('application/json'),
      findings.formCharsetNotUtf8('ISO-8859-1'),
      findings.malformedFormBody("malformed percent-encoding in 'scope'"),
      findings.repeatedParameter(['scope']),
      findings.emptyParameter(['scope']),
      findings.unknownParameter(['audience'], 'the password grant'),
      findings.missingParameter(['password'], 'The password grant request'),
      findings.acceptNotJson('text/html'),
      findings.basicNotFormEncoded(ids, false),
      findings.basicAndBodyCredentials('legacy'),
      findings.emptyClientSecret('body', 'legacy'),
      findings.clientSecretPostUsed(),
      findings.insecureTransport(['password']),
      findings.scopeCommaSeparated('read,write'),
      findings.secretFromPublicClient('mobile', 'client_secret_post'),
      findings.authMethodSwitched('legacy', 'client_secret_basic', 'client_secret_post', 0),
      findings.unknownScope(['Read'], ['read']),
      findings.scopeWidenedOnRefresh(['write'], 'read'),
      findings.scopeWithoutConsent('legacy', 'read'),
      findings.failureBurst('alice', 5, 60, true),
      findings.refreshTokenExpired('2020-01-01T00:00:00.000Z'),
      findings.refreshTokenReuse('family-1'),
      passwordGrantDeprecatedFinding('legacy', 'settings', null),
      findings.pkceMissing('An authorization request'),
      findings.pkcePlain('plain'),
      findings.pkceVerifierMismatch(false),
      findings.redirectUriMismatch('spa', 'https://evil.example/cb', 'authorize'),
      findings.stateMissing('spa'),
      findings.authorizationCodeReused('spa', 2),
      findings.challengeNotFirstParty('web'),
    ]
    expect(raised.map((f) => f.code).sort()).toEqual([...CLIENT_FINDING_CODES].sort())
    for (const f of raised) {
      const d = findingDefinition(f.code)
      expect(f).toMatchObject({ side: 'client', rfc: d.rfc, severity: d.severity })
    }
    // The lenient mode lowers one occurrence's severity.
    expect(findings.basicNotFormEncoded(ids, true).severity).toBe('warning')
    // Seen from the request alone: raw characters that decode to themselves are harmless here.
    expect(findings.basicCharactersNotEncoded(ids, 'client id').severity).toBe('warning')
    expect(findings.basicCharactersNotEncoded({ rawId: 'a+b c', decodedId: 'a b c' }, 'client id').severity).toBe(
      'error',
    )
    expect(createFinding('expires_in_missing', 'm', 'warning')).toEqual({
      code: 'expires_in_missing',
      side: 'server',
      severity: 'warning',
      rfc: 'RFC 6749 §5.1',
      message: 'm',
    })
  })
})

describe('messages never carry a secret or a token', () => {
  it('whatever a server answers, no finding repeats a token, a password or a Basic secret', () => {
    const endpoint = fc.constantFrom<JudgedEndpoint>('token', 'introspect', 'revoke', 'metadata', 'jwks', 'unknown')
    // Members whose values may be credentials or tokens; codes, scopes and issuers are shown on purpose.
    const secretish = fc.constantFrom<unknown>(SECRET, `x ${SECRET} "y"`, [SECRET], { nested: SECRET })
    const body = fc.oneof(
      fc.constant(`access_token=${SECRET}&token_type=bearer`),
      fc.constant(`<html>${SECRET}</html>`),
      fc.record(
        {
          error: fc.constantFrom('invalid_client', 'invalid_grant', 'server_error', 'made_up'),
          error_description: secretish,
          active: fc.constantFrom<unknown>(true, false, 'true', null),
          access_token: secretish,
          refresh_token: secretish,
          username: secretish,
          stack: secretish,
          keys: fc.constantFrom<unknown>([], 'x'),
        },
        { requiredKeys: [] },
      ),
    )
    fc.assert(
      fc.property(endpoint, body, fc.constantFrom(200, 204, 400, 401, 403, 500), (ep, b, status) => {
        const x = exchange(ep, {
          requestHeaders: [...basicHeaders('app', SECRET), ...FORM],
          params: [
            ['grant_type', 'password'],
            ['password', SECRET],
            ['token', SECRET],
            ['client_secret', SECRET],
          ],
          status,
          headers: JSON_HEADERS,
          body: b,
        })
        for (const f of judgeResponse(x)) expect(f.message).not.toContain(SECRET)
      }),
    )
  })
})
