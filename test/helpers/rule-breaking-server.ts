// A tiny node:http token server (password and refresh_token grants, RFC 8414 metadata at the OpenID
// Connect path) that keeps every rule the ropc-conformance pack checks unless told to break one:
// each test server breaks exactly the rules it is given, so exactly the checks of those rules fail.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

export type Break =
  /** RFC 6749 §5.1: a token response without Cache-Control: no-store and Pragma: no-cache. */
  | 'token-cacheable'
  /** RFC 6749 §5.2: invalid_client after Basic is 400 without WWW-Authenticate. */
  | 'invalid-client-400'
  /** RFC 6749 §5.2: an error member beyond error, error_description, error_uri. */
  | 'error-extra-member'
  /** RFC 8414 §3.3: the issuer is not the URL the document is served under. */
  | 'issuer'
  /** RFC 6749 §4.3.2: an unknown user is refused before any hash, so faster. */
  | 'timing'
  /** RFC 6749 §2.3: a wrong Basic secret falls back to the client_secret in the body. */
  | 'fallback-after-failed-basic'
  /** RFC 6749 §5.2: a POST with its parameters in the query string gets a 500 HTML page. */
  | 'query-string-500'
  /** RFC 7617 §2: the Basic challenge has no realm. */
  | 'no-realm'
  /** RFC 6749 §5.2: a failed Basic attempt is challenged with Bearer. */
  | 'bearer-challenge'
  /** RFC 6749 §2.3.1: Basic credentials are compared without form-decoding. */
  | 'basic-not-form-decoded'
  /** RFC 6749 §3.2: a repeated parameter is not refused (the first value is used). */
  | 'accept-repeated'
  /** RFC 6749 §2.3: right Basic credentials plus a client_secret in the body get a token. */
  | 'accept-basic-and-body'
  /** Not a breach: a JSON body is refused with invalid_client (no client authentication in a form body). */
  | 'json-refused-as-invalid-client'

export const CLIENT = { id: 'breaker', secret: 'breakersecret' }
export const USERS = new Map([
  ['bob', 'bob-password'],
  ['tim', 'tim-password'],
])
/** What a password hash costs this server, for known users only (the timing rule it breaks). */
// Well above the check's 25 ms floor and the jitter of a loaded 2-core machine, so the breakage is seen every run.
export const HASH_MS = 200

interface RefreshRecord {
  username: string
  scope: string
  family: number
  used: boolean
}

export interface RuleBreaker {
  server: http.Server
  base: string
  /** Password grants for a username answered invalid_grant, as this server saw them. */
  refusedLogins: Map<string, number>
}

function formDecode(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, ' '))
}

