// Small response judgements, one rule each, as pure functions of a Reply: each returns the
// failures it found (empty when the rule holds). They mirror the server findings of
// rfc-checklist.md ("Judging another server's answer") so that the shared response checks can
// take their place one for one.
import { ERROR_BODY_MEMBERS as ERROR_KEYS, TOKEN_ERROR_CODES } from '../../../../shared/wire'
import type { ExpectationFailure } from '../../results'
import { header, issuedToken, jsonObject, stringField, summarize, type Reply } from './reply'

type Failures = ExpectationFailure[]

// RFC 6749 §5.2: error_description = 1*( %x20-21 / %x23-5B / %x5D-7E ).
const DESCRIPTION_CHARS = /^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/

function failure(reply: Reply, what: string, expected: string, actual: string): ExpectationFailure {
  return { what: `${reply.label}: ${what}`, expected, actual }
}

export function expectStatus(reply: Reply, expected: number | readonly number[]): Failures {
  const list = typeof expected === 'number' ? [expected] : expected
  if (list.includes(reply.status)) return []
  return [failure(reply, 'status', list.join(' or '), summarize(reply))]
}

/** An OAuth error answer: the status (when given) and `error` equal to `code`. */
export function expectOAuthError(reply: Reply, code: string, status?: number | readonly number[]): Failures {
  const out: Failures = status === undefined ? [] : expectStatus(reply, status)
  const error = stringField(reply, 'error')
  if (error !== code) out.push(failure(reply, 'error', code, error === undefined ? summarize(reply) : error))
  return out
}

/** RFC 6749 §5.1: 200 with an access_token. */
export function expectTokenIssued(reply: Reply): Failures {
  if (issuedToken(reply)) return []
  return [failure(reply, 'answer', '200 with an access_token', summarize(reply))]
}

/** The parameters of `Cache-Control` (RFC 9111 §5.2), lower-cased. */
function cacheDirectives(reply: Reply): string[] {
  const value = header(reply, 'cache-control')
  if (value === undefined) return []
  return value.split(',').map((d) => d.trim().split('=')[0]!.toLowerCase())
}

/** RFC 6749 §5.1 (and the checklist for §5.2): `Cache-Control: no-store`. */
export function expectNoStore(reply: Reply): Failures {
  if (cacheDirectives(reply).includes('no-store')) return []
  return [failure(reply, 'Cache-Control', 'no-store', header(reply, 'cache-control') ?? '(absent)')]
}

/** RFC 6749 §5.1: `Pragma: no-cache`. */
export function expectPragmaNoCache(reply: Reply): Failures {
  const value = header(reply, 'pragma')
  if (value !== undefined && /(^|,)\s*no-cache\s*(,|$)/i.test(value)) return []
  return [failure(reply, 'Pragma', 'no-cache', value ?? '(absent)')]
}

/** RFC 6749 §5.1, §5.2: the body is `application/json` (parameters such as charset allowed). */
export function expectJsonObject(reply: Reply): Failures {
  const out: Failures = []
  const type = header(reply, 'content-type')
  const media = type?.split(';')[0]!.trim().toLowerCase()
  if (media !== 'application/json') out.push(failure(reply, 'Content-Type', 'application/json', type ?? '(absent)'))
  if (jsonObject(reply) === undefined) out.push(failure(reply, 'body', 'a JSON object', summarize(reply)))
  return out
}

/** RFC 6749 §5.1: `token_type` is present, and Bearer for this grant (case-insensitive, RFC 6750 §4). */
export function expectBearer(reply: Reply): Failures {
  const type = jsonObject(reply)?.['token_type']
  if (typeof type === 'string' && type.toLowerCase() === 'bearer') return []
  return [failure(reply, 'token_type', 'Bearer', type === undefined ? '(absent)' : JSON.stringify(type))]
}

/** RFC 6749 §5.1, Appendix A.14: `expires_in` (RECOMMENDED) is a number of seconds, 1*DIGIT. */
export function expectExpiresInSeconds(reply: Reply): Failures {
  const body = jsonObject(reply)
  if (body === undefined || !('expires_in' in body)) return []
  const v = body['expires_in']
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return []
  return [failure(reply, 'expires_in', 'a non-negative integer (JSON number)', JSON.stringify(v))]
}

/** RFC 6749 §5.2: no members beyond error, error_description, error_uri. */
export function expectOnlyErrorKeys(reply: Reply): Failures {
  const body = jsonObject(reply)
  if (body === undefined) return []
  const extra = Object.keys(body).filter((k) => !(ERROR_KEYS as readonly string[]).includes(k))
  if (extra.length === 0) return []
  return [failure(reply, 'error body keys', ERROR_KEYS.join(', '), `also ${extra.join(', ')}`)]
}

/** RFC 6749 §5.2: `error` is one of the six codes. */
export function expectKnownErrorCode(reply: Reply): Failures {
  const error = jsonObject(reply)?.['error']
  if (typeof error === 'string' && (TOKEN_ERROR_CODES as readonly string[]).includes(error)) return []
  return [
    failure(
      reply,
      'error',
      `one of ${TOKEN_ERROR_CODES.join(', ')}`,
      error === undefined ? summarize(reply) : JSON.stringify(error),
    ),
  ]
}

/** RFC 6749 §5.2: error_description is printable ASCII without `"` and `\`. */
export function expectDescriptionCharset(reply: Reply): Failures {
  const body = jsonObject(reply)
  if (body === undefined || !('error_description' in body)) return []
  const d = body['error_description']
  if (typeof d === 'string' && DESCRIPTION_CHARS.test(d)) return []
  const bad = typeof d === 'string' ? [...new Set(d.replace(/[\x20-\x21\x23-\x5b\x5d-\x7e]/g, ''))] : []
  return [
    failure(
      reply,
      'error_description',
      'printable ASCII without " or \\',
      typeof d === 'string' ? `contains ${bad.map((c) => JSON.stringify(c)).join(' ')}` : JSON.stringify(d),
    ),
  ]
}

/** RFC 6749 §5.2: 400, except invalid_client which may be 401 (and must be after Basic). */
export function expectErrorStatus(reply: Reply): Failures {
  const error = stringField(reply, 'error')
  const allowed = error === 'invalid_client' ? [400, 401] : [400]
  return expectStatus(reply, allowed)
}

/** RFC 6749 §5.2: 401 with `WWW-Authenticate` naming the scheme the client used (Basic). */
export function expectBasicChallenge(reply: Reply): Failures {
  const out = expectStatus(reply, 401)
  const challenge = header(reply, 'www-authenticate')
  if (challenge === undefined || !/^\s*basic(\s|,|$)/i.test(challenge)) {
    out.push(failure(reply, 'WWW-Authenticate', 'Basic realm="..."', challenge ?? '(absent)'))
  }
  return out
}

/** RFC 7662 §2.2: an inactive token is exactly `{"active": false}`. */
export function expectExactlyInactive(reply: Reply): Failures {
  const out = expectStatus(reply, 200)
  const body = jsonObject(reply)
  const exact = body !== undefined && Object.keys(body).length === 1 && body['active'] === false
  if (!exact) out.push(failure(reply, 'body', '{"active": false}', summarize(reply)))
  return out
}

/** A refusal of any kind: not a 2xx, not a 5xx, and no token or active introspection in the body. */
export function expectRefused(reply: Reply, expected: string): Failures {
  const body = jsonObject(reply)
  const refused = reply.status >= 400 && reply.status < 500 && !issuedToken(reply) && body?.['active'] !== true
  return refused ? [] : [failure(reply, 'answer', expected, summarize(reply))]
}
