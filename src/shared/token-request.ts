// Builds the HTTP request the composer sends, exactly as the wire will carry it, and the follow-up
// requests built from an answer (refresh, introspect, revoke). Pure, so the renderer previews it
// live and the runner sends the very same bytes.
import type { HeaderList } from './exchange'
import type { RunnerRequest } from './lab-api'
import { isMaskedToken } from './masking'
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

/**
 * Headers the runner writes itself (Host, Content-Length) or that belong to the connection: given as
 * extra headers they went out beside the runner's own — two Content-Lengths, or Transfer-Encoding with
 * Content-Length, let a server that reads the other one take the rest of the body as a second request.
 */
const FRAMING = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'upgrade',
])

export function buildTokenRequest(req: RunnerRequest, embeddedBaseUrl: string | null): BuiltRequest {
  const url = resolveTarget(req.target, embeddedBaseUrl)
  const { username, password } = new URL(url)
  if (username !== '' || password !== '') {
    // Node turns a target's userinfo into an Authorization header the record would not show, and a snippet
    // "without secrets" would still carry it.
    throw new Error(
      'the target carries credentials (user:password@, deprecated by RFC 9110 §4.2.4): ' +
        'give them as the client authentication instead',
    )
  }
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
    if (FRAMING.has(name.trim().toLowerCase())) {
      throw new Error(
        `the "${name}" header is the runner's own: it frames the message or the connection (RFC 9112 §6, ` +
          'RFC 9110 §7.6.1), and a second one would make the server read a different request than the one recorded',
      )
    }
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

// Follow-up requests built from an exchange's answer: refresh (RFC 6749 §6), introspect
// (RFC 7662 §2.1) and revoke (RFC 7009 §2.1). Plain inputs (a response body, the client
// authentication, the targets), so the inspector, a scenario step and a conformance check build
// the very same request.

export type FollowUpKind = 'refresh' | 'introspect' | 'revoke'

/** The tokens of a token response body (RFC 6749 §5.1): non-empty strings only. */
export interface IssuedTokens {
  accessToken?: string
  refreshToken?: string
}

export function issuedTokens(responseBody: string): IssuedTokens {
  let json: unknown
  try {
    json = JSON.parse(responseBody)
  } catch {
    return {}
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {}
  const field = (name: string): string | undefined => {
    const v = (json as Record<string, unknown>)[name]
    return typeof v === 'string' && v !== '' ? v : undefined
  }
  const tokens: IssuedTokens = {}
  const accessToken = field('access_token')
  const refreshToken = field('refresh_token')
  if (accessToken !== undefined) tokens.accessToken = accessToken
  if (refreshToken !== undefined) tokens.refreshToken = refreshToken
  return tokens
}

export interface FollowUpInput {
  /** The body of the answer holding the tokens, as received or as the exchange log keeps it. */
  responseBody: string
  /** The client authentication to send. */
  auth: RunnerRequest['auth']
  /**
   * Where the request goes. Defaults to the embedded server's endpoint for the kind: `token` for a
   * refresh, `introspect`, `revoke`.
   */
  target?: RunnerRequest['target']
}

export type FollowUpRequest = { ok: true; request: RunnerRequest } | { ok: false; reason: string }

const DEFAULT_TARGET: Record<FollowUpKind, RunnerRequest['target']> = {
  refresh: 'token',
  introspect: 'introspect',
  revoke: 'revoke',
}

function refused(reason: string): FollowUpRequest {
  return { ok: false, reason }
}

/**
 * A masked copy (the exchange log never keeps a token as issued, masking.ts) would only be
 * refused or reported inactive: say so instead of sending it.
 */
function maskedReason(name: 'access_token' | 'refresh_token'): string {
  return `this ${name} is the exchange log's masked copy (tokens are never stored as issued): send the request again for a live one`
}

function followUp(kind: FollowUpKind, input: FollowUpInput, params: Array<[string, string]>): FollowUpRequest {
  return { ok: true, request: { target: input.target ?? DEFAULT_TARGET[kind], auth: input.auth, params } }
}

/** RFC 6749 §6: grant_type=refresh_token, with the same client authentication as the original grant. */
export function buildRefreshRequest(input: FollowUpInput): FollowUpRequest {
  const { refreshToken } = issuedTokens(input.responseBody)
  if (!refreshToken) return refused('this response has no refresh_token')
  if (isMaskedToken(refreshToken)) return refused(maskedReason('refresh_token'))
  return followUp('refresh', input, [
    ['grant_type', 'refresh_token'],
    ['refresh_token', refreshToken],
  ])
}

/** RFC 7662 §2.1: the access token, with the hint; the caller authenticates as a client. */
export function buildIntrospectRequest(input: FollowUpInput): FollowUpRequest {
  const { accessToken } = issuedTokens(input.responseBody)
  if (!accessToken) return refused('this response has no access_token')
  if (isMaskedToken(accessToken)) return refused(maskedReason('access_token'))
  return followUp('introspect', input, [
    ['token', accessToken],
    ['token_type_hint', 'access_token'],
  ])
}

/**
 * RFC 7009 §2.1: the refresh token when there is one (revoking it also revokes the access tokens
 * issued from it, §2.1), else the access token; the caller authenticates as a client.
 */
export function buildRevokeRequest(input: FollowUpInput): FollowUpRequest {
  const { accessToken, refreshToken } = issuedTokens(input.responseBody)
  const name = refreshToken ? 'refresh_token' : 'access_token'
  const token = refreshToken ?? accessToken
  if (!token) return refused('this response has no token to revoke')
  if (isMaskedToken(token)) return refused(maskedReason(name))
  return followUp('revoke', input, [
    ['token', token],
    ['token_type_hint', name],
  ])
}

export function buildFollowUpRequest(kind: FollowUpKind, input: FollowUpInput): FollowUpRequest {
  if (kind === 'refresh') return buildRefreshRequest(input)
  if (kind === 'introspect') return buildIntrospectRequest(input)
  return buildRevokeRequest(input)
}
