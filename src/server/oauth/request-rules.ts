// The client findings a request shows on its own — no hash, no database, no memory of earlier
// requests: one function per rule. The token endpoint (request.ts, readForm) and the recording
// proxy (request-findings.ts, judgeClientRequest) both run them through inspectRequest, so the two
// can never disagree about what a client did wrong. The rules that need the server's state (the
// client record, the token, recent failures) stay with the server.
import type { IncomingHttpHeaders } from 'node:http'
import type { Finding } from '../../shared/exchange'
import type { EndpointName } from '../../shared/wire'
import { type BasicAuthorization, parseBasicAuthorization } from './basic-auth'
import { findings } from './findings'
import { classifyContentType, type ContentTypeKind, type FormBodyResult, parseFormBody } from './form-body'

export interface ClientRequest {
  /** Which endpoint the request was sent to, when known (the proxy knows it from the metadata). */
  endpoint: EndpointName | undefined
  method: string
  /** Query string without `?` ('' when none). */
  query: string
  headers: IncomingHttpHeaders
  body: Buffer
  /** The request came over TLS. */
  secure: boolean
}

export interface RequestInspection {
  findings: Finding[]
  /** Credential parameters in the query string, `password` first. */
  queryCredentials: string[]
  contentType: ContentTypeKind
  /** The parsed body, when the request is a POST to an OAuth endpoint with a form Content-Type. */
  form: FormBodyResult | null
  basic: BasicAuthorization
  /**
   * The client id the request names — Basic, else the body, else the URL — before any check, so
   * that a request refused for its shape is still counted against the client that sent it.
   */
  claimedClientId: string | undefined
}

const POST_ENDPOINTS: ReadonlySet<string> = new Set(['token', 'introspect', 'revoke', 'challenge'])
const ENDPOINT_LABEL: Record<EndpointName, string> = {
  token: 'token',
  introspect: 'introspection',
  revoke: 'revocation',
  metadata: 'metadata',
  jwks: 'JWKS',
  authorize: 'authorization',
  challenge: 'authorization challenge',
}

/** Parameters whose values are credentials: never acceptable in a URL (RFC 6749 §2.3.1, §3.2). */
const CREDENTIAL_PARAMS = ['client_secret', 'refresh_token', 'token', 'access_token', 'client_assertion']

// RFC 6749 §2.3, §2.3.1 and RFC 7521 §4.2: how a client authenticates in the body; RFC 8707 §2: resource.
const CLIENT_AUTH_PARAMS = ['client_id', 'client_secret', 'client_assertion', 'client_assertion_type']
const TOKEN_PARAMS = ['grant_type', 'scope', 'resource', ...CLIENT_AUTH_PARAMS]
const TOKEN_LOOKUP_PARAMS = ['token', 'token_type_hint', ...CLIENT_AUTH_PARAMS]

/** What each request defines (RFC 6749 §4.3.2, §6; RFC 7662 §2.1; RFC 7009 §2.1): required first. */
const REQUESTS: Record<string, { label: string; required: string[]; known: ReadonlySet<string> }> = {
  password: {
    label: 'the password grant',
    required: ['username', 'password'],
    known: new Set([...TOKEN_PARAMS, 'username', 'password']),
  },
  refresh_token: {
    label: 'the refresh_token grant',
    required: ['refresh_token'],
    known: new Set([...TOKEN_PARAMS, 'refresh_token']),
  },
  // RFC 6749 §4.1.3 with RFC 7636 §4.5; draft-ietf-oauth-first-party-apps §6.1: no redirect_uri
  // when the code came from the challenge endpoint, so it is not required here.
  authorization_code: {
    label: 'the authorization_code grant',
    required: ['code'],
    known: new Set([...TOKEN_PARAMS, 'code', 'redirect_uri', 'code_verifier']),
  },
  // RFC 6749 §4.4.2
  client_credentials: { label: 'the client_credentials grant', required: [], known: new Set(TOKEN_PARAMS) },
  // draft-ietf-oauth-first-party-apps §5.1, and the lab's own username, password and otp (way-out.md).
  challenge: {
    label: 'the authorization challenge',
    required: [],
    known: new Set([
      ...CLIENT_AUTH_PARAMS,
      'scope',
      'auth_session',
      'code_challenge',
      'code_challenge_method',
      'username',
      'password',
      'otp',
      'login_hint',
      'resource',
    ]),
  },
  introspect: { label: 'introspection', required: ['token'], known: new Set(TOKEN_LOOKUP_PARAMS) },
  revoke: { label: 'revocation', required: ['token'], known: new Set(TOKEN_LOOKUP_PARAMS) },
}

