// "Save as step": a scenario step (docs/scenarios-format.md) built from a recorded exchange. The
// request keeps the composer's request shape (endpoint, client authentication, form parameters), with
// every credential turned into a variable — `{{clientSecret}}`, `{{password}}`, `{{refreshToken}}` —
// so no secret, password or token is ever written into a scenario; the run supplies them. The
// expectations say what was seen: the status, the `error` code, the keys of the answer, the headers
// that matter (RFC 6749 §5.1: `Cache-Control: no-store`).
import type { Exchange, HeaderList } from '../shared/exchange'
import { SECRET_PARAMS } from '../shared/masking'
import { classifyEndpoint } from '../shared/response-checks/index'
import type { ScenarioStepInput } from '../shared/scenarios-api'
import { isAbsoluteHttpUrl, variablesUsedBy } from '../shared/scenarios/index'

type StepRequest = ScenarioStepInput['request']
type StepExpect = NonNullable<ScenarioStepInput['expect']>
type Endpoint = NonNullable<StepRequest['endpoint']>

/** The keys of an answer worth expecting (RFC 6749 §5.1, RFC 7662 §2.2, RFC 8414 §2). */
const KEY_MEMBERS = [
  'access_token',
  'token_type',
  'expires_in',
  'refresh_token',
  'scope',
  'id_token',
  'active',
  'issuer',
  'token_endpoint',
  'keys',
]
/** Headers the runner writes itself, or that say nothing about the client's request. */
const RUNNER_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'accept',
  'accept-encoding',
  'authorization',
  'user-agent',
  'connection',
  // The connection's and the framing's own (RFC 9110 §7.6.1, RFC 9112 §6): a client's chunked body is
  // sent again with a Content-Length; the runner refuses them as extra headers.
  'transfer-encoding',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'upgrade',
])
/** Token variables and where a token answer carries them (for the capture of an earlier step). */
export const TOKEN_CAPTURES: Record<string, string> = {
  accessToken: 'body.access_token',
  refreshToken: 'body.refresh_token',
}

const header = (headers: HeaderList, name: string): string | undefined =>
  headers.find(([k]) => k.toLowerCase() === name)?.[1]

/** `refresh_token` → `refreshToken`, `client_assertion` → `clientAssertion`. */
const camel = (name: string) => name.replace(/[_-]+([a-z0-9])/g, (_, c: string) => c.toUpperCase())

/** The variable a credential parameter becomes; `token` (RFC 7009 §2.1, RFC 7662 §2.1) follows its hint. */
function variableFor(name: string, params: ReadonlyArray<[string, string]>): string {
  if (name === 'client_secret') return 'clientSecret'
  if (name === 'token') {
    const hint = params.find(([k]) => k === 'token_type_hint')?.[1]
    return hint === 'refresh_token' ? 'refreshToken' : 'accessToken'
  }
  return camel(name)
}

function endpointOf(e: Exchange): Endpoint {
  const kind = classifyEndpoint(e.request.target, e.request.method, e.request.body)
  if (kind !== 'unknown') return kind
  return isAbsoluteHttpUrl(e.request.target) ? e.request.target.split('#', 1)[0]! : 'token'
}

function isFormBody(e: Exchange): boolean {
  const type = header(e.request.headers, 'content-type')?.toLowerCase() ?? ''
  if (type) return type.startsWith('application/x-www-form-urlencoded')
  return /^[^=&\s]+=[^&\s]*(&[^=&\s]+=[^&\s]*)*$/.test(e.request.body)
}

function clientAuth(e: Exchange, params: Array<[string, string]>): StepRequest['auth'] {
  const take = (name: string): string | undefined => {
    const at = params.findIndex(([k]) => k === name)
    return at === -1 ? undefined : params.splice(at, 1)[0]![1]
  }
  const authorization = header(e.request.headers, 'authorization')
  if (authorization && /^basic\s/i.test(authorization)) {
    // RFC 6749 §2.3.1: the lab saw raw (not form-encoded) credentials; the step sends them the same way.
    const raw = e.findings.some((f) => f.code === 'basic_not_form_encoded')
    return {
      method: 'basic',
      clientId: e.clientId ?? '{{clientId}}',
      clientSecret: '{{clientSecret}}',
      ...(raw && { formEncode: false }),
    }
  }
  const clientId = take('client_id')
  const secret = take('client_secret')
  if (secret !== undefined)
    return { method: 'post', clientId: clientId ?? '{{clientId}}', clientSecret: '{{clientSecret}}' }
  return clientId !== undefined ? { method: 'none', clientId } : { method: 'none' }
}

