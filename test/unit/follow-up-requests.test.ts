import { describe, expect, it } from 'vitest'
import { maskIssuedToken, maskResponseBody } from '../../src/shared/masking'
import {
  buildFollowUpRequest,
  buildIntrospectRequest,
  buildRefreshRequest,
  buildRevokeRequest,
  issuedTokens,
} from '../../src/shared/token-request'

const auth = { method: 'basic' as const, clientId: 'legacy', clientSecret: 's3cret', formEncodeBasic: true }
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl'
const REFRESH = 'Rk3Wq9d8cA1pLx0vYbN2'
const answer = (fields: Record<string, unknown>) => JSON.stringify({ token_type: 'Bearer', expires_in: 300, ...fields })

describe('follow-up requests built from an answer', () => {
  it('RFC 6749 §6: a refresh sends grant_type=refresh_token with the same client authentication', () => {
    const built = buildRefreshRequest({ responseBody: answer({ access_token: JWT, refresh_token: REFRESH }), auth })
    expect(built).toEqual({
      ok: true,
      request: {
        target: 'token',
        auth,
        params: [
          ['grant_type', 'refresh_token'],
          ['refresh_token', REFRESH],
        ],
      },
    })
  })

  it('RFC 6749 §6: a refresh goes to the token endpoint it is given', () => {
    const built = buildRefreshRequest({
      responseBody: answer({ refresh_token: REFRESH }),
      auth,
      target: 'https://idp.example.com/token',
    })
    expect(built.ok && built.request.target).toBe('https://idp.example.com/token')
  })

  it('RFC 7662 §2.1: introspection sends the access token with its hint', () => {
    const built = buildIntrospectRequest({ responseBody: answer({ access_token: JWT, refresh_token: REFRESH }), auth })
    expect(built).toEqual({
      ok: true,
      request: {
        target: 'introspect',
        auth,
        params: [
          ['token', JWT],
          ['token_type_hint', 'access_token'],
        ],
      },
    })
  })

  it('RFC 7009 §2.1: revocation sends the refresh token when there is one, else the access token', () => {
    const both = buildRevokeRequest({ responseBody: answer({ access_token: JWT, refresh_token: REFRESH }), auth })
    expect(both.ok && both.request).toEqual({
      target: 'revoke',
      auth,
      params: [
        ['token', REFRESH],
        ['token_type_hint', 'refresh_token'],
      ],
    })
    const accessOnly = buildFollowUpRequest('revoke', { responseBody: answer({ access_token: JWT }), auth })
    expect(accessOnly.ok && accessOnly.request.params).toEqual([
      ['token', JWT],
      ['token_type_hint', 'access_token'],
    ])
  })

  it('says why a follow-up cannot be built from an answer without the token', () => {
    const error = { responseBody: '{"error":"invalid_grant"}', auth }
    expect(buildFollowUpRequest('refresh', error)).toEqual({ ok: false, reason: 'this response has no refresh_token' })
    expect(buildFollowUpRequest('introspect', error)).toEqual({
      ok: false,
      reason: 'this response has no access_token',
    })
    expect(buildFollowUpRequest('revoke', error)).toEqual({ ok: false, reason: 'this response has no token to revoke' })
    expect(buildFollowUpRequest('refresh', { responseBody: 'not json', auth }).ok).toBe(false)
    expect(buildFollowUpRequest('introspect', { responseBody: answer({ access_token: '' }), auth }).ok).toBe(false)
  })

  it('RFC 6749 §10.3, §10.4: refuses the masked copies the exchange log keeps, JWT and opaque alike', () => {
    const stored = maskResponseBody(answer({ access_token: JWT, refresh_token: REFRESH }))
    expect(issuedTokens(stored)).toEqual({ accessToken: maskIssuedToken(JWT), refreshToken: maskIssuedToken(REFRESH) })
    for (const kind of ['refresh', 'introspect', 'revoke'] as const) {
      const built = buildFollowUpRequest(kind, { responseBody: stored, auth })
      expect(built.ok).toBe(false)
      expect(!built.ok && built.reason).toMatch(/masked copy \(tokens are never stored as issued\)/)
    }
  })
})
