// Builders for the response-check tests: a well-behaved answer per endpoint that each test breaks
// in one way.
import type { Finding, HeaderList } from '../../../src/shared/exchange'
import type { FindingCode } from '../../../src/shared/findings/types'
import type { JudgedEndpoint, JudgedExchange } from '../../../src/shared/response-checks'
import { basicAuthorization, formEncode } from '../../../src/shared/token-request'

export const BASE = 'https://as.example.test'
export const JSON_HEADERS: HeaderList = [['Content-Type', 'application/json']]
export const NO_STORE: HeaderList = [...JSON_HEADERS, ['Cache-Control', 'no-store'], ['Pragma', 'no-cache']]
export const FORM: HeaderList = [['Content-Type', 'application/x-www-form-urlencoded']]
/** A value that must never show up in a message. */
export const SECRET = 'Sup3r-Secret-Value'

export const PATHS: Record<JudgedEndpoint, string> = {
  token: '/oauth2/token',
  introspect: '/oauth2/introspect',
  revoke: '/oauth2/revoke',
  metadata: '/.well-known/oauth-authorization-server',
  jwks: '/oauth2/jwks',
  authorize: '/oauth2/authorize',
  challenge: '/oauth2/authorize-challenge',
  unknown: '/somewhere',
}

export interface Parts {
  method?: string
  url?: string
  requestHeaders?: HeaderList
  params?: Array<[string, string]>
  status?: number
  headers?: HeaderList
  body?: unknown
}

export function exchange(endpoint: JudgedEndpoint, parts: Parts = {}): JudgedExchange {
  const body = parts.body === undefined ? '' : typeof parts.body === 'string' ? parts.body : JSON.stringify(parts.body)
  return {
    endpoint,
    request: {
      method: parts.method ?? (endpoint === 'metadata' || endpoint === 'jwks' ? 'GET' : 'POST'),
      url: parts.url ?? BASE + PATHS[endpoint],
      headers: parts.requestHeaders ?? (endpoint === 'metadata' || endpoint === 'jwks' ? [] : FORM),
      body: formEncode(parts.params ?? []),
    },
    response: { status: parts.status ?? 200, headers: parts.headers ?? NO_STORE, body },
  }
}

export const passwordGrant: Array<[string, string]> = [
  ['grant_type', 'password'],
  ['username', 'alice'],
  ['password', SECRET],
]

export const basicHeaders = (id = 'app', secret = SECRET, formEncoded = true): HeaderList => [
  ...FORM,
  ['Authorization', basicAuthorization(id, secret, formEncoded)],
]

export const tokenSuccess = { access_token: 'opaque-access', token_type: 'Bearer', expires_in: 300, scope: 'read' }

export function jwt(payload: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
  return `${part({ alg: 'RS256', typ: 'at+jwt', kid: 'k1' })}.${part(payload)}.c2lnbmF0dXJl`
}

export const codes = (findings: Finding[]): FindingCode[] => findings.map((f) => f.code)
export const only = (findings: Finding[], code: FindingCode): Finding => {
  const hits = findings.filter((f) => f.code === code)
  if (hits.length !== 1) throw new Error(`expected one ${code}, got ${JSON.stringify(findings, null, 1)}`)
  return hits[0]!
}
