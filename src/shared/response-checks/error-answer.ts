// Rules for error answers, shared by the token, introspection and revocation endpoints
// (RFC 7662 §2.3 and RFC 7009 §2.2.1 both answer errors as RFC 6749 §5.2 does), and the 401
// challenge rule that holds for any HTTP answer.
import type { Finding } from '../exchange'
import { ERROR_BODY_MEMBERS, TOKEN_ERROR_CODES } from '../wire'
import { createFinding } from '../findings/catalogue'
import { headerValue, shown, type JsonObject, type Reading } from './judged-exchange'

/** Defined for the authorization endpoint (RFC 6749 §4.1.2.1) and widely used at the token endpoint. */
const AUTHORIZATION_ENDPOINT_CODES = new Set(['server_error', 'temporarily_unavailable'])
const ERROR_MEMBERS = new Set<string>(ERROR_BODY_MEMBERS)
/** RFC 6749 §5.2: error_description is %x20-21 / %x23-5B / %x5D-7E. */
const DESCRIPTION_CHAR = /[\x20-\x21\x23-\x5b\x5d-\x7e]/

export type ErrorEndpoint = 'token' | 'introspect' | 'revoke'

function codePoint(ch: string): string {
  const hex = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
  const printable = /[\x21-\x7e]/.test(ch) || ch.codePointAt(0)! > 0xa0
  return printable ? `U+${hex} (${ch})` : `U+${hex}`
}

/** The characters outside the charset, by code point: the description itself is not repeated. */
function judgeDescription(body: JsonObject): Finding[] {
  if (!('error_description' in body)) return []
  const value = body.error_description
  if (typeof value !== 'string') {
    return [
      createFinding(
        'error_description_charset',
        `error_description is a JSON ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}, not a string.`,
      ),
    ]
  }
  const bad = [...new Set([...value].filter((ch) => !DESCRIPTION_CHAR.test(ch)))]
  if (bad.length === 0) return []
  const list = bad.slice(0, 6).map(codePoint).join(', ') + (bad.length > 6 ? `, and ${bad.length - 6} more` : '')
  const first = [...value].findIndex((ch) => !DESCRIPTION_CHAR.test(ch))
  return [
    createFinding(
      'error_description_charset',
      `error_description (${[...value].length} characters) holds ${list}, first at position ${first + 1}; only ` +
        'printable ASCII without " and \\ is allowed.',
    ),
  ]
}

function judgeCode(code: string, status: number, endpoint: ErrorEndpoint): Finding[] {
  const known: readonly string[] =
    endpoint === 'revoke' ? [...TOKEN_ERROR_CODES, 'unsupported_token_type'] : TOKEN_ERROR_CODES
  const out: Finding[] = []
  if (!known.includes(code)) {
    if (AUTHORIZATION_ENDPOINT_CODES.has(code)) {
      out.push(
        createFinding(
          'error_code_not_registered',
          `error "${code}" (status ${status}) is defined for the authorization endpoint (RFC 6749 §4.1.2.1), not ` +
            `in §5.2; widely used at the ${endpoint === 'revoke' ? 'revocation' : 'token'} endpoint too and understood by most clients.`,
          'info',
        ),
      )
    } else {
      out.push(
        createFinding(
          'error_code_not_registered',
          `error ${shown(code)} (status ${status}) is not one of ${known.join(', ')}.`,
        ),
      )
    }
  }
  // RFC 6749 §5.2: 400 unless specified otherwise; invalid_client may be 401, and a revocation
  // may answer 503 (RFC 7009 §2.2.1).
  const allowed = code === 'invalid_client' ? [400, 401] : endpoint === 'revoke' ? [400, 503] : [400]
  if (known.includes(code) && !allowed.includes(status)) {
    out.push(
      createFinding(
        'error_status_not_400',
        `error "${code}" was answered with status ${status}; RFC 6749 §5.2 answers it with ${allowed.join(' or ')}.`,
      ),
    )
  }
  return out
}

