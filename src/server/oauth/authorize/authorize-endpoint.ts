// The authorization endpoint (RFC 6749 §3.1, §4.1.1–§4.1.2) and its sign-in page: GET checks the
// request and shows the form; POST (the form) signs the person in — password with the lockout rules,
// then the second factor — and redirects to the client with a one-time code, `state` and `iss`
// (RFC 9207). The form is bound to the browser that got the page by a cookie and a CSRF token, both
// random and kept only as digests.
import type { IncomingHttpHeaders } from 'node:http'
import type { HeaderList } from '../../../shared/exchange'
import { ENDPOINT_PATHS } from '../../../shared/wire'
import type { ServerServices } from '../../services'
import { newOpaqueToken, tokenDigest } from '../../tokens/opaque'
import { CODE_TTL_MS, SIGN_IN_TTL_MS, type PendingSignIn } from '../../way-out-state'
import { BUSY_RETRY_AFTER, traceBusy } from '../errors'
import { parseFormBody } from '../form-body'
import type { Reply } from '../reply'
import type { Trace } from '../trace'
import { signInSecondStep, signInWithPassword, type SignInOutcome } from '../user-sign-in'
import { checkAuthorizeRequest, redirectTo } from './authorize-request'
import { formActionSource, renderErrorPage, renderSignInPage, signInPageCsp } from './sign-in-page'
import { HASH_BUSY_RETRY_AFTER_S, SIGN_IN_FIELD_LIMIT } from '../../../shared/limits'
import { HashPoolBusyError } from '../../credentials/hash-pool'

const COOKIE = 'ropc_lab_sign_in'
const BAD_CREDENTIALS = 'The username or password is incorrect.'
const BAD_OTP = 'The code is not right, or was already used. Enter the current code.'
const BUSY = `The server is busy checking other sign-ins. Try again in ${HASH_BUSY_RETRY_AFTER_S} seconds.`

function htmlReply(status: number, body: string, nonce: string, redirectOrigin: string, extra: HeaderList = []): Reply {
  return {
    status,
    headers: [
      ['Content-Type', 'text/html; charset=utf-8'],
      ['Content-Security-Policy', signInPageCsp(nonce, redirectOrigin)],
      ['Cache-Control', 'no-store'],
      ['X-Frame-Options', 'DENY'],
      ['Referrer-Policy', 'no-referrer'],
      ...extra,
    ],
    body,
  }
}

function redirectReply(location: string): Reply {
  return {
    status: 302,
    headers: [
      ['Location', location],
      ['Cache-Control', 'no-store'],
    ],
    body: '',
  }
}

/**
 * Each page's cookie has its own name, derived from its CSRF token: with one name, a second sign-in
 * page opened in the same browser (another tab, another app) replaced the first page's cookie, and the
 * first form was then refused as coming from another browser.
 */
function cookieName(csrfToken: string): string {
  return `${COOKIE}_${tokenDigest(csrfToken).slice(0, 16)}`
}

function cookieOf(headers: IncomingHttpHeaders, csrfToken: string): string | undefined {
  const wanted = cookieName(csrfToken)
  for (const part of (headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === wanted) return value.join('=')
  }
  return undefined
}

interface PageOptions {
  csrfToken: string
  pending: PendingSignIn
  step: 'password' | 'otp'
  status?: number
  message?: string
  username?: string
  setCookie?: string
  headers?: HeaderList
}

function page(o: PageOptions): Reply {
  const nonce = newOpaqueToken()
  const html = renderSignInPage({
    action: ENDPOINT_PATHS.authorize,
    csrfToken: o.csrfToken,
    clientId: o.pending.request.clientId,
    scope: o.pending.request.scope,
    step: o.step,
    nonce,
    ...(o.username !== undefined && { username: o.username }),
    ...(o.message !== undefined && { message: o.message }),
  })
  const attributes = `Path=${ENDPOINT_PATHS.authorize}; Max-Age=${SIGN_IN_TTL_MS / 1000}; HttpOnly; SameSite=Strict`
  const cookie: HeaderList = o.setCookie
    ? [['Set-Cookie', `${cookieName(o.csrfToken)}=${o.setCookie}; ${attributes}`]]
    : []
  return htmlReply(o.status ?? 200, html, nonce, formActionSource(o.pending.request.redirectUri), [
    ...cookie,
    ...(o.headers ?? []),
  ])
}