export async function startRuleBreaker(
  breaks: readonly Break[],
  client: { id: string; secret: string } = CLIENT,
): Promise<RuleBreaker> {
  const breaking = new Set(breaks)
  const refreshTokens = new Map<string, RefreshRecord>()
  const revokedFamilies = new Set<number>()
  const refusedLogins = new Map<string, number>()
  let families = 0
  let counter = 0
  let base = ''

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((err: unknown) => {
        res.writeHead(500)
        res.end(String(err))
      })
    })
  })

  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
  }
  const error = (res: http.ServerResponse, code: string, description: string, headers: Record<string, string> = {}) =>
    json(
      res,
      code === 'invalid_client' && headers['WWW-Authenticate'] !== undefined ? 401 : 400,
      { error: code, error_description: description, ...(breaking.has('error-extra-member') && { status_code: 400 }) },
      { 'Cache-Control': 'no-store', ...headers },
    )
  const issue = (res: http.ServerResponse, username: string, scope: string, family: number) => {
    const refresh = `rt-${++counter}-${Math.random().toString(36).slice(2)}`
    refreshTokens.set(refresh, { username, scope, family, used: false })
    const caching: Record<string, string> = breaking.has('token-cacheable')
      ? {}
      : { 'Cache-Control': 'no-store', Pragma: 'no-cache' }
    json(
      res,
      200,
      {
        access_token: `at-${++counter}-${Math.random().toString(36).slice(2)}`,
        token_type: 'Bearer',
        expires_in: 300,
        refresh_token: refresh,
        scope,
      },
      caching,
    )
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
    const url = new URL(req.url ?? '/', base)
    if (url.pathname === '/.well-known/openid-configuration' && req.method === 'GET') {
      return json(res, 200, {
        issuer: breaking.has('issuer') ? 'https://login.example.com' : base,
        token_endpoint: `${base}/token`,
        grant_types_supported: ['password', 'refresh_token'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      })
    }
    if (url.pathname !== '/token') return json(res, 404, { error: 'not_found' })
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' })
      return void res.end()
    }
    if (url.search !== '') {
      if (breaking.has('query-string-500')) {
        res.writeHead(500, { 'Content-Type': 'text/html' })
        return void res.end('<html><body><h1>Internal Server Error</h1></body></html>')
      }
      return error(res, 'invalid_request', 'Parameters belong in the form body.')
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      if (breaking.has('json-refused-as-invalid-client') && req.headers.authorization === undefined) {
        return error(res, 'invalid_client', 'No client authentication in a form body.')
      }
      return error(res, 'invalid_request', 'The body must be form-encoded.')
    }
    const form = new URLSearchParams(body)
    const names = [...form.keys()]
    if (new Set(names).size !== names.length && !breaking.has('accept-repeated'))
      return error(res, 'invalid_request', 'A parameter is repeated.')
    const param = (name: string) => form.get(name) || undefined

    const bodyId = param('client_id')
    const bodySecret = param('client_secret')
    let clientId = bodyId
    let secret = bodySecret
    const authorization = req.headers.authorization
    const viaBasic = authorization?.startsWith('Basic ') === true
    if (viaBasic) {
      const decoded = Buffer.from(authorization!.slice(6), 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      const decode = breaking.has('basic-not-form-decoded') ? (v: string) => v : formDecode
      clientId = decode(decoded.slice(0, colon))
      secret = decode(decoded.slice(colon + 1))
    }
    let authenticated = clientId === client.id && secret === client.secret
    if (viaBasic && bodySecret !== undefined) {
      if (authenticated && !breaking.has('accept-basic-and-body')) {
        return error(res, 'invalid_request', 'One client authentication method at a time.')
      }
      if (!authenticated) {
        // Broken (fallback): a failed Basic attempt is retried with the body's credentials.
        if (!breaking.has('fallback-after-failed-basic')) {
          return error(res, 'invalid_request', 'One client authentication method at a time.')
        }
        authenticated = bodyId === client.id && bodySecret === client.secret
      }
    }
    if (!authenticated) {
      const challenge = breaking.has('bearer-challenge')
        ? 'Bearer realm="breaker"'
        : breaking.has('no-realm')
          ? 'Basic'
          : 'Basic realm="breaker"'
      const headers: Record<string, string> =
        viaBasic && !breaking.has('invalid-client-400') ? { 'WWW-Authenticate': challenge } : {}
      return error(res, 'invalid_client', 'Client authentication failed.', headers)
    }

    const grantType = param('grant_type')
    if (grantType === 'password') {
      const username = param('username')
      const password = param('password')
      if (username === undefined || password === undefined) {
        return error(res, 'invalid_request', 'username and password are required.')
      }
      const scope = param('scope') ?? 'read'
      if (scope !== 'read') return error(res, 'invalid_scope', 'Unknown scope.')
      const known = USERS.get(username)
      // Conforming: every user costs a hash. Broken (timing): only known users do.
      if (known !== undefined || !breaking.has('timing')) await sleep(breaking.has('timing') ? HASH_MS : 2)
      if (known !== password) {
        refusedLogins.set(username, (refusedLogins.get(username) ?? 0) + 1)
        return error(res, 'invalid_grant', 'The username or password is incorrect.')
      }
      return issue(res, username, scope, ++families)
    }
    if (grantType === 'refresh_token') {
      const token = param('refresh_token')
      if (token === undefined) return error(res, 'invalid_request', 'refresh_token is required.')
      const record = refreshTokens.get(token)
      if (record === undefined || revokedFamilies.has(record.family)) {
        return error(res, 'invalid_grant', 'The refresh token is invalid.')
      }
      if (record.used) {
        revokedFamilies.add(record.family)
        return error(res, 'invalid_grant', 'The refresh token is invalid.')
      }
      const requested = param('scope') ?? record.scope
      if (requested.split(' ').some((s) => !record.scope.split(' ').includes(s))) {
        return error(res, 'invalid_scope', 'The scope exceeds the original grant.')
      }
      record.used = true
      return issue(res, record.username, requested, record.family)
    }
    return error(res, 'unsupported_grant_type', 'Only password and refresh_token.')
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { server, base, refusedLogins }
}