/** RFC 6749 §5.2: after a Basic attempt, invalid_client is a 401 with WWW-Authenticate. */
function judgeInvalidClient(r: Reading, code: string): Finding[] {
  if (code !== 'invalid_client' || r.basic === null || r.status === 401) return []
  const challenge = headerValue(r.x.response.headers, 'www-authenticate')
  return [
    createFinding(
      'invalid_client_not_401',
      `The request carried Authorization: Basic and the answer was invalid_client with status ${r.status}` +
        (challenge === undefined ? ' and no WWW-Authenticate header' : ` (WWW-Authenticate: ${shown(challenge)})`) +
        '; expected 401 with WWW-Authenticate: Basic.',
    ),
  ]
}

/** Every rule of an error answer whose body is a JSON object. */
export function judgeErrorBody(r: Reading, body: JsonObject, endpoint: ErrorEndpoint): Finding[] {
  const out: Finding[] = []
  const code = body.error
  const keys = Object.keys(body)
  if (typeof code !== 'string' || code === '') {
    out.push(
      createFinding(
        'error_body_without_error',
        `Status ${r.status} with ${keys.length === 0 ? 'an empty JSON object' : `members ${keys.join(', ')}`}` +
          (code === undefined ? ' and no "error" member.' : `; "error" is ${shown(code)}, not a code string.`),
      ),
    )
  }
  // RFC 7662 §2.3 points at §5.2 only for the status and challenge; its error members are not
  // restricted the same way, so only token and revocation errors are held to the exact set.
  const extra = keys.filter((k) => !ERROR_MEMBERS.has(k))
  if (endpoint !== 'introspect' && extra.length > 0) {
    out.push(
      createFinding(
        'error_body_extra_keys',
        `The error body has member(s) ${extra.map((k) => shown(k, 40)).join(', ')} beside ` +
          `${keys.filter((k) => ERROR_MEMBERS.has(k)).join(', ') || 'nothing of §5.2'} (values not shown).`,
      ),
    )
  }
  if (typeof code === 'string' && code !== '') {
    if (endpoint !== 'introspect') out.push(...judgeCode(code, r.status, endpoint))
    out.push(...judgeInvalidClient(r, code))
  }
  out.push(...judgeDescription(body))
  return out
}

/** A Basic challenge among the challenges of a WWW-Authenticate value (RFC 9110 §11.6.1). */
const BASIC_CHALLENGE = /(^|,)\s*basic(\s|,|$)/i

/** RFC 7617 §2: "The 'realm' authentication parameter is REQUIRED." */
function basicRealmMissing(challenge: string): boolean {
  // Look from "Basic" on; a later scheme's own params ("Bearer realm=...") must not count.
  const at = challenge.search(BASIC_CHALLENGE)
  if (at < 0) return false
  const rest = challenge.slice(at).replace(/^,?\s*basic/i, '')
  const own = rest.split(/,\s*(?=[A-Za-z][\w!#$%&'*+.^`|~-]*\s+[\w!#$%&'*+.^`|~-]+=)/)[0] ?? ''
  return !/(^|[\s,])realm\s*=/i.test(own)
}

/**
 * RFC 9110 §15.5.2: a 401 carries at least one challenge; RFC 6749 §5.2: matching the scheme the
 * client tried; RFC 7617 §2: a Basic challenge names its realm. Holds for any endpoint.
 */
export function judgeChallenge(r: Reading): Finding[] {
  const challenge = headerValue(r.x.response.headers, 'www-authenticate')
  if (r.status === 401 && (challenge === undefined || challenge.trim() === '')) {
    return [createFinding('unauthorized_without_www_authenticate', 'Status 401 without a WWW-Authenticate header.')]
  }
  if (challenge === undefined) return []
  const hasBasic = BASIC_CHALLENGE.test(challenge)
  if (r.status === 401 && r.basic !== null && !hasBasic) {
    return [
      createFinding(
        'challenge_scheme_mismatch',
        `The request tried Basic, and the 401 challenges only ${shown(challenge)}: no Basic challenge.`,
      ),
    ]
  }
  if (hasBasic && basicRealmMissing(challenge)) {
    return [createFinding('basic_challenge_without_realm', `WWW-Authenticate: ${shown(challenge)} has no realm.`)]
  }
  return []
}
