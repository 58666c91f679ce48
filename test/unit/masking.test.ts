// The masking every exchange goes through before it is stored (shared/masking.ts): whatever shape a
// credential arrives in, the stored copy does not hold it, and what is not a credential is kept.
import { assert as fcAssert, constantFrom, property, string } from 'fast-check'
import { describe, expect, it } from 'vitest'
import { maskRequest, maskResponse, maskResponseBody, maskTarget, STRIPPED_SIGNATURE } from '../../src/shared/masking'

const secret = string({ minLength: 8, maxLength: 40, unit: 'grapheme' }).filter((s) => /^[\x21-\x7e]+$/.test(s))
const secretName = constantFrom('password', 'client_secret', 'refresh_token', 'access_token', 'token', 'PassWord')

describe('request masking (RFC 6749 §2.3.1, §4.3.2, §6; RFC 7009, RFC 7662 token)', () => {
  it('a credential parameter in a form body, JSON body or query string is never kept (property)', () => {
    fcAssert(
      property(secretName, secret, (name, value) => {
        const form = `grant_type=password&${name}=${encodeURIComponent(value)}&scope=read`
        const json = JSON.stringify({ grant_type: 'password', [name]: value })
        const masked = maskRequest({
          method: 'POST',
          target: `/token?${name}=${encodeURIComponent(value)}`,
          headers: [['Authorization', `Bearer ${value}`]],
          body: form,
        })
        for (const text of [
          masked.body,
          masked.target,
          masked.headers[0]![1],
          maskRequest({ ...masked, body: json }).body,
        ]) {
          expect(text).not.toContain(encodeURIComponent(value))
          expect(text).not.toContain(value)
        }
        expect(masked.body).toContain('grant_type=password')
        expect(masked.body).toContain('scope=read')
      }),
      { numRuns: 300 },
    )
  })

  it('a JSON body: a number, a \\u-escaped name or a nested member is masked as a string value is', () => {
    const body = (text: string) => maskRequest({ method: 'POST', target: '/token', headers: [], body: text }).body
    expect(body('{"grant_type":"password","password": 123456}')).not.toContain('123456')
    expect(body('{"pass\\u0077ord":"s3cret-value"}')).not.toContain('s3cret-value')
    expect(body('{"user":{"client_secret":987654}}')).not.toContain('987654')
    // Already masked by its shape: the body is kept as sent, spacing included.
    expect(body('{ "password" : "hunter2" }')).toBe('{ "password" : "***" }')
  })

  it('Basic and Proxy-Authorization keep their scheme only', () => {
    const masked = maskRequest({
      method: 'POST',
      target: '/t',
      headers: [
        ['Authorization', 'Basic bGVnYWN5OnNlY3JldA=='],
        ['Proxy-Authorization', 'Basic eDp5'],
        ['Accept', 'application/json'],
      ],
      body: '',
    })
    expect(masked.headers).toEqual([
      ['Authorization', 'Basic ***'],
      ['Proxy-Authorization', 'Basic ***'],
      ['Accept', 'application/json'],
    ])
  })

  it("an absolute URL's userinfo is masked, up to the last @ before the path (RFC 9110 §4.2.4)", () => {
    expect(maskTarget('http://id:S3cret@as.example/t?password=pw')).toBe('http://***:***@as.example/t?password=***')
    expect(maskTarget('https://only-id@as.example/t')).toBe('https://***@as.example/t')
    expect(maskTarget('http://id:p@ss@as.example/t')).toBe('http://***:***@as.example/t')
    expect(maskTarget('/t?x=a@b')).toBe('/t?x=a@b')
    expect(maskTarget('http://as.example/t?x=a@b')).toBe('http://as.example/t?x=a@b')
    // Masking a stored target again keeps it as it is.
    expect(maskTarget('http://***:***@as.example/t?password=***')).toBe('http://***:***@as.example/t?password=***')
  })

  it('an absolute URL keeps its fragment and non-credential parameters', () => {
    expect(maskTarget('https://as.example/t?client_secret=abc&x=1#f')).toBe(
      'https://as.example/t?client_secret=***&x=1#f',
    )
  })
})

describe('response masking: tokens whichever server issued them (RFC 6749 §5.1, §10.3)', () => {
  it('a JWT keeps its header and claims but not its signature; an opaque token a prefix', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz'
    const body = JSON.stringify({
      access_token: jwt,
      refresh_token: 'opaque-refresh-token-value',
      token_type: 'Bearer',
    })
    const masked = JSON.parse(maskResponseBody(body)) as Record<string, string>
    expect(masked.access_token).toBe(`eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.${STRIPPED_SIGNATURE}`)
    expect(masked.refresh_token).toBe('opaque***')
    expect(masked.token_type).toBe('Bearer')
  })

  it('tokens nested in JSON, in a form-encoded answer, or in another letter case are masked too', () => {
    const token = 'Zm9vYmFyYmF6cXV4LXRva2Vu'
    for (const body of [
      JSON.stringify({ data: { access_token: token } }),
      `access_token=${token}&token_type=bearer`,
      JSON.stringify({ Access_Token: token }),
      `{"access_token": "${token}", broken`,
    ]) {
      expect(maskResponse({ status: 200, headers: [], body }).body).not.toContain(token)
    }
  })

  it('an error body without credentials is kept byte for byte', () => {
    const body = '{"error":"invalid_grant","error_description":"The token is invalid."}'
    expect(maskResponseBody(body)).toBe(body)
  })
})
