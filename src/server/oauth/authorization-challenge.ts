// The authorization challenge endpoint, draft-ietf-oauth-first-party-apps-04 §4.1, §5, §6: a
// first-party app sends the user's credentials itself and gets an authorization code, redeemed at
// the token endpoint with the PKCE verifier. A second factor is asked for with insufficient_authorization
// and an auth_session (§5.2.1); a client that is not first-party is sent to the browser
// (redirect_to_web, §5.2). Client authentication as at the token endpoint (§4.1); every error is
// JSON with Cache-Control: no-store (§5.2).
import type { AuthorizationChallengeError } from '../../shared/wire'
import type { ClientRecord } from '../../store/index'
import type { ServerServices } from '../services'
import { AUTH_SESSION_TTL_MS, CODE_TTL_MS, type AuthSession } from '../way-out-state'
import { authenticateClient, readClientCredentials } from './client-auth'
import { OAuthError } from './errors'
import { findings } from './findings'
import { readCodeChallenge } from './pkce'
import { jsonReply, NO_STORE, type Reply } from './reply'
import type { FormRequest } from './request'
import { formatScope, parseScope, resolveScope } from './scope'
import type { Trace } from './trace'
import { signInSecondStep, signInWithPassword, type SignInOutcome } from './user-sign-in'

/** The draft's error codes beyond RFC 6749 §5.2, answered by this endpoint only. */
class ChallengeRefusal extends Error {
  constructor(
    readonly code: string,
    readonly description: string,
    readonly authSession?: string,
  ) {
    super(description)
  }
}

function refusalReply(r: ChallengeRefusal): Reply {
  const body: AuthorizationChallengeError = { error: r.code, error_description: r.description }
  if (r.authSession !== undefined) body.auth_session = r.authSession
  // draft §5.2: "the authorization server responds with an HTTP 400 (Bad Request) status code".
  return jsonReply(400, body, NO_STORE)
}

interface Step {
  svc: ServerServices
  client: ClientRecord
  trace: Trace
  params: Map<string, string>
}

function issueCode(step: Step, username: string, codeChallenge: string, scope: string): Reply {
  const { svc, client, trace } = step
  const code = svc.wayOut.issueCode(
    { clientId: client.clientId, username, redirectUri: null, codeChallenge, scope, flow: 'authorization_challenge' },
    svc.now(),
  )
  trace.ok('challenge.code', `authorization code for "${username}", valid ${CODE_TTL_MS / 1000} s, kept as a digest`)
  return jsonReply(200, { authorization_code: code }, NO_STORE)
}

/** What each sign-in outcome answers; `session` is the auth_session a second-factor answer carries. */
function answerOutcome(step: Step, outcome: SignInOutcome, session: AuthSession, existing?: string): Reply {
  const { svc, trace } = step
  if (outcome.kind === 'ok') {
    if (existing !== undefined) svc.wayOut.sessions.delete(existing)
    return issueCode(step, outcome.user.username, session.codeChallenge, session.scope)
  }
  if (outcome.kind === 'otp_required' || outcome.kind === 'otp_invalid') {
    const authSession = existing ?? svc.wayOut.sessions.put(session, svc.now())
    trace.info('challenge.session', 'auth_session handed out for the second factor (kept as a digest)')
    throw new ChallengeRefusal(
      'insufficient_authorization',
      outcome.kind === 'otp_required'
        ? 'A one-time code is required: send auth_session and otp (RFC 6238).'
        : 'The one-time code is wrong or was already used: send the current one with the same auth_session.',
      authSession,
    )
  }
  if (existing !== undefined) svc.wayOut.sessions.delete(existing)
  const description =
    outcome.kind === 'bad_credentials'
      ? 'The username or password is incorrect.'
      : outcome.kind === 'password_expired'
        ? 'The password has expired and must be changed first.'
        : 'This user must sign in with a second factor but has none enrolled.'
  throw new ChallengeRefusal('access_denied', description)
}

