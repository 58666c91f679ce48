// The parts of an answer that expectations and captures read: its JSON body and its access token's claims.
import { decodeJwt } from 'jose'
import type { Exchange } from '../../shared/exchange'
import { maskResponseBody } from '../../shared/masking'

export type JsonBody = { ok: true; value: unknown } | { ok: false; why: string }

export function jsonBody(exchange: Exchange): JsonBody {
  const text = exchange.response.body
  if (!text.trim()) return { ok: false, why: 'an empty body' }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    // A form-encoded answer may carry a token (some servers answer that way): masked as the log masks it.
    const shown = maskResponseBody(text).replace(/\s+/g, ' ').trim()
    const start = shown.slice(0, 60)
    return { ok: false, why: `a body that is not JSON: ${JSON.stringify(start)}${shown.length > 60 ? '…' : ''}` }
  }
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

export type Claims = { ok: true; claims: Record<string, unknown> } | { ok: false; why: string }

/** The payload of the JWT access token in the body; no signature check is needed to read claims. */
export function accessTokenClaims(body: JsonBody): Claims {
  if (!body.ok) return { ok: false, why: body.why }
  if (!isRecord(body.value) || typeof body.value.access_token !== 'string')
    return { ok: false, why: 'no access_token in the body' }
  try {
    return { ok: true, claims: decodeJwt(body.value.access_token) as Record<string, unknown> }
  } catch {
    return { ok: false, why: 'an access token that is not a JWT (opaque)' }
  }
}

/** The values of a header, by name, case-insensitively (RFC 9110 §5.1). */
export function headerValues(exchange: Exchange, name: string): string[] {
  const lower = name.toLowerCase()
  return exchange.response.headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v)
}
