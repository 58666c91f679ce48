// The stateless request rules (request-rules.ts) as the proxy calls them (judgeClientRequest): what a
// request shows on its own, the endpoint inferred when the upstream's metadata did not name it, and
// that no finding ever repeats a secret or a password, whatever the request holds.
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { judgeClientRequest, type JudgedClientRequest } from '../../src/server/oauth/request-findings'
import { acceptRule } from '../../src/server/oauth/request-rules'
import { basicAuthorization } from '../../src/shared/token-request'

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

function judge(req: Partial<Omit<JudgedClientRequest, 'body'>> & { body?: string | Buffer }): string[] {
  const body = typeof req.body === 'string' ? Buffer.from(req.body) : (req.body ?? Buffer.alloc(0))
  return judgeClientRequest({ method: 'POST', query: '', headers: FORM, secure: false, ...req, body }).map(
    (f) => f.code,
  )
}

describe('judgeClientRequest (the proxy’s view, RFC 6749 §3.2)', () => {
  it('RFC 6749 §3.2: without a known endpoint, a GET carrying grant_type in the URL is a token request with the wrong method', () => {
    expect(judge({ method: 'GET', query: 'grant_type=password&username=a&password=b' })).toEqual([
      'wrong_http_method',
      'password_in_query',
    ])
    // A GET to some other path of the upstream is none of its business.
    expect(judge({ method: 'GET', query: 'page=2' })).toEqual([])
  })

  it('RFC 6749 §3.2: without a known endpoint, a POST with grant_type is judged as a token request', () => {
    expect(judge({ body: 'grant_type=password&username=a&colour=blue' })).toEqual([
      'missing_parameter',
      'unknown_parameter',
    ])
    // No grant_type and no endpoint: nothing to say about its parameters.
    expect(judge({ body: 'colour=blue' })).toEqual([])
  })

  it('RFC 6749 §1.6: over TLS, credentials raise no insecure_transport', () => {
    expect(judge({ endpoint: 'token', body: 'grant_type=password&username=a&password=b', secure: true })).toEqual([])
  })

  it('RFC 9110 §12.5.1: Accept ranges, parameters and q-values', () => {
    expect(acceptRule(undefined)).toBeNull()
    expect(acceptRule('')).toBeNull()
    expect(acceptRule('APPLICATION/JSON')).toBeNull()
    expect(acceptRule('text/html;q=0.8, */*;q=0.1')).toBeNull()
    expect(acceptRule('application/json;q=0.0')?.code).toBe('accept_not_json')
    expect(acceptRule('application/problem+json')?.code).toBe('accept_not_json')
  })
})

describe('no client finding repeats a secret or a password', () => {
  // Long enough that it cannot occur by chance in a message's own words.
  const credential = fc.string({ minLength: 12, maxLength: 40 }).filter((s) => s.trim().length >= 12)

  it('whatever the Basic secret, the body secret, the password and where they are sent', () => {
    fc.assert(
      fc.property(
        credential,
        credential,
        credential,
        fc.boolean(),
        fc.constantFrom('POST', 'GET'),
        (secret, bodySecret, password, encode, method) => {
          const body = new URLSearchParams({
            grant_type: 'password',
            username: 'alice',
            password,
            client_secret: bodySecret,
            scope: 'read,write',
          }).toString()
          const findings = judgeClientRequest({
            method,
            endpoint: 'token',
            query: new URLSearchParams({ client_secret: bodySecret, password }).toString(),
            headers: { ...FORM, authorization: basicAuthorization('my app', secret, encode), accept: 'text/html' },
            body: Buffer.from(body),
            secure: false,
          })
          for (const f of findings) {
            for (const value of [secret, bodySecret, password]) expect(f.message).not.toContain(value)
          }
        },
      ),
    )
  })
})