/** GET: check the request; show the form, or the error (page or redirect). */
export function authorizeGet(svc: ServerServices, query: string, trace: Trace): Reply {
  const check = checkAuthorizeRequest(svc, query, trace)
  if (check.kind === 'error-page') {
    const nonce = newOpaqueToken()
    return htmlReply(check.status, renderErrorPage(check.message, nonce), nonce, "'none'")
  }
  if (check.kind === 'redirect') return redirectReply(check.location)
  const cookie = newOpaqueToken()
  const sealed = { request: check.request, cookieDigest: tokenDigest(cookie), expiresAt: svc.now() + SIGN_IN_TTL_MS }
  const csrfToken = svc.wayOut.sealPage(sealed)
  trace.info(
    'authorize.page',
    'sign-in page shown (CSRF token and cookie bound to this browser; the request is sealed in the form, nothing kept)',
  )
  return page({ csrfToken, pending: { ...sealed, passwordVerifiedFor: null }, step: 'password', setCookie: cookie })
}

/** The code and the redirect that carries it (RFC 6749 §4.1.2, RFC 9207 §2). */
function issueCode(svc: ServerServices, pending: PendingSignIn, username: string, trace: Trace): Reply {
  const { request } = pending
  const { clientId, codeChallenge, scope } = request
  // RFC 6749 §4.1.3: the token request repeats redirect_uri only when this request named it.
  const redirectUri = request.redirectUriGiven ? request.redirectUri : null
  const code = svc.wayOut.issueCode(
    { clientId, username, redirectUri, codeChallenge, scope, flow: 'authorization_code' },
    svc.now(),
  )
  trace.ok('authorize.code', `one-time code for "${username}", valid ${CODE_TTL_MS / 1000} s, kept as a digest`)
  return redirectReply(redirectTo(request.redirectUri, { code, state: request.state, iss: svc.issuer() }))
}

function refuse(svc: ServerServices, pending: PendingSignIn, description: string): Reply {
  const { request } = pending
  return redirectReply(
    redirectTo(request.redirectUri, {
      error: 'access_denied',
      error_description: description,
      state: request.state,
      iss: svc.issuer(),
    }),
  )
}

/** A form whose page is gone (expired, spent) or came from another browser: start again. */
function formSpentReply(): Reply {
  const nonce = newOpaqueToken()
  return htmlReply(
    400,
    renderErrorPage(
      'This sign-in form has expired or did not come from this browser. Start again from the application.',
      nonce,
    ),
    nonce,
    "'none'",
  )
}

/** What a sign-in outcome becomes on the page. */
function answerOutcome(
  svc: ServerServices,
  outcome: SignInOutcome,
  ctx: { csrfToken: string; pending: PendingSignIn; username: string; trace: Trace },
): Reply {
  const { csrfToken, pending, username, trace } = ctx
  const progress = (passwordVerifiedFor: string | null, spent: boolean) =>
    svc.wayOut.signIns.set(csrfToken, { passwordVerifiedFor, spent, expiresAt: pending.expiresAt }, svc.now())
  // The same form posted again while this one's password was being compared may have been
  // answered already: one page, one sign-in (the form is spent once it is answered for good).
  const final = outcome.kind === 'ok' || outcome.kind === 'no_second_factor' || outcome.kind === 'password_expired'
  if (final) {
    if (svc.wayOut.signIns.get(csrfToken)?.spent === true) {
      trace.fail('authorize.csrf', 'this sign-in form was used already (posted again at the same time)')
      return formSpentReply()
    }
    progress(null, true)
  }
  switch (outcome.kind) {
    case 'ok':
      return issueCode(svc, pending, outcome.user.username, trace)
    case 'otp_required':
      progress(outcome.user.username, false)
      return page({ csrfToken, pending, step: 'otp', username })
    case 'otp_invalid':
      return page({ csrfToken, pending, step: 'otp', username, status: 400, message: BAD_OTP })
    case 'bad_credentials':
      // Back to the password step (a lock since the password, or a wrong one): not for a spent form.
      if (svc.wayOut.signIns.get(csrfToken)?.spent === false) svc.wayOut.signIns.delete(csrfToken)
      return page({ csrfToken, pending, step: 'password', username, status: 400, message: BAD_CREDENTIALS })
    case 'no_second_factor':
      return refuse(svc, pending, 'This user must sign in with a second factor but has none enrolled.')
    case 'password_expired':
      return refuse(svc, pending, 'The password has expired and must be changed first.')
  }
}

