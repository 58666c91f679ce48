// Reading a response body as the RFCs define it: a token response (RFC 6749 §5.1), an error
// (§5.2) or an introspection answer (RFC 7662 §2.2).
import type { Exchange, HeaderList } from '../../shared/exchange'
import { isMaskedToken } from '../../shared/masking'
import { issuedTokens } from '../../shared/token-request'

export type JsonObject = Record<string, unknown>

export function parseJsonObject(text: string): JsonObject | null {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null
  } catch {
    return null
  }
}

export interface ResponseMeaning {
  json: JsonObject | null
  accessToken?: string
  refreshToken?: string
  error?: string
  errorDescription?: string
  /** RFC 7662 answer: `active` is present. */
  introspection?: JsonObject
  /**
   * The tokens are the exchange log's masked copies (tokens are never stored as issued): they can
   * be read (a JWT keeps its claims), not sent.
   */
  tokensMasked: boolean
}

function stringField(json: JsonObject | null, name: string): string | undefined {
  const v = json?.[name]
  return typeof v === 'string' && v !== '' ? v : undefined
}

export function readResponse(exchange: Pick<Exchange, 'response'>): ResponseMeaning {
  const json = parseJsonObject(exchange.response.body)
  // The same reading the follow-up requests are built from (shared/token-request.ts).
  const { accessToken, refreshToken } = issuedTokens(exchange.response.body)
  return {
    json,
    accessToken,
    refreshToken,
    tokensMasked: [accessToken, refreshToken].some((t) => t !== undefined && isMaskedToken(t)),
    error: stringField(json, 'error'),
    errorDescription: stringField(json, 'error_description'),
    introspection: json && typeof json.active === 'boolean' ? json : undefined,
  }
}

export function prettyBody(body: string): string {
  const json = parseJsonObject(body)
  return json ? JSON.stringify(json, null, 2) : body
}

export function headerValue(headers: HeaderList, name: string): string | undefined {
  const lower = name.toLowerCase()
  return headers.find(([k]) => k.toLowerCase() === lower)?.[1]
}

/** The request as HTTP/1.1 text. The runner records the full URL as target: show its path. */
export function formatRecordedRequest(request: Exchange['request']): string {
  let target = request.target
  const headers = [...request.headers]
  if (/^https?:\/\//i.test(target)) {
    const url = new URL(target)
    target = url.pathname + url.search
    if (!headerValue(headers, 'host')) headers.unshift(['Host', url.host])
  }
  return [`${request.method} ${target} HTTP/1.1`, ...headers.map(([k, v]) => `${k}: ${v}`), '', request.body].join('\n')
}

export function statusClass(status: number): 'ok' | 'client-error' | 'server-error' | 'other' {
  if (status >= 200 && status < 300) return 'ok'
  if (status >= 400 && status < 500) return 'client-error'
  if (status >= 500) return 'server-error'
  return 'other'
}
