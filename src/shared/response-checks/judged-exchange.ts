// What the response checks judge: one request as sent and the answer as received, unmasked (the
// checks need the real Basic credentials and the real token to compare), plus the readings every
// rule shares. Nothing here ever copies a secret or a token into a message.
import type { HeaderList } from '../exchange'
import type { EndpointName } from '../wire'

/** The shared endpoint vocabulary (wire.ts), or 'unknown' when an exchange cannot be placed. */
export type JudgedEndpoint = EndpointName | 'unknown'

export interface JudgedExchange {
  endpoint: JudgedEndpoint
  /** as sent, unmasked: url is absolute (where it was sent / fetched from) */
  request: { method: string; url: string; headers: HeaderList; body: string }
  response: { status: number; headers: HeaderList; body: string }
}

export type JsonObject = Record<string, unknown>

/** Every value of a header (names are case-insensitive, RFC 9110 §5.1). */
export function headerValues(headers: HeaderList, name: string): string[] {
  const lower = name.toLowerCase()
  return headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v)
}

/** A header's field value; repeated fields are one comma-separated list (RFC 9110 §5.3). */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  const values = headerValues(headers, name)
  return values.length === 0 ? undefined : values.join(', ')
}

/** `type/subtype`, lower-cased and without parameters; undefined without Content-Type. */
export function mediaTypeOf(headers: HeaderList): string | undefined {
  const value = headerValue(headers, 'content-type')
  return value === undefined ? undefined : (value.split(';')[0] ?? '').trim().toLowerCase()
}

/** The body as a JSON object, or undefined when it is not one (arrays and scalars included). */
export function parseJsonObject(text: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined
  } catch {
    return undefined
  }
}

/** The request's form parameters (empty for a body that is not form-encoded). */
export function formParams(body: string): URLSearchParams {
  return new URLSearchParams(body)
}

/** A parameter's value, treating an empty one as omitted (RFC 6749 §3.2). */
export function param(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name)
  return value === null || value === '' ? undefined : value
}

export interface BasicCredentials {
  /** As carried on the wire, before any form-decoding. */
  id: string
  secret: string
}

/** The user-id and password of an `Authorization: Basic` header (RFC 7617 §2), not form-decoded. */
export function basicCredentials(headers: HeaderList): BasicCredentials | null {
  const value = headerValue(headers, 'authorization')
  const match = value === undefined ? null : /^basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(value)
  if (!match) return null
  let decoded: string
  try {
    const binary = atob(match[1]!.replace(/-/g, '+').replace(/_/g, '/'))
    decoded = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))
  } catch {
    return null
  }
  const colon = decoded.indexOf(':')
  if (colon < 0) return null
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) }
}

/** Appendix B decoding: `+` is a space, `%XX` a UTF-8 byte; null for bad percent-encoding. */
export function formDecode(value: string): string | null {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '))
  } catch {
    return null
  }
}

/** A value a person may see: JSON text, shortened. Only for values that are never secrets. */
export function shown(value: unknown, max = 80): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

export const isSuccess = (status: number): boolean => status >= 200 && status < 300

/** The readings most rules start from. */
export interface Reading {
  x: JudgedExchange
  status: number
  /** The response body as a JSON object, when it is one. */
  json: JsonObject | undefined
  mediaType: string | undefined
  params: URLSearchParams
  basic: BasicCredentials | null
}

export function read(x: JudgedExchange): Reading {
  return {
    x,
    status: x.response.status,
    json: parseJsonObject(x.response.body),
    mediaType: mediaTypeOf(x.response.headers),
    params: formParams(x.request.body),
    basic: basicCredentials(x.request.headers),
  }
}
