// The authorization request, RFC 6749 §4.1.1 with PKCE (RFC 7636 §4.3): who asks, where the answer
// goes, and what is asked. Until client and redirect URI are established an error is shown on a page
// (RFC 6749 §4.1.2.1: "MUST NOT automatically redirect the user-agent to the invalid redirection URI");
// afterwards it goes back to the client's redirect URI with `state` and `iss` (RFC 9207 §2).
import { AUTHORIZE_QUERY_LIMIT } from '../../../shared/limits'
import type { ClientRecord } from '../../../store/index'
import type { ServerServices } from '../../services'
import type { PendingSignIn } from '../../way-out-state'
import { OAuthError } from '../errors'
import { findings } from '../findings'
import { readCodeChallenge } from '../pkce'
import { formatScope, parseScope, resolveScope } from '../scope'
import type { Trace } from '../trace'
import { matchRedirectUri } from './redirect-uri'

export type AuthorizeCheck =
  | { kind: 'error-page'; status: number; message: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'ok'; client: ClientRecord; request: PendingSignIn['request'] }

/** RFC 6749 §4.1.2 / §4.1.2.1 / RFC 9207 §2: the answer's parameters added to the redirect URI, its own query kept (§3.1.2). */
export function redirectTo(redirectUri: string, params: Record<string, string | null>): string {
  const url = new URL(redirectUri)
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.append(k, v)
  return url.href
}

function errorRedirect(
  svc: ServerServices,
  redirectUri: string,
  state: string | null,
  error: string,
  description: string,
): AuthorizeCheck {
  return {
    kind: 'redirect',
    location: redirectTo(redirectUri, { error, error_description: description, state, iss: svc.issuer() }),
  }
}

/** Single values only (RFC 6749 §3.1: "parameters MUST NOT be included more than once"). */
function readQuery(query: string): { params: Map<string, string>; repeated: string[] } {
  const params = new Map<string, string>()
  const repeated: string[] = []
  for (const [k, v] of new URLSearchParams(query)) {
    if (params.has(k)) repeated.push(k)
    else if (v !== '') params.set(k, v)
  }
  return { params, repeated }
}

/** Client and redirect URI: the two things an error can only be shown about, never redirected to. */
function establishClient(
  svc: ServerServices,
  params: Map<string, string>,
  trace: Trace,
): { client: ClientRecord; redirectUri: string } | AuthorizeCheck {
  const clientId = params.get('client_id')
  const client = clientId === undefined ? null : svc.store.clients.get(clientId)
  if (client === null) {
    trace.fail('authorize.client', clientId === undefined ? 'client_id missing' : `no client "${clientId}"`)
    return { kind: 'error-page', status: 400, message: 'The request names no known client (client_id).' }
  }
  trace.clientId = client.clientId
  trace.ok('authorize.client', `client "${client.clientId}"`)
  const requested = params.get('redirect_uri')
  // RFC 6749 §3.1.2.3: without redirect_uri, the one registered URI (if there is exactly one).
  const redirectUri =
    requested === undefined
      ? client.redirectUris.length === 1
        ? client.redirectUris[0]!
        : null
      : matchRedirectUri(client.redirectUris, requested) === null
        ? null
        : requested
  if (redirectUri === null) {
    trace.fail(
      'authorize.redirect_uri',
      requested === undefined ? 'redirect_uri missing' : `"${requested}" is not registered`,
    )
    if (requested !== undefined) trace.finding(findings.redirectUriMismatch(client.clientId, requested, 'authorize'))
    return {
      kind: 'error-page',
      status: 400,
      message:
        requested === undefined
          ? 'The request has no redirect_uri.'
          : 'The redirect_uri is not registered for this client (exact match, RFC 9700 section 4.1.3).',
    }
  }
  trace.ok('authorize.redirect_uri', `"${redirectUri}" is registered`)
  return { client, redirectUri }
}

export function checkAuthorizeRequest(svc: ServerServices, query: string, trace: Trace): AuthorizeCheck {
  if (query.length > AUTHORIZE_QUERY_LIMIT) {
    // Nothing of it is read or kept; RFC 9110 §15.5.15 names the status.
    trace.fail('authorize.request', `the query is ${query.length} bytes, over ${AUTHORIZE_QUERY_LIMIT}`)
    return { kind: 'error-page', status: 414, message: 'The authorization request is too long.' }
  }
  const { params, repeated } = readQuery(query)
  trace.flow = 'authorization_code'
  trace.grantType = 'authorization_code'
  const established = establishClient(svc, params, trace)
  if ('kind' in established) return established
  const { client, redirectUri } = established
  const state = params.get('state') ?? null
  const fail = (error: string, description: string): AuthorizeCheck => {
    trace.error = error
    trace.fail('authorize.request', `${error}: ${description}`)
    return errorRedirect(svc, redirectUri, state, error, description)
  }
  if (repeated.length > 0) return fail('invalid_request', `Parameter '${repeated[0]}' is included more than once.`)
  if (params.get('response_type') !== 'code')
    return fail('unsupported_response_type', 'Only response_type=code is supported.')
  if (!client.grantTypes.includes('authorization_code')) {
    return fail('unauthorized_client', 'This client is not allowed the authorization_code grant.')
  }
  const pkce = readCodeChallenge(params)
  if (!pkce.ok) {
    if (pkce.problem === 'missing') trace.finding(findings.pkceMissing('An authorization request'))
    else if (pkce.problem !== 'malformed') trace.finding(findings.pkcePlain(params.get('code_challenge_method')))
    return fail('invalid_request', pkce.description)
  }
  if (state === null) trace.finding(findings.stateMissing(client.clientId))
  let scope: string
  try {
    scope = formatScope(resolveScope(svc.store, client, parseScope(params.get('scope')), trace))
  } catch (err) {
    if (err instanceof OAuthError) return fail(err.code, err.description)
    throw err
  }
  trace.ok(
    'authorize.request',
    `code flow with PKCE (S256) for "${client.clientId}"${state === null ? ', no state' : ''}`,
  )
  return {
    kind: 'ok',
    client,
    request: {
      clientId: client.clientId,
      redirectUri,
      redirectUriGiven: params.has('redirect_uri'),
      state,
      codeChallenge: pkce.challenge,
      scope,
    },
  }
}
