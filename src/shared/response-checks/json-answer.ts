// Token, introspection and metadata answers are JSON objects labelled application/json
// (RFC 6749 §5.1, RFC 7662 §2.2, RFC 8414 §3.2); a JWK Set may say application/jwk-set+json.
import type { Finding } from '../exchange'
import { createFinding } from '../findings/catalogue'
import type { Reading } from './judged-exchange'

const JSON_TYPES = ['application/json']
const JWKS_TYPES = ['application/json', 'application/jwk-set+json']

/** What the body looks like, without showing it (it may hold a token). */
function describeBody(body: string): string {
  const text = body.trimStart()
  const bytes = new TextEncoder().encode(body).length
  if (text === '') return 'an empty body'
  if (text.startsWith('<')) return `${bytes} bytes that look like HTML or XML`
  if (/^[\w.~%+-]+=[^&]*(&[\w.~%+-]+=[^&]*)*$/.test(text.trim())) {
    return `${bytes} bytes that look form-encoded (some servers answer so unless the request says Accept: application/json)`
  }
  if (/^[[{"\d-]|^(true|false|null)\b/.test(text)) return `${bytes} bytes of JSON that is not an object, or broken JSON`
  return `${bytes} bytes of text that is not JSON`
}

/**
 * Adds response_not_json or content_type_not_json; returns whether the body rules can go on.
 * A 5xx is often a gateway's page rather than the server's own answer, hence only a warning.
 */
export function judgeJsonAnswer(r: Reading, out: Finding[], jwks = false): boolean {
  const type = r.mediaType === undefined ? 'no Content-Type' : `Content-Type ${r.mediaType}`
  if (r.json === undefined) {
    out.push(
      createFinding(
        'response_not_json',
        `Status ${r.status} with ${type} and ${describeBody(r.x.response.body)}; expected a JSON object.`,
        r.status >= 500 ? 'warning' : undefined,
      ),
    )
    return false
  }
  const allowed = jwks ? JWKS_TYPES : JSON_TYPES
  if (r.mediaType === undefined || !allowed.includes(r.mediaType)) {
    out.push(
      createFinding(
        'content_type_not_json',
        `The body is a JSON object but the answer says ${type}; expected ${allowed.join(' or ')}.`,
      ),
    )
  }
  return true
}
