import { describe, expect, it } from 'vitest'
import {
  judgeBasicAndBodyAccepted,
  judgeBasicNotFormDecoded,
  judgeGrantTypesSupported,
  judgeRefreshReuse,
  judgeResponse,
} from '../../../src/shared/response-checks'
import { basicHeaders, codes, exchange, NO_STORE, only, passwordGrant, tokenSuccess } from './judge-helpers'

const refresh = (token: string): Array<[string, string]> => [
  ['grant_type', 'refresh_token'],
  ['refresh_token', token],
]
const issued = (refreshToken?: string) => ({
  ...tokenSuccess,
  ...(refreshToken ? { refresh_token: refreshToken } : {}),
})

describe('refresh token reuse (RFC 9700 §4.14.2)', () => {
  const first = (answerRefresh?: string) => exchange('token', { params: refresh('rt-1'), body: issued(answerRefresh) })
  const second = (status: number, body: unknown) => exchange('token', { params: refresh('rt-1'), status, body })

  it('RFC 9700 §4.14.2: a rotated refresh token accepted again is an error', () => {
    const f = only(judgeRefreshReuse(second(200, issued('rt-3')), first('rt-2')), 'refresh_reuse_accepted')
    expect(f).toMatchObject({ side: 'server', severity: 'error', rfc: 'RFC 9700 §4.14.2' })
    expect(f.message).toContain('answered with status 200 and a new access token and refresh token')
    expect(f.message).not.toContain('rt-')
    expect(codes(judgeRefreshReuse(second(200, issued())))).toEqual(['refresh_reuse_accepted'])
  })

  it('passes when the reuse is refused, or when the first use did not rotate (nothing to refuse)', () => {
    expect(judgeRefreshReuse(second(400, { error: 'invalid_grant' }), first('rt-2'))).toEqual([])
    expect(judgeRefreshReuse(second(200, issued()), first())).toEqual([])
    expect(judgeRefreshReuse(second(200, issued()), first('rt-1'))).toEqual([])
    // Another token the second time: not a reuse.
    const other = exchange('token', { params: refresh('rt-9'), body: issued() })
    expect(judgeRefreshReuse(other, first('rt-2'))).toEqual([])
  })
})

describe('Basic plus body credentials (RFC 6749 §2.3)', () => {
  const both = (status: number, body: unknown) =>
    exchange('token', {
      requestHeaders: basicHeaders(),
      params: [...passwordGrant, ['client_secret', 'body-secret']],
      status,
      body,
    })

  it('RFC 6749 §2.3: accepting two authentication methods in one request is a warning, also from judgeResponse', () => {
    const f = only(judgeBasicAndBodyAccepted(both(200, issued())), 'basic_and_body_accepted')
    expect(f.message).toBe(
      'The request carried Authorization: Basic and client_secret in the body, and the token endpoint answered 200 instead of invalid_request.',
    )
    expect(codes(judgeResponse(both(200, issued())))).toEqual(['basic_and_body_accepted'])
  })

  it('passes when refused with invalid_request, or with one method only', () => {
    expect(judgeBasicAndBodyAccepted(both(400, { error: 'invalid_request' }))).toEqual([])
    expect(
      judgeBasicAndBodyAccepted(
        exchange('token', { requestHeaders: basicHeaders(), params: passwordGrant, body: issued() }),
      ),
    ).toEqual([])
  })
})

describe('Basic credentials not form-decoded (RFC 6749 §2.3.1)', () => {
  const attempt = (secret: string, formEncoded: boolean, status: number) =>
    exchange('token', {
      requestHeaders: basicHeaders('my app', secret, formEncoded),
      params: passwordGrant,
      status,
      headers: status === 401 ? [...NO_STORE, ['WWW-Authenticate', 'Basic realm="as"']] : NO_STORE,
      body: status === 200 ? issued() : { error: 'invalid_client' },
    })

  it('RFC 6749 §2.3.1: encoded refused and raw accepted means the server does not form-decode', () => {
    const f = only(
      judgeBasicNotFormDecoded(attempt('p@ss+word', true, 401), attempt('p@ss+word', false, 200)),
      'basic_not_form_decoded',
    )
    expect(f.message).toContain(
      'Client "my app": form-encoded Basic credentials were refused with status 401 (invalid_client)',
    )
    expect(f.message).not.toContain('p@ss')
  })

  it('passes when the encoded credentials are accepted, when the encoding changes nothing, or the credentials differ', () => {
    expect(judgeBasicNotFormDecoded(attempt('p@ss+word', true, 200), attempt('p@ss+word', false, 200))).toEqual([])
    const plain = (formEncoded: boolean, status: number) =>
      exchange('token', {
        requestHeaders: basicHeaders('app', 'plain', formEncoded),
        params: passwordGrant,
        status,
        body: {},
      })
    expect(judgeBasicNotFormDecoded(plain(true, 401), plain(false, 200))).toEqual([])
    expect(judgeBasicNotFormDecoded(attempt('p@ss+word', true, 401), attempt('other+one', false, 200))).toEqual([])
  })
})

describe('grant_types_supported against the token endpoint (RFC 8414 §2)', () => {
  const metadata = (grants?: string[]) =>
    JSON.stringify({ issuer: 'https://as', ...(grants ? { grant_types_supported: grants } : {}) })

  it('RFC 8414 §2: an accepted grant the metadata omits is a warning; a listed grant refused is an error', () => {
    const unlisted = only(
      judgeGrantTypesSupported(metadata(['refresh_token']), ['password', 'refresh_token']),
      'metadata_grant_types_mismatch',
    )
    expect(unlisted.severity).toBe('warning')
    expect(unlisted.message).toBe(
      'The token endpoint accepted password, which grant_types_supported ["refresh_token"] does not list.',
    )
    const refused = only(
      judgeGrantTypesSupported(metadata(['password']), [], ['password']),
      'metadata_grant_types_mismatch',
    )
    expect(refused.severity).toBe('error')
    expect(refused.message).toContain('lists password, which the token endpoint answered with unsupported_grant_type')
  })

  it('RFC 8414 §2: an omitted list means authorization_code and implicit', () => {
    expect(only(judgeGrantTypesSupported(metadata(), ['password']), 'metadata_grant_types_mismatch').message).toContain(
      '(omitted: the default)',
    )
  })

  it('passes when the list and the endpoint agree, also in the disabled mode (password refused and not listed)', () => {
    expect(judgeGrantTypesSupported(metadata(['password', 'refresh_token']), ['password', 'refresh_token'])).toEqual([])
    expect(judgeGrantTypesSupported(metadata(['refresh_token']), ['refresh_token'], ['password'])).toEqual([])
  })
})
