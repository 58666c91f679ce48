// What is stored never holds a password, a client secret, Basic or Bearer credentials, or a token
// value in clear — whichever server issued the token and whoever sent the request (the security
// rule of architecture.md, "One exchange pipeline"). The exchange pipeline applies `maskRequest` and
// `maskResponse` to every exchange before it is stored or announced; the unmasked copy lives in
// memory only. Pure, so the renderer can tell a masked token from a real one.
import type { HeaderList, RawRequest, RawResponse } from './exchange'
import { mayHoldParts, multipartValueLines } from './multipart-values'
import { MAX_INPUT_DEPTH } from './limits'

export const MASK = '***'
/** Request parameters whose values are credentials (RFC 6749 §2.3.1, §4.3.2, §6; RFC 7009/7662 `token`). */
export const SECRET_PARAMS = new Set([
  'password',
  'client_secret',
  'refresh_token',
  'access_token',
  'id_token',
  'token',
  'client_assertion',
  'assertion',
  'subject_token',
  'actor_token',
  // The way out (way-out.md): authorization codes and PKCE verifiers (RFC 6749 §4.1.2, RFC 7636 §4.1),
  // the challenge endpoint's code and session (draft-ietf-oauth-first-party-apps §5), one-time
  // passwords (RFC 6238) and the sign-in page's CSRF token.
  'code',
  'code_verifier',
  'authorization_code',
  'auth_session',
  'otp',
  'csrf_token',
])
/** Response members that carry an issued token (RFC 6749 §5.1, OpenID Connect, RFC 8693 `issued_token`). */
const TOKEN_MEMBERS = ['access_token', 'refresh_token', 'id_token', 'issued_token', 'token']
/** Headers whose values are credentials, whatever the scheme. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization'])
/**
 * A header no standard names but named like a credential (`X-Client-Secret`, `X-Api-Key`, `X-Auth-Token`):
 * its whole value is masked, for every origin. CORS's `Access-Control-Allow-Credentials` is no credential.
 */
export const CREDENTIAL_HEADER_NAME = /secret|passw|token|api-?key|credential|session/i
const isCustomCredentialHeader = (name: string): boolean =>
  CREDENTIAL_HEADER_NAME.test(name) && !name.startsWith('access-control-')
/**
 * A header whose whole value is a credential (Authorization, Proxy-Authorization, or one named like a credential):
 * what masking masks, and what reports and snippets must not show either. `name` in lower case.
 */
export const isCredentialHeader = (name: string): boolean =>
  CREDENTIAL_HEADERS.has(name) || isCustomCredentialHeader(name)
/** Headers whose values may hold a code or a session cookie (masked in their own way). */
const URL_OR_COOKIE_HEADERS = new Set(['location', 'cookie', 'set-cookie'])
/** Each `name=value` of a Cookie or Set-Cookie header: the value goes, attributes after `;` stay. */
const COOKIE_VALUE = /((?:^|;\s*)[^=;\s]+=)[^;]*/

