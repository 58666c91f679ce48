import { describe, expect, it } from 'vitest'
import { issuerFromMetadataUrl, judgeResponse } from '../../../src/shared/response-checks'
import { BASE, basicHeaders, codes, exchange, JSON_HEADERS, NO_STORE, only } from './judge-helpers'

const token: Array<[string, string]> = [['token', 'some-token']]

describe('introspection (RFC 7662 §2.2)', () => {
  const judge = (body: unknown, status = 200) => judgeResponse(exchange('introspect', { params: token, status, body }))

  it('RFC 7662 §2.2: active is a required boolean', () => {
    expect(only(judge({ active: 'true', scope: 'read' }), 'introspection_active_missing').message).toBe(
      'active is "true" (a JSON string), not true or false.',
    )
    expect(only(judge({ scope: 'read' }), 'introspection_active_missing').message).toContain('but no active')
    expect(judge({ active: true, scope: 'read', client_id: 'app', sub: 'alice' })).toEqual([])
  })

  it('RFC 7662 §2.2: an inactive token is exactly {"active": false}; extra members named, values not shown', () => {
    const f = only(
      judge({ active: false, reason: 'expired', username: 'alice' }),
      'introspection_inactive_extra_members',
    )
    expect(f).toMatchObject({ side: 'server', severity: 'warning', rfc: 'RFC 7662 §2.2' })
    expect(f.message).toContain('"reason", "username"')
    expect(f.message).not.toContain('expired')
    expect(f.message).not.toContain('alice')
    expect(judge({ active: false })).toEqual([])
  })

  it('RFC 7662 §2.2: the answer is JSON; a bodyless 401 Bearer challenge is fine (RFC 6750 §3)', () => {
    expect(codes(judge('active=false'))).toEqual(['response_not_json'])
    const challenge = exchange('introspect', {
      params: token,
      status: 401,
      headers: [['WWW-Authenticate', 'Bearer error="invalid_token"']],
    })
    expect(judgeResponse(challenge)).toEqual([])
  })

  it('RFC 7662 §2.3, RFC 6749 §5.2: invalid_client after Basic is a 401', () => {
    const x = exchange('introspect', {
      params: token,
      requestHeaders: basicHeaders(),
      status: 400,
      body: { error: 'invalid_client' },
    })
    expect(codes(judgeResponse(x))).toEqual(['invalid_client_not_401'])
  })
})

describe('revocation (RFC 7009 §2.2)', () => {
  const judge = (status: number, body?: unknown, params = token, headers = NO_STORE) =>
    judgeResponse(exchange('revoke', { params, status, body, headers }))

  it('RFC 7009 §2.2: a well-formed request is answered 200, also for an unknown token', () => {
    const f = only(judge(400, { error: 'invalid_grant', error_description: 'Unknown token' }), 'revocation_not_200')
    expect(f).toMatchObject({ severity: 'error', rfc: 'RFC 7009 §2.2' })
    expect(f.message).toBe(
      'A revocation request with a token parameter was answered with status 400 and error "invalid_grant".',
    )
    expect(only(judge(404, { error: 'not_found' }), 'revocation_not_200').severity).toBe('error')
    expect(only(judge(204), 'revocation_not_200').severity).toBe('warning')
    expect(judge(200)).toEqual([])
    expect(judge(200, {})).toEqual([])
  })

  it('RFC 7009 §2.2.1: failed client authentication, unsupported_token_type and 503 are no breach', () => {
    expect(judge(400, { error: 'invalid_client' })).toEqual([])
    expect(
      judge(401, { error: 'invalid_client' }, token, [...NO_STORE, ['WWW-Authenticate', 'Basic realm="as"']]),
    ).toEqual([])
    expect(judge(400, { error: 'unsupported_token_type' })).toEqual([])
    const unavailable = judge(503, { error: 'temporarily_unavailable' })
    expect(unavailable.map((f) => [f.code, f.severity])).toEqual([['error_code_not_registered', 'info']])
    expect(unavailable[0]!.message).toContain('widely used at the revocation endpoint too')
  })

  it('RFC 7009 §2.2.1: a request without a token may be refused with invalid_request', () => {
    expect(judge(400, { error: 'invalid_request' }, [])).toEqual([])
    expect(codes(judge(400, { error: 'invalid_request', trace: 'x' }, []))).toEqual(['error_body_extra_keys'])
  })
})