function formField(params: Map<string, string>, name: string): string | undefined {
  const v = params.get(name)
  return v === undefined || v.length > SIGN_IN_FIELD_LIMIT ? undefined : v
}

/**
 * The posted form's page, opened and checked: sealed by this server, not expired, not spent, and posted by the
 * browser that got it (its cookie); else why not, for the trace.
 */
function openForm(
  svc: ServerServices,
  headers: IncomingHttpHeaders,
  csrfToken: string | undefined,
): { csrfToken: string; pending: PendingSignIn } | string {
  const sealed = csrfToken === undefined ? null : svc.wayOut.openPage(csrfToken)
  if (csrfToken === undefined || sealed === null) return 'no sign-in page sealed this CSRF token'
  if (sealed.expiresAt <= svc.now()) return 'the sign-in page expired'
  const progress = svc.wayOut.signIns.get(csrfToken)
  if (progress?.spent === true) return 'this sign-in form was used already'
  const cookie = cookieOf(headers, csrfToken)
  if (cookie === undefined || tokenDigest(cookie) !== sealed.cookieDigest) {
    return 'the cookie of the page is missing or another'
  }
  return { csrfToken, pending: { ...sealed, passwordVerifiedFor: progress?.passwordVerifiedFor ?? null } }
}

/** POST: the sign-in form. */
export async function authorizePost(
  svc: ServerServices,
  headers: IncomingHttpHeaders,
  body: Buffer,
  trace: Trace,
): Promise<Reply> {
  trace.flow = 'authorization_code'
  trace.grantType = 'authorization_code'
  const form = parseFormBody(body)
  const params = form.ok ? form.params : new Map<string, string>()
  // The token carries the sealed page (bounded by AUTHORIZE_QUERY_LIMIT, within BODY_LIMIT), so it is
  // not held to SIGN_IN_FIELD_LIMIT.
  const opened = openForm(svc, headers, params.get('csrf_token'))
  if (typeof opened === 'string') {
    trace.fail('authorize.csrf', opened)
    return formSpentReply()
  }
  const { csrfToken, pending } = opened
  trace.ok('authorize.csrf', 'CSRF token and cookie match the sign-in page')
  const client = svc.store.clients.get(pending.request.clientId)
  if (client === null) return refuse(svc, pending, 'The client no longer exists.')
  trace.clientId = client.clientId
  const otp = formField(params, 'otp')
  if (pending.passwordVerifiedFor !== null) {
    const username = pending.passwordVerifiedFor
    trace.username = username
    const outcome = signInSecondStep(svc, trace, username, otp)
    return answerOutcome(svc, outcome, { csrfToken, pending, username, trace })
  }
  const username = formField(params, 'username') ?? ''
  const password = formField(params, 'password') ?? ''
  let outcome: SignInOutcome
  try {
    outcome = await signInWithPassword(svc, trace, { username, password, otp })
  } catch (err) {
    if (!(err instanceof HashPoolBusyError)) throw err
    // A person at a browser gets the same form back, still good, rather than the token endpoint's JSON: 503 with
    // Retry-After (RFC 9110 §15.6.4), no attempt counted.
    traceBusy(trace)
    return page({
      csrfToken,
      pending,
      step: 'password',
      username,
      status: 503,
      message: BUSY,
      headers: BUSY_RETRY_AFTER,
    })
  }
  return answerOutcome(svc, outcome, { csrfToken, pending, username, trace })
}
