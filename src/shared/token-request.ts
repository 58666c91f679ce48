// Builds the HTTP request the composer sends, exactly as the wire will carry it. Pure, so the
// renderer previews it live and the runner sends the very same bytes.
import type { HeaderList } from './exchange'
import type { RunnerRequest } from './lab-api'
import { ENDPOINT_PATHS } from './wire'

/** Endpoints read with GET (RFC 8414 §3, RFC 7517): no body, no client authentication by default. */
const GET_ENDPOINTS = new Set<string>(['metadata', 'jwks'])

export interface BuiltRequest {
  method: string
  url: string
  headers: HeaderList
  /** '' for a request without a body (GET metadata, JWKS). */
  body: string
}

/**
 * RFC 6749 Appendix B: application/x-www-form-urlencoded (space → `+`, everything but
 * `*-._` and alphanumerics percent-encoded as UTF-8 bytes). URLSearchParams implements it.
 */
export function formEncodeComponent(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2)
}

export function formEncode(params: ReadonlyArray<readonly [string, string]>): string {
  return params.map(([k, v]) => `${formEncodeComponent(k)}=${formEncodeComponent(v)}`).join('&')
}

function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text)
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary)
}

/**
 * RFC 6749 §2.3.1: id and secret are each form-encoded, then joined by `:` and base64-encoded.
 * `formEncode: false` reproduces the many clients that skip the encoding (curl -u, requests).
 */
export function basicAuthorization(clientId: string, secret: string, formEncodeParts = true): string {
  const id = formEncodeParts ? formEncodeComponent(clientId) : clientId
  const pw = formEncodeParts ? formEncodeComponent(secret) : secret
  return `Basic ${base64Utf8(`${id}:${pw}`)}`
}

export function resolveTarget(target: RunnerRequest['target'], embeddedBaseUrl: string | null): string {
  if (Object.prototype.hasOwnProperty.call(ENDPOINT_PATHS, target)) {
    if (!embeddedBaseUrl) throw new Error('the embedded server is not running')
    return embeddedBaseUrl.replace(/\/$/, '') + ENDPOINT_PATHS[target as keyof typeof ENDPOINT_PATHS]
  }
  return target
}

/** RFC 8414 §3 and OpenID Connect Discovery: metadata is read with GET at a well-known path. */
const WELL_KNOWN_METADATA = /\/\.well-known\/(oauth-authorization-server|openid-configuration)(\/|$)/

/** The method a request is sent with: the one asked for, else GET for metadata and JWKS, else POST. */
export function methodOf(req: Pick<RunnerRequest, 'target' | 'method'>): string {
  if (req.method) return req.method
  if (GET_ENDPOINTS.has(req.target)) return 'GET'
  return WELL_KNOWN_METADATA.test(req.target.split('?', 1)[0]!) ? 'GET' : 'POST'
}

export function buildTokenRequest(req: RunnerRequest, embeddedBaseUrl: string | null): BuiltRequest {
  const url = resolveTarget(req.target, embeddedBaseUrl)
  const method = methodOf(req)
  const params: Array<[string, string]> = req.params.map(([k, v]) => [k, v])
  const hasBody = req.rawBody !== undefined || method !== 'GET' || params.length > 0
  const headers: HeaderList = hasBody
    ? [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['Accept', 'application/json'],
      ]
    : [['Accept', 'application/json']]
  const { method: authMethod, clientId = '', clientSecret = '', formEncodeBasic = true } = req.auth
  if (authMethod === 'basic') {
    headers.push(['Authorization', basicAuthorization(clientId, clientSecret, formEncodeBasic)])
  } else if (authMethod === 'body') {
    // RFC 6749 §2.3.1: client_secret_post puts both in the body (never the query).
    if (clientId) params.push(['client_id', clientId])
    if (clientSecret) params.push(['client_secret', clientSecret])
  } else if (clientId) {
    // Public client (`none`): identifies itself with client_id only (RFC 6749 §3.2.1).
    params.push(['client_id', clientId])
  }
  // Extra headers override the defaults of the same name (a wrong Content-Type on purpose).
  for (const [name, value] of req.extraHeaders ?? []) {
    const at = headers.findIndex(([k]) => k.toLowerCase() === name.toLowerCase())
    if (at >= 0 && name.toLowerCase() !== 'authorization') headers.splice(at, 1)
    headers.push([name, value])
  }
  return { method, url, headers, body: req.rawBody ?? formEncode(params) }
}

/** A GET without a body carries no Content-Length (RFC 9110 §8.6). */
export function sendsBody(built: BuiltRequest): boolean {
  return built.body !== '' || built.method !== 'GET'
}

/** The request as HTTP/1.1 text, as a person reads it in the inspector. */
export function formatRawRequest(built: BuiltRequest): string {
  const u = new URL(built.url)
  const bodyBytes = new TextEncoder().encode(built.body).length
  const lines = [
    `${built.method} ${u.pathname}${u.search} HTTP/1.1`,
    `Host: ${u.host}`,
    ...built.headers.map(([k, v]) => `${k}: ${v}`),
    ...(sendsBody(built) ? [`Content-Length: ${bodyBytes}`] : []),
    '',
    built.body,
  ]
  return lines.join('\r\n')
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

/** A curl command that sends the same bytes (`--data-raw`, so curl does not touch `@` or encoding). */
export function toCurl(built: BuiltRequest): string {
  const parts = [`curl -i -X ${built.method} ${shellQuote(built.url)}`]
  for (const [k, v] of built.headers) parts.push(`-H ${shellQuote(`${k}: ${v}`)}`)
  if (sendsBody(built)) parts.push(`--data-raw ${shellQuote(built.body)}`)
  return parts.join(' \\\n  ')
}
