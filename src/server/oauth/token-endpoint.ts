// The token endpoint (RFC 6749 §3.2, §4.3.2, §5, §6) and the single catch point every endpoint
// answers through (architecture.md "Contracts"): an OAuthError becomes its §5.2 response;
// anything else becomes server_error with the cause kept in the trace, never on the wire.
import type { HeaderList } from '../../shared/exchange'
import type { AuthMethod } from '../../shared/wire'
import { HashPoolBusyError } from '../credentials/hash-pool'
import type { ServerServices } from '../services'
import { authorizationChallenge } from './authorization-challenge'
import { authenticateClient, readClientCredentials } from './client-auth'
import { BUSY_RETRY_AFTER, OAuthError, traceBusy } from './errors'
import { findings } from './findings'
import { GRANTS } from './grants/index'
import { passwordGrantDisabled } from './grants/password-mode'
import { introspect } from './introspection'
import { errorReply, jsonReply, NO_STORE, type Reply } from './reply'
import { type FormRequest, type IncomingOAuthRequest, readForm } from './request'
import { BURST_FAILURES, BURST_WINDOW_MS } from '../request-memory'
import { revoke } from './revocation'
import { parseScope } from './scope'
import type { IssueOverrides } from '../tokens/token-service'
import type { Trace } from './trace'

export type OAuthEndpoint = 'token' | 'introspect' | 'revoke' | 'challenge'

const OVERLOADED = new OAuthError(
  'temporarily_unavailable',
  'The server is busy checking other credentials; retry after the time in Retry-After.',
  { status: 503, headers: BUSY_RETRY_AFTER },
)

/** The one place where failures become responses. */
export async function answer(trace: Trace, run: () => Promise<Reply>): Promise<Reply> {
  try {
    return await run()
  } catch (err) {
    if (err instanceof HashPoolBusyError) {
      // RFC 6749 §5.2 has no code for an overloaded token endpoint; the status is what a client acts
      // on: 503 with Retry-After (RFC 9110 §15.6.4), and the registry's code for the same condition
      // at the authorization endpoint (RFC 6749 §4.1.2.1, §11.4). No attempt was counted for it.
      traceBusy(trace)
      return errorReply(OVERLOADED)
    }
    if (err instanceof OAuthError) {
      trace.error = err.code
      trace.fail('response.error', `${err.code} (${err.status}): ${err.description}`)
      return errorReply(err)
    }
    trace.error = 'server_error'
    trace.fail('response.error', `server_error (500), cause: ${describeCause(err)}`)
    return errorReply(new OAuthError('server_error', 'The server encountered an unexpected condition.', { cause: err }))
  }
}

function describeCause(err: unknown): string {
  if (err instanceof Error) return err.stack?.split('\n').slice(0, 4).join(' | ') ?? `${err.name}: ${err.message}`
  return String(err)
}

/** A POST to the token, introspection or revocation endpoint, body already read. */
export function handleOAuthPost(
  endpoint: OAuthEndpoint,
  req: IncomingOAuthRequest,
  svc: ServerServices,
): Promise<Reply> {
  return answer(req.trace, async () => {
    const form = readForm(req, endpoint)
    if (endpoint === 'token') return await remembered(form, svc, req.overrides)
    if (endpoint === 'introspect') return await introspect(form, svc)
    if (endpoint === 'challenge') return await authorizationChallenge(form, svc)
    return await revoke(form, svc)
  })
}

/**
 * The token request, with what the findings spanning requests need remembered (request-memory.ts):
 * a failed password grant per user, a failed request per client and the method it used. Only a
 * map lookup on success: no hash, no database read.
 */