const NAMES = [...SECRET_PARAMS].join('|')
const FORM_ANY_CASE = new RegExp(`(^|&)((?:${NAMES})=)[^&]+`, 'gi')
const JSON_VALUE = new RegExp(`("(?:${NAMES})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi')
/** A hidden input of an HTML form (the sign-in page) that carries one of those values. */
const HTML_INPUT_VALUE = new RegExp(`(name="(?:${NAMES})"\\s+value=")[^"]*`, 'gi')

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '))
  } catch {
    return raw
  }
}

/** Masks credential values in a form body, keeping everything else byte for byte. */
export function maskFormBody(body: string): string {
  return body
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      if (eq < 0) return pair
      return SECRET_PARAMS.has(decodeName(pair.slice(0, eq))) && eq < pair.length - 1
        ? `${pair.slice(0, eq)}=${MASK}`
        : pair
    })
    .join('&')
}

/**
 * Any request body: the form masking first, then passes that catch credentials a client sent in the
 * wrong shape (JSON or multipart instead of a form, or names in another letter case).
 */
export function maskBody(body: string): string {
  if (body === '') return body
  return maskJsonBody(
    maskMultipart(maskFormBody(body))
      .replace(FORM_ANY_CASE, `$1$2${MASK}`)
      .replace(JSON_VALUE, `$1"${MASK}"`)
      .replace(HTML_INPUT_VALUE, `$1${MASK}`),
  )
}

/**
 * A JSON body is also masked by its parsed members, so shapes the JSON_VALUE pattern cannot see go too: a
 * name written with `\u` escapes (`"pass\u0077ord"`) or a value that is a number (`"password": 123456`).
 * Only a body that starts like JSON pays the parse (a form body, the token endpoint's own, does not); it is
 * written again (its spacing then differs) only when a member was still in clear.
 */
function maskJsonBody(body: string): string {
  if (!/^\s*[[{]/.test(body)) return body
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return body
  }
  const found = { inClear: false }
  const result = maskJsonMembers(parsed, 0, found)
  return found.inClear ? JSON.stringify(result) : body
}

/** `value` with each secret member masked; `found.inClear` set when one was not masked yet. */
function maskJsonMembers(value: unknown, depth: number, found: { inClear: boolean }): unknown {
  if (depth > MAX_INPUT_DEPTH || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((v) => maskJsonMembers(v, depth + 1, found))
  // No prototype: a member named `__proto__` stays a member.
  const out = Object.create(null) as Record<string, unknown>
  for (const [k, v] of Object.entries(value)) {
    const secret = SECRET_PARAMS.has(k.toLowerCase()) && (typeof v === 'string' || typeof v === 'number')
    if (secret && v !== MASK) found.inClear = true
    out[k] = secret ? MASK : maskJsonMembers(v, depth + 1, found)
  }
  return out
}

/** Each credential part's value line (RFC 7578 §4.2) becomes `***`, its line ending kept (multipart-values.ts). */
function maskMultipart(body: string): string {
  if (!mayHoldParts(body)) return body
  const lines = body.split('\n')
  const values = multipartValueLines(lines, (name) => SECRET_PARAMS.has(name))
  if (values.length === 0) return body
  for (const i of values) lines[i] = lines[i]!.endsWith('\r') ? `${MASK}\r` : MASK
  return lines.join('\n')
}

/**
 * An absolute URL's userinfo (`scheme://id:secret@host`): up to the last `@` before the path, as a URL
 * parser reads it (WHATWG URL: `\\` ends the authority of an http(s) URL too).
 */
const USERINFO = /^([a-z][a-z\d+.-]*:\/\/)([^/?#\\]*)@/i

/**
 * A path with a query, or an absolute URL: credential values in the query are masked, and so is an
 * absolute URL's userinfo (deprecated by RFC 9110 §4.2.4, still sent: `http://id:secret@host/…`).
 */
export function maskTarget(target: string): string {
  return maskQuery(
    target.replace(USERINFO, (_all, scheme: string, info: string) =>
      info.includes(':') ? `${scheme}${MASK}:${MASK}@` : `${scheme}${MASK}@`,
    ),
  )
}

function maskQuery(target: string): string {
  const q = target.indexOf('?')
  if (q === -1) return target
  const hash = target.indexOf('#', q)
  const query = hash === -1 ? target.slice(q + 1) : target.slice(q + 1, hash)
  return target.slice(0, q + 1) + maskBody(query) + (hash === -1 ? '' : target.slice(hash))
}

function headerNeedsMasking([k]: [string, string]): boolean {
  const name = k.toLowerCase()
  return CREDENTIAL_HEADERS.has(name) || URL_OR_COOKIE_HEADERS.has(name) || isCustomCredentialHeader(name)
}

/** `Authorization: Basic …` becomes `Basic ***`; Bearer and any other scheme likewise, and Proxy-Authorization. */
export function maskHeaders(headers: HeaderList): HeaderList {
  // Most header lists hold no credential: keep them as they are (the token endpoint's hot path).
  if (!headers.some(headerNeedsMasking)) return headers
  return headers.map(([k, v]) => {
    const name = k.toLowerCase()
    // RFC 6749 §4.1.2: the authorization response carries the code in the Location's query.
    if (name === 'location') return [k, maskTarget(v)]
    // The sign-in page's cookie binds its form to the browser: a credential while the page lives.
    if (name === 'set-cookie') return [k, v.replace(COOKIE_VALUE, `$1${MASK}`)]
    if (name === 'cookie') return [k, v.replace(new RegExp(COOKIE_VALUE.source, 'g'), `$1${MASK}`)]
    if (isCustomCredentialHeader(name)) return [k, MASK]
    if (!CREDENTIAL_HEADERS.has(name)) return [k, v]
    const scheme = v.split(' ', 1)[0] ?? ''
    return [k, `${scheme} ${MASK}`]
  })
}

/** Marks the signature of a JWT whose stored copy was cut (see maskIssuedToken). */
export const STRIPPED_SIGNATURE = 'signature-not-stored'

/**
 * Tokens are never stored as issued (RFC 6749 §10.3, §10.4): in the exchange log a JWT keeps its
 * header and claims — still inspectable — without its signature, so the stored copy is no bearer
 * credential; an opaque token keeps a short prefix to tell tokens apart.
 */
export function maskIssuedToken(token: string): string {
  // Masking a stored copy again keeps it as it is (the HAR export masks whatever it is given).
  if (isMaskedToken(token)) return token
  const parts = token.split('.')
  if (parts.length === 3 && parts[0] && parts[1]) return `${parts[0]}.${parts[1]}.${STRIPPED_SIGNATURE}`
  return token.length > 12 ? `${token.slice(0, 6)}${MASK}` : MASK
}

/** True for a token as the exchange log keeps it (see maskIssuedToken): no bearer credential. */
export function isMaskedToken(token: string): boolean {
  return token.endsWith(`.${STRIPPED_SIGNATURE}`) || token.endsWith(MASK)
}

/** Masks token members (maskIssuedToken) and credential members (MASK) at any depth; true if any was. */
function maskJsonValue(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object' || depth > 8) return false
  let changed = false
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) {
    const member = record[key]
    const name = key.toLowerCase()
    if (typeof member === 'string' && member !== '' && TOKEN_MEMBERS.includes(name)) {
      record[key] = maskIssuedToken(member)
      changed = true
    } else if (typeof member === 'string' && member !== '' && SECRET_PARAMS.has(name)) {
      record[key] = MASK
      changed = true
    } else if (typeof member === 'object' && maskJsonValue(member, depth + 1)) {
      changed = true
    }
  }
  return changed
}

/**
 * Any response body: a JSON answer keeps its shape with each token masked by maskIssuedToken; a
 * form-encoded one (some servers answer that way) or anything else gets the request-body masking, so
 * a token in an unexpected shape is still never stored.
 */
export function maskResponseBody(body: string): string {
  if (!/token|password|secret|assertion|code|auth_session|otp/i.test(body)) return body
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return maskBody(body)
  }
  if (parsed === null || typeof parsed !== 'object') return body
  return maskJsonValue(parsed) ? JSON.stringify(parsed) : body
}

/** The stored form of a request. */
export function maskRequest(request: RawRequest): RawRequest {
  return {
    ...request,
    target: maskTarget(request.target),
    headers: maskHeaders(request.headers),
    body: maskBody(request.body),
  }
}

/** The stored form of a response. */
export function maskResponse(response: RawResponse): RawResponse {
  return { ...response, headers: maskHeaders(response.headers), body: maskResponseBody(response.body) }
}