/**
 * Characters a form encoder (Appendix B) or a URL-component encoder leaves as they are, plus the
 * `+` and `%XX` it produces. Anything else in a Basic half means the client did not encode it.
 */
const ENCODER_OUTPUT = /^[A-Za-z0-9\-._~*!'()+%]*$/

export function methodRule(endpoint: EndpointName | undefined, method: string): Finding | null {
  if (endpoint === undefined) return null
  // RFC 6749 §3.1: the authorization endpoint takes GET (and the lab's sign-in form POSTs back to it).
  const expected =
    endpoint === 'authorize' ? ['GET', 'HEAD', 'POST'] : POST_ENDPOINTS.has(endpoint) ? ['POST'] : ['GET', 'HEAD']
  return expected.includes(method) ? null : findings.wrongHttpMethod(method, ENDPOINT_LABEL[endpoint], expected)
}

export function queryRule(query: string): { findings: Finding[]; credentials: string[]; clientId?: string } {
  if (query === '') return { findings: [], credentials: [] }
  const q = new URLSearchParams(query)
  const clientId = q.get('client_id') || undefined
  const out: Finding[] = []
  const password = q.has('password')
  if (password) out.push(findings.passwordInQuery())
  const others = CREDENTIAL_PARAMS.filter((n) => q.has(n))
  if (others.length > 0) out.push(findings.credentialsInQuery(others))
  return { findings: out, credentials: [...(password ? ['password'] : []), ...others], ...(clientId && { clientId }) }
}

export function contentTypeRule(kind: ContentTypeKind, raw: string | undefined): Finding | null {
  if (kind.kind === 'missing') return findings.missingContentType()
  if (kind.kind === 'form-charset') return findings.formCharsetNotUtf8(kind.charset)
  if (kind.kind === 'other') return findings.wrongContentType(raw ?? kind.mediaType)
  return null
}

export function bodyRule(form: FormBodyResult): Finding[] {
  if (!form.ok) return [findings.malformedFormBody(form.description)]
  const out: Finding[] = []
  if (form.repeated.length > 0) out.push(findings.repeatedParameter(form.repeated))
  // An empty client_secret has its own finding (credentialsRule).
  const empty = form.empty.filter((n) => n !== 'client_secret')
  if (empty.length > 0) out.push(findings.emptyParameter(empty))
  return out
}

/** Missing and unknown parameters of the request the endpoint (or, at the token endpoint, grant_type) names. */
export function parametersRule(endpoint: EndpointName | undefined, params: ReadonlyMap<string, string>): Finding[] {
  const grantType = params.get('grant_type')
  const isToken = endpoint === 'token' || (endpoint === undefined && grantType !== undefined)
  if (isToken && grantType === undefined) return [findings.missingParameter(['grant_type'], 'A token request')]
  const key = isToken ? grantType! : endpoint
  // Own keys only: a grant_type such as `toString` or `__proto__` names no request (it reached Object.prototype).
  const request = key !== undefined && Object.hasOwn(REQUESTS, key) ? REQUESTS[key] : undefined
  // An unsupported grant type: its parameters are not ours to judge.
  if (request === undefined) return []
  const out: Finding[] = []
  const missing = request.required.filter((n) => !params.has(n))
  const label = request.label.charAt(0).toUpperCase() + request.label.slice(1)
  if (missing.length > 0) out.push(findings.missingParameter(missing, `${label} request`))
  const unknown = [...params.keys()].filter((n) => !request.known.has(n))
  if (unknown.length > 0) out.push(findings.unknownParameter(unknown, request.label))
  return out
}

export function scopeRule(params: ReadonlyMap<string, string>): Finding | null {
  const scope = params.get('scope')
  return scope !== undefined && scope.includes(',') ? findings.scopeCommaSeparated(scope) : null
}

/** RFC 9110 §12.5.1: does the Accept header let application/json through (q > 0)? */
export function acceptRule(accept: string | undefined): Finding | null {
  if (accept === undefined || accept.trim() === '') return null
  for (const range of accept.split(',')) {
    const [type = '', ...parameters] = range.split(';').map((p) => p.trim().toLowerCase())
    const q = parameters.find((p) => p.startsWith('q='))
    if (q !== undefined && !(Number(q.slice(2)) > 0)) continue
    if (type === '*/*' || type === 'application/*' || type === 'application/json') return null
  }
  return findings.acceptNotJson(accept)
}

/** RFC 6749 §2.3.1 seen from the bytes: Basic halves no encoder would have produced. */
function basicEncodingRule(basic: Extract<BasicAuthorization, { kind: 'basic' }>): Finding | null {
  const { raw, decoded } = basic
  const idRaw = !ENCODER_OUTPUT.test(raw.id)
  const secretRaw = !ENCODER_OUTPUT.test(raw.secret)
  if (decoded !== null && !idRaw && !secretRaw) return null
  const where = idRaw && secretRaw ? 'client id and secret' : idRaw ? 'client id' : 'secret'
  return findings.basicCharactersNotEncoded({ rawId: raw.id, decodedId: decoded?.id ?? null }, where)
}

/** How the client authenticated, as far as the request shows it (RFC 6749 §2.3, §2.3.1). */
export function credentialsRule(
  basic: BasicAuthorization,
  params: ReadonlyMap<string, string>,
  emptyParams: readonly string[],
): Finding[] {
  const out: Finding[] = []
  const bodyId = params.get('client_id')
  if (basic.kind === 'basic') {
    const id = basic.decoded?.id ?? basic.raw.id
    const encoding = basicEncodingRule(basic)
    if (encoding) out.push(encoding)
    if (params.has('client_secret')) out.push(findings.basicAndBodyCredentials(id))
    if (basic.raw.secret === '') out.push(findings.emptyClientSecret('basic', id))
  } else if (emptyParams.includes('client_secret')) {
    out.push(findings.emptyClientSecret('body', bodyId))
  }
  if (basic.kind === 'absent' && params.has('client_secret')) out.push(findings.clientSecretPostUsed())
  return out
}

/** RFC 6749 §1.6, §3.2: a password, a secret or an Authorization header needs TLS. */
export function transportRule(
  secure: boolean,
  authorization: string | undefined,
  params: ReadonlyMap<string, string>,
): Finding | null {
  if (secure) return null
  const what = [
    ...(params.has('password') ? ['password'] : []),
    ...(params.has('client_secret') ? ['client_secret'] : []),
    ...(authorization !== undefined && authorization.trim() !== '' ? ['Authorization header'] : []),
  ]
  return what.length > 0 ? findings.insecureTransport(what) : null
}

const NO_PARAMS: ReadonlyMap<string, string> = new Map()

/**
 * Every stateless rule, in the order the token endpoint checks: method, query, media type, body,
 * parameters, Accept, client credentials, transport. A request with another method than the
 * endpoint's, or to an endpoint without a form body, is judged on its method and URL only.
 */
export function inspectRequest(req: ClientRequest): RequestInspection {
  const out: Finding[] = []
  const method = methodRule(req.endpoint, req.method)
  if (method) out.push(method)
  const query = queryRule(req.query)
  out.push(...query.findings)
  const contentType = classifyContentType(req.headers['content-type'])
  const basic = parseBasicAuthorization(req.headers.authorization)
  const basicId = basic.kind === 'basic' ? (basic.decoded?.id ?? basic.raw.id) : undefined
  const inspection = {
    findings: out,
    queryCredentials: query.credentials,
    contentType,
    form: null,
    basic,
    claimedClientId: basicId ?? query.clientId,
  }
  const hasFormBody = req.method === 'POST' && (req.endpoint === undefined || POST_ENDPOINTS.has(req.endpoint))
  if (!hasFormBody) return inspection

  const mediaType = contentTypeRule(contentType, req.headers['content-type'])
  if (mediaType) out.push(mediaType)
  const form = contentType.kind === 'form' ? parseFormBody(req.body) : null
  if (form) out.push(...bodyRule(form))
  const params = form?.ok ? form.params : NO_PARAMS
  if (form?.ok) {
    out.push(...parametersRule(req.endpoint, params))
    const scope = scopeRule(params)
    if (scope) out.push(scope)
  }
  const accept = acceptRule(req.headers.accept)
  if (accept) out.push(accept)
  out.push(...credentialsRule(basic, params, form?.ok ? form.empty : []))
  const transport = transportRule(req.secure, req.headers.authorization, params)
  if (transport) out.push(transport)
  return { ...inspection, form, claimedClientId: basicId ?? params.get('client_id') ?? query.clientId }
}