describe('metadata (RFC 8414)', () => {
  const doc = { issuer: BASE, token_endpoint: `${BASE}/oauth2/token` }
  const judge = (body: unknown, url?: string, status = 200) =>
    judgeResponse(exchange('metadata', { url, status, headers: JSON_HEADERS, body }))

  it('RFC 8414 §3.3: the issuer must be the one the well-known URL was built from, both values named', () => {
    const f = only(judge({ ...doc, issuer: 'https://login.example.test' }), 'metadata_issuer_mismatch')
    expect(f).toMatchObject({ severity: 'error', rfc: 'RFC 8414 §3.3' })
    expect(f.message).toBe(
      'Fetched from "https://as.example.test/.well-known/oauth-authorization-server", so the issuer must be ' +
        '"https://as.example.test"; the document says "https://login.example.test".',
    )
    expect(judge(doc)).toEqual([])
    expect(judge({ ...doc, issuer: `${BASE}/` })).toEqual([])
  })

  it('RFC 8414 §3.1: the well-known segment inserted before the path, or appended as OpenID Connect does', () => {
    const tenant = { ...doc, issuer: `${BASE}/tenant1` }
    expect(judge(tenant, `${BASE}/.well-known/oauth-authorization-server/tenant1`)).toEqual([])
    expect(judge(tenant, `${BASE}/tenant1/.well-known/oauth-authorization-server`)).toEqual([])
    expect(judge(tenant, `${BASE}/tenant1/.well-known/openid-configuration`)).toEqual([])
    expect(codes(judge(tenant, `${BASE}/.well-known/oauth-authorization-server/tenant2`))).toEqual([
      'metadata_issuer_mismatch',
    ])
    expect(issuerFromMetadataUrl('http://127.0.0.1:8443/.well-known/oauth-authorization-server?x=1')).toBe(
      'http://127.0.0.1:8443',
    )
    expect(issuerFromMetadataUrl(`${BASE}/config.json`)).toBeUndefined()
    // Fetched from a URL that is no well-known URL: nothing to compare with.
    expect(judge(doc, `${BASE}/config.json`)).toEqual([])
  })

  it('RFC 8414 §2: issuer and token_endpoint are required', () => {
    expect(codes(judge({ token_endpoint: doc.token_endpoint }))).toEqual(['metadata_issuer_missing'])
    expect(only(judge({ issuer: BASE }), 'metadata_token_endpoint_missing').message).toBe(
      'The document has no token_endpoint.',
    )
    expect(judge({ issuer: BASE, grant_types_supported: ['implicit'] })).toEqual([])
  })

  it('RFC 8414 §3.2: the document is JSON; a 404 only means no metadata is published', () => {
    expect(codes(judge('<html>'))).toEqual(['response_not_json'])
    expect(judge('<html>', undefined, 404)).toEqual([])
  })
})

describe('JWKS (RFC 7517 §5)', () => {
  const judge = (body: unknown, type = 'application/json') =>
    judgeResponse(exchange('jwks', { headers: [['Content-Type', type]], body }))

  it('RFC 7517 §5: a JWK Set has a keys array; application/jwk-set+json is fine', () => {
    expect(only(judge({ key: {} }), 'jwks_keys_missing').message).toBe('The JWK Set has member(s) key but no keys.')
    expect(judge({ keys: [] }, 'application/jwk-set+json')).toEqual([])
  })
})

describe('any endpoint', () => {
  it('RFC 9110 §15.5.2: a 401 carries WWW-Authenticate wherever it comes from', () => {
    expect(codes(judgeResponse(exchange('unknown', { status: 401 })))).toEqual([
      'unauthorized_without_www_authenticate',
    ])
    expect(judgeResponse(exchange('unknown', { status: 200, body: '<html>' }))).toEqual([])
  })
})