async function remembered(
  form: FormRequest,
  svc: ServerServices,
  overrides: IssueOverrides | undefined,
): Promise<Reply> {
  const { trace } = form
  try {
    const reply = await tokenRequest(form, svc, overrides)
    if (trace.clientId !== undefined) svc.memory.succeeded(trace.clientId)
    return reply
  } catch (err) {
    const now = svc.now()
    if (trace.clientId !== undefined && trace.authMethod !== undefined) {
      svc.memory.failedWith(trace.clientId, trace.authMethod, now)
    }
    if (err instanceof OAuthError && err.code === 'invalid_grant' && trace.grantType === 'password' && trace.username) {
      const failures = svc.memory.loginFailed(trace.username, now)
      if (failures >= BURST_FAILURES) {
        const { lockout } = svc.store.settings.get()
        trace.finding(findings.failureBurst(trace.username, failures, BURST_WINDOW_MS / 1000, lockout.enabled))
      }
    }
    throw err
  }
}

/** auth_method_switched: this client failed a moment ago authenticating another way. */
function noteSwitch(svc: ServerServices, clientId: string, method: AuthMethod, trace: Trace): void {
  const before = svc.memory.switchedFrom(clientId, method, svc.now())
  if (before === null) return
  trace.info('client_auth.retry', `the last request of "${clientId}" failed with ${before.method}; now ${method}`)
  trace.finding(findings.authMethodSwitched(clientId, before.method, method, before.ms))
}

async function tokenRequest(
  form: FormRequest,
  svc: ServerServices,
  overrides: IssueOverrides | undefined,
): Promise<Reply> {
  const { params, trace } = form
  // Everything that needs no hash first: credentials syntax, grant type, params, scope syntax.
  const credentials = readClientCredentials(form.basic, params, trace)
  if (trace.clientId !== undefined) noteSwitch(svc, trace.clientId, credentials.method, trace)

  const grantType = params.get('grant_type')
  if (grantType === undefined) {
    trace.fail('grant_type', 'missing')
    throw new OAuthError('invalid_request', 'Missing parameter: grant_type.')
  }
  trace.grantType = grantType
  const grant = GRANTS.get(grantType)
  // The authorization_code grant refines this to the flow its code came from.
  if (grant !== undefined) trace.flow = grant.type
  if (grant === undefined) {
    trace.fail('grant_type', `"${grantType}" is not supported (${[...GRANTS.keys()].join(', ')})`)
    throw unsupportedGrantType(grantType)
  }
  // OAuth 2.1 drops the password grant: disabled, it gets the very answer of an unknown grant type.
  const disabled = grant.type === 'password' ? passwordGrantDisabled(svc, credentials) : null
  if (disabled !== null) {
    trace.fail('grant_type', disabled)
    throw unsupportedGrantType(grantType)
  }
  trace.ok('grant_type', grantType)
  const missing = grant.requiredParams.filter((p) => !params.has(p))
  if (missing.length > 0) {
    trace.fail('grant.params', `missing: ${missing.join(', ')}`)
    throw new OAuthError('invalid_request', `Missing parameter: ${missing.join(', ')}.`)
  }
  grant.precheck?.(params, trace)
  const requestedScope = parseScope(params.get('scope'))

  const client = await authenticateClient(svc, credentials, trace)
  trace.clientId = client.clientId

  // RFC 6749 §5.2 unauthorized_client: "The authenticated client is not authorized to use this
  // authorization grant type."
  if (!client.grantTypes.includes(grant.type)) {
    trace.fail('grant.allowed', `client "${client.clientId}" may use ${client.grantTypes.join(', ') || 'no grant'}`)
    throw new OAuthError('unauthorized_client', `This client is not allowed the ${grant.type} grant.`)
  }
  trace.ok('grant.allowed', `${grant.type} is allowed for "${client.clientId}"`)

  const headers: HeaderList = []
  const body = await grant.handle({
    svc,
    params,
    client,
    requestedScope,
    trace,
    headers,
    ...(overrides && { overrides }),
  })
  return jsonReply(200, body, [...NO_STORE, ...headers])
}

/** RFC 6749 §5.2 unsupported_grant_type: one answer whatever the reason. */
function unsupportedGrantType(grantType: string): OAuthError {
  return new OAuthError('unsupported_grant_type', `The grant type '${grantType}' is not supported.`)
}
