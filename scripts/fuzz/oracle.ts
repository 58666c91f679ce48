// What must hold for every fuzzed request: no 5xx (no fault is configured, so none is
// injected), an answer unless the body was over the limit, and never a token, a code or an "active" answer for
// credentials that are not the lab's, nor a redirect to an unregistered URI. The oracle decodes a request as RFC 6749 says a server must (§2.3.1 Basic with
// form-encoded parts, §3.2 form body, parameters not repeated) and accepts a grant only when that gives the right ones.
import { BODY_LIMIT } from '../../src/server/http/body'
import { ENDPOINT_PATHS } from '../../src/shared/wire'
import type { FuzzCredentials, FuzzRequest } from './fuzz-request'
import type { Sent } from './send'

/** Tokens the lab issued during the run (read from its answers): the only ones introspection may call active. */
export class IssuedTokens {
  readonly access = new Set<string>()
  readonly refresh = new Set<string>()
  readonly #recentRefresh: string[] = []
  readonly #recentAccess: string[] = []

  note(text: string): void {
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      return
    }
    const { access_token: a, refresh_token: r } = (body ?? {}) as Record<string, unknown>
    if (typeof a === 'string') keep(this.access, this.#recentAccess, a)
    if (typeof r === 'string') keep(this.refresh, this.#recentRefresh, r)
  }

  recentRefresh = (): readonly string[] => this.#recentRefresh
  recentAccess = (): readonly string[] => [...this.#recentAccess, ...this.#recentRefresh]
}

const RECENT = 64
const EVER = 200_000
function keep(all: Set<string>, recent: string[], token: string): void {
  if (all.size < EVER) all.add(token)
  recent.push(token)
  if (recent.length > RECENT) recent.shift()
}

const decodeForm = (s: string): string | null => {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return null
  }
}

/** Basic credentials as (id, secret), form-decoded (§2.3.1) or raw, or null. */
function basicPairs(header: string | undefined): Array<[string, string]> {
  const m = header === undefined ? null : /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header)
  if (!m) return []
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return []
  const [id, secret] = [decoded.slice(0, colon), decoded.slice(colon + 1)]
  const formId = decodeForm(id)
  const formSecret = decodeForm(secret)
  return formId !== null && formSecret !== null
    ? [
        [id, secret],
        [formId, formSecret],
      ]
    : [[id, secret]]
}

const only = (p: URLSearchParams, name: string): string | null => {
  const all = p.getAll(name)
  return all.length === 1 ? all[0]! : null
}

function clientIsRight(r: FuzzRequest, p: URLSearchParams, c: FuzzCredentials): boolean {
  const right = ([id, s]: [string, string]) => id === c.clientId && s === c.clientSecret
  if (basicPairs(r.headers.authorization).some(right)) return true
  return only(p, 'client_id') === c.clientId && only(p, 'client_secret') === c.clientSecret
}

function grantIsRight(p: URLSearchParams, c: FuzzCredentials, issued: IssuedTokens): boolean {
  const grant = only(p, 'grant_type')
  if (grant === 'password') return only(p, 'username') === c.username && only(p, 'password') === c.password
  if (grant === 'refresh_token') return issued.refresh.has(only(p, 'refresh_token') ?? '')
  return false
}

const pathOf = (target: string): string => target.split('?')[0]!

/**
 * The authorization endpoint (RFC 6749 §4.1.2.1, RFC 9700 §4.1): a GET never yields a code (the sign-in form must be
 * posted with its CSRF token), and it never redirects anywhere but the registered URI (loopback: any port, RFC 8252
 * §7.3) — otherwise it is an open redirector.
 */
function judgeAuthorize(sent: Sent & { kind: 'answer' }, c: FuzzCredentials): string | null {
  if (sent.location === undefined) return null
  let to: URL
  try {
    to = new URL(sent.location)
  } catch {
    return `a redirect to something not a URL: ${sent.location.slice(0, 100)}`
  }
  const registered = new URL(c.redirectUri)
  if (to.protocol !== registered.protocol || to.hostname !== registered.hostname || to.pathname !== registered.pathname)
    return `a redirect to an unregistered URI: ${sent.location.slice(0, 100)}`
  if (to.username !== '' || to.password !== '') return `a redirect with userinfo: ${sent.location.slice(0, 100)}`
  if (to.searchParams.has('code')) return 'a code from a GET, without the sign-in form'
  return null
}

/**
 * The challenge endpoint (draft-ietf-oauth-first-party-apps §5): a code, or an `auth_session` for the second factor,
 * only for the public first-party client with the right user and password, and only for an S256 challenge
 * (RFC 9700 §2.1.1). The fuzz user has no second factor, so no `auth_session` is ever right.
 */
function judgeChallenge(r: FuzzRequest, params: URLSearchParams, body: Record<string, unknown>, c: FuzzCredentials) {
  const code = typeof body.authorization_code === 'string'
  if (!code && typeof body.auth_session !== 'string') return null
  if (!code) return 'an auth_session for a user without a second factor'
  if (only(params, 'client_id') !== c.publicClientId) return 'a code for a wrong client'
  if (r.headers.authorization !== undefined && basicPairs(r.headers.authorization).length > 0)
    return 'a code for a request that also sent Basic credentials of another client'
  if (only(params, 'username') !== c.username || only(params, 'password') !== c.password)
    return 'a code for a wrong user or password'
  if (only(params, 'code_challenge_method') !== 'S256') return 'a code without an S256 challenge'
  return null
}

const parseJson = (text: string): Record<string, unknown> => {
  try {
    const v = JSON.parse(text) as unknown
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

/** The failure this answer shows, or null. */
export function judge(r: FuzzRequest, sent: Sent, c: FuzzCredentials, issued: IssuedTokens): string | null {
  if (sent.kind === 'reset') {
    // Over the limit the server answers 413 and closes while the client may still be writing: a reset is fine.
    return r.body.length > BODY_LIMIT ? null : `connection reset or timed out: ${sent.message}`
  }
  if (sent.status >= 500) return `answered ${sent.status}: ${sent.text.slice(0, 200)}`
  const params = new URLSearchParams(r.body.toString('utf8'))
  const path = pathOf(r.target)
  if (path === ENDPOINT_PATHS.authorize) return judgeAuthorize(sent, c)
  const body = parseJson(sent.text)
  // Any status: an error answer may carry an auth_session too (the draft's insufficient_authorization).
  if (path === ENDPOINT_PATHS.challenge) return judgeChallenge(r, params, body, c)
  if (sent.status !== 200) return null
  if (path === ENDPOINT_PATHS.token && typeof body.access_token === 'string') {
    if (!clientIsRight(r, params, c)) return 'a token for wrong client credentials'
    if (!grantIsRight(params, c, issued)) return 'a token for a wrong grant (user, password or refresh token)'
  }
  if (path === ENDPOINT_PATHS.introspect && body.active === true) {
    const token = only(params, 'token') ?? ''
    if (!issued.access.has(token) && !issued.refresh.has(token))
      return 'introspection called a token active it never issued'
    if (!clientIsRight(r, params, c)) return 'introspection answered for wrong client credentials'
  }
  return null
}