/** §5.1: a follow-up request with auth_session carries the second factor. */
async function continueSession(step: Step, authSession: string): Promise<Reply> {
  const { svc, client, trace, params } = step
  const session = svc.wayOut.sessions.get(authSession)
  if (session === null || session.expiresAt <= svc.now() || session.clientId !== client.clientId) {
    trace.fail(
      'challenge.session',
      session === null ? 'unknown or expired auth_session' : 'auth_session of another client, or expired',
    )
    throw new ChallengeRefusal(
      'invalid_session',
      'The auth_session is unknown, expired or was issued to another client.',
    )
  }
  trace.username = session.username
  trace.ok('challenge.session', `auth_session of "${session.username}"`)
  const otp = params.get('otp')
  if (otp === undefined) throw new ChallengeRefusal('invalid_request', 'Missing parameter: otp.', authSession)
  return answerOutcome(step, signInSecondStep(svc, trace, session.username, otp), session, authSession)
}

async function firstRequest(step: Step): Promise<Reply> {
  const { svc, client, trace, params } = step
  const pkce = readCodeChallenge(params)
  if (!pkce.ok) {
    if (pkce.problem === 'missing') trace.finding(findings.pkceMissing('An authorization challenge request'))
    else if (pkce.problem !== 'malformed') trace.finding(findings.pkcePlain(params.get('code_challenge_method')))
    trace.fail('challenge.pkce', pkce.description)
    throw new ChallengeRefusal('invalid_request', pkce.description)
  }
  const scope = formatScope(resolveScope(svc.store, client, parseScope(params.get('scope')), trace))
  const username = params.get('username')
  const password = params.get('password')
  if (username === undefined || password === undefined) {
    const missing = [username === undefined && 'username', password === undefined && 'password'].filter(Boolean)
    trace.fail('challenge.params', `missing: ${missing.join(', ')}`)
    throw new ChallengeRefusal('invalid_request', `Missing parameter: ${missing.join(', ')}.`)
  }
  const outcome = await signInWithPassword(svc, trace, { username, password, otp: params.get('otp') })
  const session: AuthSession = {
    clientId: client.clientId,
    username,
    codeChallenge: pkce.challenge,
    scope,
    expiresAt: svc.now() + AUTH_SESSION_TTL_MS,
  }
  return answerOutcome(step, outcome, session)
}

export async function authorizationChallenge(form: FormRequest, svc: ServerServices): Promise<Reply> {
  const { params, trace } = form
  trace.flow = 'authorization_challenge'
  try {
    const credentials = readClientCredentials(form.basic, params, trace)
    const client = await authenticateClient(svc, credentials, trace)
    trace.clientId = client.clientId
    // draft §7.1: only first-party clients may collect credentials themselves.
    if (!client.firstParty) {
      trace.fail('challenge.first_party', `"${client.clientId}" is not marked first-party: the browser it is`)
      trace.finding(findings.challengeNotFirstParty(client.clientId))
      throw new ChallengeRefusal('redirect_to_web', 'This client must use the authorization endpoint in a browser.')
    }
    if (!client.grantTypes.includes('authorization_code')) {
      trace.fail('challenge.grant', `"${client.clientId}" may not use the authorization_code grant`)
      throw new OAuthError('unauthorized_client', 'This client is not allowed the authorization_code grant.')
    }
    trace.ok('challenge.first_party', `"${client.clientId}" is first-party`)
    const step: Step = { svc, client, trace, params }
    const authSession = params.get('auth_session')
    return authSession === undefined ? await firstRequest(step) : await continueSession(step, authSession)
  } catch (err) {
    if (!(err instanceof ChallengeRefusal)) throw err
    trace.error = err.code
    trace.fail('response.error', `${err.code} (400): ${err.description}`)
    return refusalReply(err)
  }
}
