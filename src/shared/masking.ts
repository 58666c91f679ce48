// What is stored never holds a password, a client secret or Basic credentials in clear
// (the product's security rule); the unmasked request lives only in memory.
import type { HeaderList } from './exchange'

export const MASK = '***'
/** Parameters whose values are credentials. */
export const SECRET_PARAMS = new Set(['password', 'client_secret', 'refresh_token', 'token', 'client_assertion'])

/** Masks credential values in a form body, keeping everything else byte for byte. */
export function maskFormBody(body: string): string {
  return body
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      if (eq < 0) return pair
      let name: string
      try {
        name = decodeURIComponent(pair.slice(0, eq).replace(/\+/g, ' '))
      } catch {
        name = pair.slice(0, eq)
      }
      return SECRET_PARAMS.has(name) && eq < pair.length - 1 ? `${pair.slice(0, eq)}=${MASK}` : pair
    })
    .join('&')
}

/** `Authorization: Basic …` becomes `Basic ***`; Bearer tokens likewise. */
export function maskHeaders(headers: HeaderList): HeaderList {
  return headers.map(([k, v]) => {
    if (k.toLowerCase() !== 'authorization') return [k, v]
    const scheme = v.split(' ', 1)[0] ?? ''
    return [k, `${scheme} ${MASK}`]
  })
}

/** Marks the signature of a JWT whose stored copy was cut (see maskIssuedToken). */
export const STRIPPED_SIGNATURE = 'signature-not-stored'

/**
 * Tokens are never stored as issued (RFC 6749 §10.3, §10.4): in the exchange log a
 * JWT keeps its header and claims — still inspectable — without its signature, so the stored
 * copy is no bearer credential; an opaque token keeps a short prefix to tell tokens apart.
 */
export function maskIssuedToken(token: string): string {
  const parts = token.split('.')
  if (parts.length === 3 && parts[0] && parts[1]) return `${parts[0]}.${parts[1]}.${STRIPPED_SIGNATURE}`
  return token.length > 12 ? `${token.slice(0, 6)}${MASK}` : MASK
}

/** True for a token as the exchange log keeps it (see maskIssuedToken): no bearer credential. */
export function isMaskedToken(token: string): boolean {
  return token.endsWith(`.${STRIPPED_SIGNATURE}`) || token.endsWith(MASK)
}

/** A token endpoint's JSON answer with `access_token` and `refresh_token` masked for storage. */
export function maskTokenResponseBody(body: string): string {
  if (!body.includes('_token"')) return body
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return body
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return body
  const record = parsed as Record<string, unknown>
  let changed = false
  for (const key of ['access_token', 'refresh_token', 'id_token']) {
    const value = record[key]
    if (typeof value === 'string') {
      record[key] = maskIssuedToken(value)
      changed = true
    }
  }
  return changed ? JSON.stringify(record) : body
}
