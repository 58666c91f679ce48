import { describe, expect, it } from 'vitest'
import { judgeResponse } from '../../../src/shared/response-checks'
import {
  basicHeaders,
  codes,
  exchange,
  JSON_HEADERS,
  jwt,
  NO_STORE,
  only,
  passwordGrant,
  tokenSuccess,
} from './judge-helpers'

const judge = (parts: Parameters<typeof exchange>[1]) => judgeResponse(exchange('token', parts))
const error = (body: unknown, status = 400, headers = NO_STORE) =>
  judge({ params: passwordGrant, status, headers, body })

describe('token endpoint success (RFC 6749 §5.1)', () => {
  it('a conforming answer raises nothing', () => {
    expect(judge({ params: passwordGrant, body: tokenSuccess })).toEqual([])
  })

  it('RFC 6749 §5.1: a successful answer without Cache-Control: no-store is an error, and says what it saw', () => {
    const f = only(
      judge({ body: tokenSuccess, headers: [...JSON_HEADERS, ['Cache-Control', 'max-age=60']] }),
      'token_response_cacheable',
    )
    expect(f).toMatchObject({ side: 'server', severity: 'error', rfc: 'RFC 6749 §5.1' })
    expect(f.message).toContain('Cache-Control: "max-age=60"')
    const listed = [...JSON_HEADERS, ['Cache-Control', 'private, No-Store'], ['Pragma', 'no-cache']] as typeof NO_STORE
    expect(codes(judge({ body: tokenSuccess, headers: listed }))).toEqual([])
  })

  it('RFC 6749 §5.1: a successful answer without Pragma: no-cache is a warning', () => {
    const f = only(
      judge({ body: tokenSuccess, headers: [...JSON_HEADERS, ['Cache-Control', 'no-store']] }),
      'token_response_no_pragma',
    )
    expect(f).toMatchObject({ severity: 'warning' })
    expect(f.message).toContain('no Pragma header')
  })

  it('RFC 6749 §5.1: access_token is required; a 200 that carries an error says so', () => {
    const { access_token: _a, ...rest } = tokenSuccess
    expect(only(judge({ body: rest }), 'access_token_missing').message).toContain('token_type, expires_in, scope')
    expect(only(judge({ body: { error: 'invalid_grant' } }), 'access_token_missing').message).toContain(
      'carries error "invalid_grant"',
    )
    expect(codes(judge({ body: tokenSuccess }))).not.toContain('access_token_missing')
  })

  it('RFC 6749 §5.1, §7.1: token_type is required', () => {
    const { token_type: _t, ...rest } = tokenSuccess
    expect(only(judge({ body: rest }), 'token_type_missing').severity).toBe('error')
    expect(only(judge({ body: { ...tokenSuccess, token_type: 1 } }), 'token_type_missing').message).toContain('is 1')
    expect(codes(judge({ body: { ...tokenSuccess, token_type: 'bearer' } }))).toEqual([])
  })

  it('RFC 6749 §5.1, Appendix A.14: expires_in is a JSON integer, and its absence is only worth an info', () => {
    expect(only(judge({ body: { ...tokenSuccess, expires_in: '3600' } }), 'expires_in_not_numeric').message).toBe(
      'expires_in is "3600", a JSON string.',
    )
    expect(codes(judge({ body: { ...tokenSuccess, expires_in: 1.5 } }))).toEqual(['expires_in_not_numeric'])
    const { expires_in: _e, ...rest } = tokenSuccess
    expect(only(judge({ body: rest }), 'expires_in_missing').severity).toBe('info')
    expect(codes(judge({ body: { ...tokenSuccess, expires_in: 0 } }))).toEqual([])
  })

  describe('RFC 6749 §3.3, §5.1: scope is required when it differs from the request', () => {
    const withScope = [...passwordGrant, ['scope', 'read write']] as Array<[string, string]>
    const answer = (token: string, extra: Record<string, unknown> = {}) => ({
      access_token: token,
      token_type: 'Bearer',
      expires_in: 300,
      ...extra,
    })

    it('a JWT that shows a narrower scope than requested, with no scope member, is an error naming both', () => {
      const f = only(judge({ params: withScope, body: answer(jwt({ scope: 'read' })) }), 'scope_missing_when_changed')
      expect(f.severity).toBe('error')
      expect(f.message).toContain('asked for scope "read write"')
      expect(f.message).toContain('carries "read" (not granted: write; added: none)')
      expect(f.message).not.toContain('eyJ')
    })

    it('passes when the answer names the scope, when the JWT scope is the requested one (in any order), and with scp', () => {
      expect(judge({ params: withScope, body: answer(jwt({ scope: 'read' }), { scope: 'read' }) })).toEqual([])
      expect(judge({ params: withScope, body: answer(jwt({ scope: 'write read' })) })).toEqual([])
      expect(judge({ params: withScope, body: answer(jwt({ scp: ['read', 'write'] })) })).toEqual([])
    })

    it('judges nothing it cannot know: an opaque token, or a refresh that asked for no scope', () => {
      expect(judge({ params: withScope, body: answer('opaque-token') })).toEqual([])
      const refresh: Array<[string, string]> = [
        ['grant_type', 'refresh_token'],
        ['refresh_token', 'rt'],
      ]
      expect(judge({ params: refresh, body: answer(jwt({ scope: 'read' })) })).toEqual([])
    })

    it('a default scope granted to a request that named none, and not returned, is a warning', () => {
      const f = only(
        judge({ params: passwordGrant, body: answer(jwt({ scope: 'read' })) }),
        'scope_missing_when_changed',
      )
      expect(f.severity).toBe('warning')
      expect(f.message).toContain('named no scope')
    })
  })
})

