// Builds the HTTP request the composer sends, exactly as the wire will carry it. Pure, so the
// renderer previews it live and the runner sends the very same bytes.
import type { HeaderList } from './exchange'
import type { RunnerRequest } from './lab-api'
import { ENDPOINT_PATHS } from './wire'

export interface BuiltRequest {
  method: 'POST'
  url: string
  headers: HeaderList
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
  if (target === 'token' || target === 'introspect' || target === 'revoke') {
    if (!embeddedBaseUrl) throw new Error('the embedded server is not running')
    return embeddedBaseUrl.replace(/\/$/, '') + ENDPOINT_PATHS[target]
  }
  return target
}

export function buildTokenRequest(req: RunnerRequest, embeddedBaseUrl: string | null): BuiltRequest {
  const url = resolveTarget(req.target, embeddedBaseUrl)
  const params: Array<[string, string]> = req.params.map(([k, v]) => [k, v])
  const headers: HeaderList = [
    ['Content-Type', 'application/x-www-form-urlencoded'],
    ['Accept', 'application/json'],
  ]
  const { method, clientId = '', clientSecret = '', formEncodeBasic = true } = req.auth
  if (method === 'basic') {
    headers.push(['Authorization', basicAuthorization(clientId, clientSecret, formEncodeBasic)])
  } else if (method === 'body') {
    // RFC 6749 §2.3.1: client_secret_post puts both in the body (never the query).
    if (clientId) params.push(['client_id', clientId])
    if (clientSecret) params.push(['client_secret', clientSecret])
  } else if (clientId) {
    // Public client (`none`): identifies itself with client_id only (RFC 6749 §3.2.1).
    params.push(['client_id', clientId])
  }
  for (const [name, value] of req.extraHeaders ?? []) headers.push([name, value])
  return { method: 'POST', url, headers, body: formEncode(params) }
}

/** The request as HTTP/1.1 text, as a person reads it in the inspector. */
export function formatRawRequest(built: BuiltRequest): string {
  const u = new URL(built.url)
  const bodyBytes = new TextEncoder().encode(built.body).length
  const lines = [
    `${built.method} ${u.pathname}${u.search} HTTP/1.1`,
    `Host: ${u.host}`,
    ...built.headers.map(([k, v]) => `${k}: ${v}`),
    `Content-Length: ${bodyBytes}`,
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
  const parts = [`curl -i -X POST ${shellQuote(built.url)}`]
  for (const [k, v] of built.headers) parts.push(`-H ${shellQuote(`${k}: ${v}`)}`)
  parts.push(`--data-raw ${shellQuote(built.body)}`)
  return parts.join(' \\\n  ')
}
