// Rules a conformance run checks by sending a request on purpose, some needing two exchanges to
// be sure: one answer alone cannot tell a refused reuse from a refused token, or wrong
// credentials from credentials read the wrong way.
import type { Finding } from '../exchange'
import { createFinding } from '../findings/catalogue'
import {
  formDecode,
  isSuccess,
  param,
  parseJsonObject,
  read,
  type JudgedExchange,
  type Reading,
} from './judged-exchange'

const issuedTokens = (r: Reading) => isSuccess(r.status) && typeof r.json?.access_token === 'string'

/**
 * RFC 9700 §4.14.2: a refresh token already used must be refused once the server rotated it.
 * `secondUse` presents it again. With `firstUse` (the earlier refresh with the same token) the
 * rule holds only if that answer rotated, i.e. returned a different refresh token; without it
 * the caller vouches that rotation happened.
 */
export function judgeRefreshReuse(secondUse: JudgedExchange, firstUse?: JudgedExchange): Finding[] {
  const second = read(secondUse)
  const presented = param(second.params, 'refresh_token')
  if (param(second.params, 'grant_type') !== 'refresh_token' || presented === undefined) return []
  if (firstUse !== undefined) {
    const first = read(firstUse)
    // Not the same token twice, or no rotation at the first use: no reuse to refuse.
    if (param(first.params, 'refresh_token') !== presented || !issuedTokens(first)) return []
    const next = first.json!.refresh_token
    if (typeof next !== 'string' || next === presented) return []
  }
  if (!issuedTokens(second)) return []
  return [
    createFinding(
      'refresh_reuse_accepted',
      `A refresh token presented a second time, after the server had rotated it, was answered with status ` +
        `${second.status} and a new access token` +
        (typeof second.json!.refresh_token === 'string' ? ' and refresh token.' : '.'),
    ),
  ]
}

/** RFC 6749 §2.3: one client authentication method per request (§5.2 invalid_request). */
export function judgeBasicAndBodyAccepted(x: JudgedExchange): Finding[] {
  const r = read(x)
  if (r.basic === null || param(r.params, 'client_secret') === undefined || !isSuccess(r.status)) return []
  if (x.endpoint === 'token' && !issuedTokens(r)) return []
  return [
    createFinding(
      'basic_and_body_accepted',
      `The request carried Authorization: Basic and client_secret in the body, and the ${x.endpoint} endpoint ` +
        `answered ${r.status} instead of invalid_request.`,
    ),
  ]
}

const refusedClient = (r: Reading) =>
  r.status === 401 || (r.status >= 400 && r.json !== undefined && r.json.error === 'invalid_client')

/**
 * RFC 6749 §2.3.1: `encoded` sends the client's credentials form-encoded before base64, `raw`
 * sends the very same credentials without the encoding (as curl -u does). Refusing the first and
 * accepting the second means the server does not form-decode. Judged only when the encoding
 * changes the bytes (the id or secret holds a space, "+", "%", ":" or non-ASCII text).
 */
export function judgeBasicNotFormDecoded(encoded: JudgedExchange, raw: JudgedExchange): Finding[] {
  const e = read(encoded)
  const w = read(raw)
  if (e.basic === null || w.basic === null) return []
  const sameCredentials = formDecode(e.basic.id) === w.basic.id && formDecode(e.basic.secret) === w.basic.secret
  const encodingChanges = e.basic.id !== w.basic.id || e.basic.secret !== w.basic.secret
  if (!sameCredentials || !encodingChanges || !refusedClient(e) || !isSuccess(w.status)) return []
  const part = e.basic.id !== w.basic.id ? 'client id' : 'secret'
  return [
    createFinding(
      'basic_not_form_decoded',
      `Client "${w.basic.id}": form-encoded Basic credentials were refused with status ${e.status}` +
        (typeof e.json?.error === 'string' ? ` (${e.json.error})` : '') +
        `, the same credentials sent without form-encoding were accepted with ${w.status}; the encoding changes ` +
        `the ${part}, so the server compares them without form-decoding.`,
    ),
  ]
}

/** RFC 8414 §2: grant_types_supported, when omitted, means ["authorization_code", "implicit"]. */
const DEFAULT_GRANT_TYPES = ['authorization_code', 'implicit']

/**
 * RFC 8414 §2: the metadata's grant_types_supported against what the token endpoint did:
 * `acceptedGrantTypes` answered with tokens, `unsupportedGrantTypes` answered
 * unsupported_grant_type.
 */
export function judgeGrantTypesSupported(
  metadataBody: string,
  acceptedGrantTypes: readonly string[],
  unsupportedGrantTypes: readonly string[] = [],
): Finding[] {
  const doc = parseJsonObject(metadataBody)
  if (doc === undefined) return []
  const listed = doc.grant_types_supported
  const announced =
    Array.isArray(listed) && listed.every((g) => typeof g === 'string') ? (listed as string[]) : DEFAULT_GRANT_TYPES
  const shownList = `${JSON.stringify(announced)}${announced === DEFAULT_GRANT_TYPES ? ' (omitted: the default)' : ''}`
  const out: Finding[] = []
  const unlisted = [...new Set(acceptedGrantTypes)].filter((g) => !announced.includes(g))
  if (unlisted.length > 0) {
    out.push(
      createFinding(
        'metadata_grant_types_mismatch',
        `The token endpoint accepted ${unlisted.join(', ')}, which grant_types_supported ${shownList} does not list.`,
      ),
    )
  }
  const refused = [...new Set(unsupportedGrantTypes)].filter((g) => announced.includes(g))
  if (refused.length > 0) {
    out.push(
      createFinding(
        'metadata_grant_types_mismatch',
        `grant_types_supported ${shownList} lists ${refused.join(', ')}, which the token endpoint answered with ` +
          'unsupported_grant_type; a client following the metadata fails.',
        'error',
      ),
    )
  }
  return out
}