function requestOf(e: Exchange): StepRequest {
  const endpoint = endpointOf(e)
  const defaultMethod = endpoint === 'metadata' || endpoint === 'jwks' ? 'GET' : 'POST'
  const method = e.request.method.toUpperCase()
  const headers = Object.fromEntries(e.request.headers.filter(([k]) => !RUNNER_HEADERS.has(k.toLowerCase())))
  const base: StepRequest = {
    endpoint,
    ...(method !== defaultMethod && { method }),
    ...(Object.keys(headers).length > 0 && { headers }),
  }
  if (e.request.body === '') return { ...base, auth: clientAuth(e, []) }
  if (!isFormBody(e)) {
    // Not a form (JSON, multipart): sent as it was stored, credentials already masked by the pipeline.
    const type = header(e.request.headers, 'content-type')
    return {
      ...base,
      ...(type && { headers: { ...headers, 'Content-Type': type } }),
      auth: clientAuth(e, []),
      rawBody: e.request.body,
    }
  }
  const params = [...new URLSearchParams(e.request.body)] as Array<[string, string]>
  const auth = clientAuth(e, params)
  const values = params.map(([k, v]): [string, string] => [
    k,
    SECRET_PARAMS.has(k.toLowerCase()) ? `{{${variableFor(k, params)}}}` : v,
  ])
  return { ...base, auth, params: Object.fromEntries(values) }
}

function jsonBody(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text)
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null
  } catch {
    return null
  }
}

function expectationsOf(e: Exchange): StepExpect {
  const body = jsonBody(e.response.body)
  const error = typeof body?.error === 'string' ? body.error : e.error
  const present = body ? KEY_MEMBERS.filter((k) => k in body) : []
  const headers: Record<string, string> = {}
  for (const name of ['cache-control', 'pragma']) {
    const value = header(e.response.headers, name)
    if (value !== undefined) headers[name] = value
  }
  // RFC 6749 §5.2: a 401 after Basic names the scheme; the realm may differ from server to server.
  const challenge = header(e.response.headers, 'www-authenticate')
  if (challenge) headers['www-authenticate'] = `/^${challenge.split(/\s/, 1)[0]}\\b/i`
  return {
    status: e.response.status,
    ...(Object.keys(headers).length > 0 && { headers }),
    ...(error !== undefined && { body: { error } }),
    ...(present.length > 0 && { present }),
  }
}

function stepNameOf(e: Exchange, request: StepRequest): string {
  const what =
    request.endpoint === 'token' || request.endpoint === undefined
      ? `${e.grantType ?? request.params?.grant_type ?? 'token'} grant`
      : isAbsoluteHttpUrl(request.endpoint)
        ? `${e.method} ${new URL(request.endpoint).pathname}`
        : request.endpoint
  const who = e.username ? ` (${e.username})` : ''
  return `${what}${who} → ${e.response.status}${e.error ? ` ${e.error}` : ''}`
}

/** The step, and the `{{variables}}` it needs from the run or from earlier steps. */
export function stepFromExchange(e: Exchange, name?: string): { step: ScenarioStepInput; variables: string[] } {
  const request = requestOf(e)
  const step: ScenarioStepInput = { name: name ?? stepNameOf(e, request), request, expect: expectationsOf(e) }
  return { step, variables: [...variablesUsedBy(step)].sort() }
}

const isTokenRequest = (s: ScenarioStepInput) => (s.request.endpoint ?? 'token') === 'token'

/**
 * Appends `step` to `steps`. A token variable the step needs and no earlier step captures is captured
 * from the last earlier token request (RFC 6749 §6: refresh with the token that grant issued).
 */
export function appendStep(steps: readonly ScenarioStepInput[], step: ScenarioStepInput): ScenarioStepInput[] {
  const out = steps.map((s) => ({ ...s }))
  const captured = new Set(out.flatMap((s) => Object.keys(s.capture ?? {})))
  for (const name of variablesUsedBy(step)) {
    const path = TOKEN_CAPTURES[name]
    if (!path || captured.has(name)) continue
    const from = out.findLastIndex(isTokenRequest)
    if (from === -1) continue
    out[from] = { ...out[from]!, capture: { ...out[from]!.capture, [name]: path } }
  }
  return [...out, step]
}
