// Rules for the introspection (RFC 7662), revocation (RFC 7009), metadata (RFC 8414) and JWKS
// (RFC 7517) answers.
import type { Finding } from '../exchange'
import { createFinding } from '../findings/catalogue'
import { issuerFromMetadataUrl } from '../metadata-urls'
import { judgeErrorBody } from './error-answer'
import { judgeJsonAnswer } from './json-answer'
import { isSuccess, mediaTypeOf, param, read, shown, type JudgedExchange, type Reading } from './judged-exchange'

/** RFC 6750 §3 lets a 401/403 challenge come without a body. */
const bodylessChallenge = (r: Reading) => (r.status === 401 || r.status === 403) && r.x.response.body.trim() === ''

function judgeError(r: Reading, endpoint: 'introspect' | 'revoke', out: Finding[]): Finding[] {
  if (bodylessChallenge(r) || !judgeJsonAnswer(r, out)) return out
  out.push(...judgeErrorBody(r, r.json!, endpoint))
  return out
}

/** RFC 7662 §2.2: `active` is a boolean, and an inactive token is exactly `{"active": false}`. */
export function judgeIntrospectionResponse(x: JudgedExchange): Finding[] {
  const r = read(x)
  const out: Finding[] = []
  if (r.status >= 400) return judgeError(r, 'introspect', out)
  if (!isSuccess(r.status) || !judgeJsonAnswer(r, out)) return out
  const body = r.json!
  if (typeof body.active !== 'boolean') {
    out.push(
      createFinding(
        'introspection_active_missing',
        'active' in body
          ? `active is ${shown(body.active, 40)} (a JSON ${body.active === null ? 'null' : typeof body.active}), not true or false.`
          : `The answer has member(s) ${Object.keys(body).join(', ') || 'none'} but no active.`,
      ),
    )
  } else if (!body.active) {
    const extra = Object.keys(body).filter((k) => k !== 'active')
    if (extra.length > 0) {
      out.push(
        createFinding(
          'introspection_inactive_extra_members',
          `The inactive answer also carries ${extra.map((k) => shown(k, 40)).join(', ')} (values not shown); ` +
            'expected exactly {"active": false}.',
        ),
      )
    }
  }
  return out
}

/** Errors a well-formed revocation may still get (RFC 7009 §2.1, §2.2.1). */
const REVOCATION_REFUSALS = new Set(['invalid_client', 'unauthorized_client', 'unsupported_token_type'])

/** POST, a form body, a token, no parameter twice: nothing invalid_request could object to. */
function wellFormedRevocation(r: Reading): boolean {
  const names = [...r.params.keys()]
  return (
    r.x.request.method.toUpperCase() === 'POST' &&
    mediaTypeOf(r.x.request.headers) === 'application/x-www-form-urlencoded' &&
    param(r.params, 'token') !== undefined &&
    new Set(names).size === names.length
  )
}

/** RFC 7009 §2.2: 200 for a revoked and for an invalid token alike. */
export function judgeRevocationResponse(x: JudgedExchange): Finding[] {
  const r = read(x)
  const out: Finding[] = []
  const wellFormed = wellFormedRevocation(r)
  const code = typeof r.json?.error === 'string' ? r.json.error : undefined
  const refusal = r.status === 401 || r.status === 503 || (code !== undefined && REVOCATION_REFUSALS.has(code))
  if (wellFormed && r.status !== 200 && !refusal) {
    out.push(
      createFinding(
        'revocation_not_200',
        `A revocation request with a token parameter was answered with status ${r.status}` +
          (code === undefined ? '' : ` and error "${code}"`) +
          (isSuccess(r.status) ? ' (a 2xx other than 200: most clients cope, hence a warning).' : '.'),
        isSuccess(r.status) ? 'warning' : undefined,
      ),
    )
  }
  return r.status >= 400 ? judgeError(r, 'revoke', out) : out
}

const withoutQuery = (url: string) => url.split(/[?#]/)[0] ?? url
const noTrailingSlash = (s: string) => s.replace(/\/+$/, '')

/** RFC 8414 §2 required members and §3.3 issuer identity. */
export function judgeMetadataResponse(x: JudgedExchange): Finding[] {
  const r = read(x)
  const out: Finding[] = []
  // A 404 only says the server publishes no metadata (RFC 8414 is optional).
  if (!isSuccess(r.status) || !judgeJsonAnswer(r, out)) return out
  const body = r.json!
  if (typeof body.issuer !== 'string' || body.issuer === '') {
    out.push(
      createFinding(
        'metadata_issuer_missing',
        'issuer' in body ? `issuer is ${shown(body.issuer)}, not a URL string.` : 'The document has no issuer.',
      ),
    )
  } else {
    const expected = issuerFromMetadataUrl(x.request.url)
    if (expected !== undefined && noTrailingSlash(body.issuer) !== noTrailingSlash(expected)) {
      out.push(
        createFinding(
          'metadata_issuer_mismatch',
          `Fetched from ${shown(withoutQuery(x.request.url), 200)}, so the issuer must be ${shown(expected, 200)}; the document ` +
            `says ${shown(body.issuer, 200)}.`,
        ),
      )
    }
  }
  const implicitOnly =
    Array.isArray(body.grant_types_supported) &&
    body.grant_types_supported.length === 1 &&
    body.grant_types_supported[0] === 'implicit'
  if ((typeof body.token_endpoint !== 'string' || body.token_endpoint === '') && !implicitOnly) {
    out.push(
      createFinding(
        'metadata_token_endpoint_missing',
        'token_endpoint' in body
          ? `token_endpoint is ${shown(body.token_endpoint)}, not a URL string.`
          : 'The document has no token_endpoint.',
      ),
    )
  }
  return out
}

/** RFC 7517 §5: a JWK Set is an object with a keys array. */
export function judgeJwksResponse(x: JudgedExchange): Finding[] {
  const r = read(x)
  const out: Finding[] = []
  if (!isSuccess(r.status) || !judgeJsonAnswer(r, out, true)) return out
  if (!Array.isArray(r.json!.keys)) {
    out.push(
      createFinding(
        'jwks_keys_missing',
        'keys' in r.json!
          ? `keys is a JSON ${typeof r.json!.keys}, not an array.`
          : `The JWK Set has member(s) ${Object.keys(r.json!).join(', ') || 'none'} but no keys.`,
      ),
    )
  }
  return out
}