describe('token endpoint errors (RFC 6749 §5.2)', () => {
  it('a conforming error raises nothing', () => {
    expect(error({ error: 'invalid_grant', error_description: 'Bad credentials', error_uri: 'https://x/e' })).toEqual(
      [],
    )
  })

  it('RFC 6749 §5.2: an error answer without no-store is info only (no SHOULD asks for it)', () => {
    const f = only(error({ error: 'invalid_grant' }, 400, JSON_HEADERS), 'token_response_cacheable')
    expect(f.severity).toBe('info')
    expect(f.message).toContain('error answer (status 400) has no Cache-Control header')
  })

  it('RFC 6749 §5.2: invalid_client after Basic must be 401 with WWW-Authenticate', () => {
    const x = (status: number, headers = NO_STORE) =>
      judge({
        requestHeaders: basicHeaders(),
        params: passwordGrant,
        status,
        headers,
        body: { error: 'invalid_client' },
      })
    const f = only(x(400), 'invalid_client_not_401')
    expect(f.message).toContain('status 400 and no WWW-Authenticate header')
    expect(f.message).not.toContain('Sup3r')
    expect(x(401, [...NO_STORE, ['WWW-Authenticate', 'Basic realm="as"']])).toEqual([])
    // Without a Basic attempt, 400 is the right status.
    expect(error({ error: 'invalid_client' })).toEqual([])
  })

  it('RFC 9110 §15.5.2: a 401 without WWW-Authenticate, or without a Basic challenge after Basic', () => {
    expect(codes(error({ error: 'invalid_client' }, 401))).toEqual(['unauthorized_without_www_authenticate'])
    const bearerOnly = judge({
      requestHeaders: basicHeaders(),
      params: passwordGrant,
      status: 401,
      headers: [...NO_STORE, ['WWW-Authenticate', 'Bearer realm="as"']],
      body: { error: 'invalid_client' },
    })
    // Present with the wrong scheme is its own finding: the header is not absent.
    expect(codes(bearerOnly)).toEqual(['challenge_scheme_mismatch'])
    expect(only(bearerOnly, 'challenge_scheme_mismatch').message).toContain('no Basic challenge')
    expect(
      codes(error({ error: 'invalid_client' }, 401, [...NO_STORE, ['WWW-Authenticate', 'Basic realm="as"']])),
    ).toEqual([])
  })

  it("RFC 7617 §2: a Basic challenge without realm is found; another scheme's realm does not count", () => {
    const challenge = (value: string) =>
      codes(error({ error: 'invalid_client' }, 401, [...NO_STORE, ['WWW-Authenticate', value]]))
    expect(challenge('Basic')).toEqual(['basic_challenge_without_realm'])
    expect(challenge('Basic charset="UTF-8"')).toEqual(['basic_challenge_without_realm'])
    expect(challenge('Basic, Bearer realm="as"')).toEqual(['basic_challenge_without_realm'])
    expect(challenge('Bearer realm="as", Basic realm="as"')).toEqual([])
    expect(challenge('basic REALM="as", charset="UTF-8"')).toEqual([])
  })

  it('RFC 6749 §5.2: members beyond error, error_description, error_uri are named, their values not shown', () => {
    const f = only(
      error({ error: 'invalid_grant', stack: `at login(${'Sup3r'})`, user_exists: true }),
      'error_body_extra_keys',
    )
    expect(f.severity).toBe('warning')
    expect(f.message).toContain('"stack", "user_exists"')
    expect(f.message).not.toContain('Sup3r')
  })

  it('RFC 6749 §5.2: error is required', () => {
    expect(only(error({ message: 'nope' }), 'error_body_without_error').message).toContain('no "error" member')
    expect(only(error({ error: 42 }), 'error_body_without_error').message).toContain('"error" is 42')
  })

  it('RFC 6749 §5.2: an error code outside the list is a warning; server_error only an info', () => {
    const f = only(error({ error: 'invalid_token' }), 'error_code_not_registered')
    expect(f).toMatchObject({ severity: 'warning' })
    expect(f.message).toContain('"invalid_token"')
    expect(only(error({ error: 'server_error' }, 500), 'error_code_not_registered').severity).toBe('info')
    for (const code of [
      'invalid_request',
      'invalid_grant',
      'unauthorized_client',
      'unsupported_grant_type',
      'invalid_scope',
    ]) {
      expect(error({ error: code })).toEqual([])
    }
  })

  it('RFC 6749 §5.2: errors other than invalid_client are answered with 400', () => {
    const f = only(error({ error: 'invalid_grant' }, 403), 'error_status_not_400')
    expect(f.message).toBe('error "invalid_grant" was answered with status 403; RFC 6749 §5.2 answers it with 400.')
    expect(
      codes(error({ error: 'invalid_client' }, 401, [...NO_STORE, ['WWW-Authenticate', 'Basic realm="as"']])),
    ).toEqual([])
  })

  it('RFC 6749 §5.2: error_description outside %x20-21 / %x23-5B / %x5D-7E, by code point', () => {
    const f = only(
      error({ error: 'invalid_grant', error_description: 'Mot de passe "incorrect" é\n' }),
      'error_description_charset',
    )
    expect(f.message).toContain('U+0022 (")')
    expect(f.message).toContain('U+00E9 (é)')
    expect(f.message).toContain('U+000A')
    expect(f.message).toContain('first at position 14')
    expect(codes(error({ error: 'invalid_grant', error_description: ['x'] }))).toEqual(['error_description_charset'])
    expect(error({ error: 'invalid_grant', error_description: "It's fine: [ok] {ok} ~!" })).toEqual([])
  })

  it('RFC 6749 §5.1, §5.2: an answer that is not JSON, without showing the body', () => {
    const html = judge({
      status: 400,
      headers: [
        ['Content-Type', 'text/html'],
        ['Cache-Control', 'no-store'],
      ],
      body: '<html>',
    })
    expect(only(html, 'response_not_json')).toMatchObject({ severity: 'error' })
    expect(only(html, 'response_not_json').message).toContain('Content-Type text/html and 6 bytes that look like HTML')
    const gateway = judge({ status: 502, headers: [['Cache-Control', 'no-store']], body: '<h1>Bad gateway</h1>' })
    expect(only(gateway, 'response_not_json').severity).toBe('warning')
    const form = judge({
      headers: [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['Cache-Control', 'no-store'],
        ['Pragma', 'no-cache'],
      ],
      body: `access_token=${'Sup3r'}&token_type=bearer`,
    })
    expect(only(form, 'response_not_json').message).toContain('look form-encoded')
    expect(only(form, 'response_not_json').message).not.toContain('Sup3r')
  })

  it('RFC 6749 §5.1: a JSON body labelled otherwise is a warning; parameters of application/json are fine', () => {
    const f = only(
      judge({ body: tokenSuccess, headers: [['Content-Type', 'text/plain'], ...NO_STORE.slice(1)] }),
      'content_type_not_json',
    )
    expect(f).toMatchObject({ severity: 'warning' })
    expect(f.message).toContain('Content-Type text/plain')
    const charset = [['Content-Type', 'application/json; charset=UTF-8'], ...NO_STORE.slice(1)] as typeof NO_STORE
    expect(judge({ body: tokenSuccess, headers: charset })).toEqual([])
  })
})
