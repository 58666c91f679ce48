// HTTP Basic client authentication as RFC 6749 §2.3.1 defines it for OAuth (client_secret_basic).
//
// The twist that most clients miss: "The client identifier is encoded using the
// application/x-www-form-urlencoded encoding algorithm per Appendix B, and the encoded value is
// used as the username; the client password is encoded using the same algorithm and used as the
// password." So the server must base64-decode, split on the first ':', then form-decode each half.
// Many clients (curl -u, requests-oauthlib, Insomnia, Bruno) skip the form-encoding; the parser
// therefore returns both readings, `raw` and `decoded`, and `wasEncodedDifferently` tells the
// token endpoint whether the two differ, i.e. whether it can tell which one the client meant.

import { decodeFormComponent } from './form-body'

export interface BasicCredentials {
  id: string
  secret: string
}

export type BasicAuthorization =
  | { kind: 'absent' }
  | { kind: 'other-scheme'; scheme: string }
  | { kind: 'malformed'; reason: string }
  | {
      kind: 'basic'
      /** The two halves of the base64 payload as sent (what a client that skipped form-encoding meant). */
      raw: BasicCredentials
      /** Each half form-decoded per Appendix B (what RFC 6749 §2.3.1 says they mean); null if undecodable. */
      decoded: BasicCredentials | null
      /** Why `decoded` is null, e.g. `malformed percent-encoding in the client secret`. */
      decodeProblem?: string
      /** true when `decoded` differs from `raw` (false when `decoded` is null). */
      wasEncodedDifferently: boolean
    }

// RFC 9110 §11.1: auth-scheme = token. The credentials follow after one or more spaces.
const AUTHORIZATION = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:[ \t]+(.*))?$/s
// Strict base64 alphabet (RFC 4648 §4) with padding; length and padding are checked below.
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

export function parseBasicAuthorization(header: string | undefined): BasicAuthorization {
  if (header === undefined || header.trim() === '') return { kind: 'absent' }

  const match = AUTHORIZATION.exec(header.trim())
  if (!match) return { kind: 'malformed', reason: 'Authorization header is not of the form: scheme credentials' }
  const scheme = match[1]!
  // RFC 9110 §11.1: the scheme name is case-insensitive.
  if (scheme.toLowerCase() !== 'basic') return { kind: 'other-scheme', scheme }

  const token = (match[2] ?? '').trim()
  if (token === '') return { kind: 'malformed', reason: 'Basic scheme without credentials' }
  // A comma is no base64: it is what two Authorization field lines combined into one look like
  // (RFC 9110 §5.3), i.e. two sets of credentials in one request (RFC 6749 §2.3).
  if (token.includes(',')) {
    return { kind: 'malformed', reason: 'more than one Authorization header (send one set of credentials)' }
  }

  // RFC 7617 §2 / RFC 4648 §4: strict base64 only. Checked by shape and by a round-trip, which also
  // rejects non-zero padding bits and anything Buffer.from would otherwise skip silently.
  if (!BASE64.test(token) || token.length % 4 !== 0) {
    return { kind: 'malformed', reason: 'Basic credentials are not valid base64' }
  }
  const bytes = Buffer.from(token, 'base64')
  if (bytes.toString('base64') !== token) {
    return { kind: 'malformed', reason: 'Basic credentials are not valid base64' }
  }

  let userPass: string
  try {
    userPass = utf8.decode(bytes)
  } catch {
    return { kind: 'malformed', reason: 'Basic credentials are not valid UTF-8' }
  }

  // RFC 7617 §2: user-id and password are separated by the first colon (the user-id cannot
  // contain one; RFC 6749 §2.3.1 form-encoding is what lets a client id contain ':' as %3A).
  const colon = userPass.indexOf(':')
  if (colon === -1) return { kind: 'malformed', reason: 'Basic credentials have no colon between id and secret' }
  const raw: BasicCredentials = { id: userPass.slice(0, colon), secret: userPass.slice(colon + 1) }

  const id = decodeFormComponent(raw.id)
  const secret = decodeFormComponent(raw.secret)
  if (!id.ok || !secret.ok) {
    const which = id.ok ? 'client secret' : 'client id'
    const problem = !id.ok ? id.problem : !secret.ok ? secret.problem : 'utf-8'
    return {
      kind: 'basic',
      raw,
      decoded: null,
      decodeProblem:
        problem === 'percent-encoding'
          ? `malformed percent-encoding in the ${which}`
          : `the form-decoded ${which} is not valid UTF-8`,
      wasEncodedDifferently: false,
    }
  }
  const decoded: BasicCredentials = { id: id.value, secret: secret.value }
  return {
    kind: 'basic',
    raw,
    decoded,
    wasEncodedDifferently: decoded.id !== raw.id || decoded.secret !== raw.secret,
  }
}
