// What a check reads of an exchange: status, headers, the body parsed once, and a label that
// says which request of the step it was. Summaries never show a token, a secret or a password:
// step results end up in CI logs and JUnit files.
import type { Exchange, HeaderList } from '../../../../shared/exchange'

export interface SentRequest {
  target: string
  method: string
  params: ReadonlyArray<readonly [string, string]>
}

export interface Reply {
  exchange: Exchange
  /** Which request of the step this was, e.g. "wrong client secret". */
  label: string
  sent: SentRequest
  status: number
  headers: HeaderList
  text: string
  /** The parsed body; undefined when it is not JSON. */
  json: unknown
}

export function toReply(exchange: Exchange, label: string, sent: SentRequest): Reply {
  const text = exchange.response.body
  let json: unknown
  try {
    json = text === '' ? undefined : JSON.parse(text)
  } catch {
    json = undefined
  }
  return { exchange, label, sent, status: exchange.response.status, headers: exchange.response.headers, text, json }
}

/** Every value of a header (case-insensitive), joined as one list (RFC 9110 §5.3). */
export function header(reply: Reply, name: string): string | undefined {
  const lower = name.toLowerCase()
  const values = reply.headers.filter(([k]) => k.toLowerCase() === lower).map(([, v]) => v)
  return values.length === 0 ? undefined : values.join(', ')
}

export function jsonObject(reply: Reply): Record<string, unknown> | undefined {
  const j = reply.json
  return typeof j === 'object' && j !== null && !Array.isArray(j) ? (j as Record<string, unknown>) : undefined
}

export function stringField(reply: Reply, key: string): string | undefined {
  const v = jsonObject(reply)?.[key]
  return typeof v === 'string' ? v : undefined
}

/** A successful token response: 200 with a non-empty access_token. */
export function issuedToken(reply: Reply): boolean {
  return reply.status === 200 && (stringField(reply, 'access_token') ?? '') !== ''
}

/** Keys whose values are safe to show; everything else is shown as present only. */
const SHOWN = new Set([
  'error',
  'error_description',
  'error_uri',
  'token_type',
  'expires_in',
  'scope',
  'active',
  'client_id',
  'exp',
  'iat',
  'issuer',
  'token_endpoint',
])

function showValue(key: string, value: unknown): string {
  if (!SHOWN.has(key)) return key
  const text = JSON.stringify(value)
  return `${key}: ${text.length > 120 ? `${text.slice(0, 117)}...` : text}`
}

/** e.g. `400 {error: "invalid_grant", error_description: "..."}`, or `200 {access_token, token_type: "Bearer"}`. */
export function summarize(reply: Reply): string {
  const body = jsonObject(reply)
  if (body !== undefined) {
    const keys = Object.entries(body).map(([k, v]) => showValue(k, v))
    return `${reply.status} {${keys.join(', ')}}`
  }
  if (reply.text === '') return `${reply.status} (empty body)`
  const type = header(reply, 'content-type') ?? 'no Content-Type'
  return `${reply.status} ${type} (${Buffer.byteLength(reply.text)} bytes, not a JSON object)`
}

/** The error code of an error answer, or a short description of what came instead. */
export function errorOf(reply: Reply): string {
  return stringField(reply, 'error') ?? (issuedToken(reply) ? 'a token (no error)' : 'no error code')
}
