// Resource Owner Password Credentials grant, RFC 6749 §4.3.2 (and the fosite flow):
// every failure about the user is the same invalid_grant with the same description, and costs
// exactly one bcrypt compare, so neither the answer nor its timing tells an attacker whether
// the user exists, is disabled or is locked. The password is never logged or stored.
import { UNICODE_CHAR_NO_CRLF } from '../../../shared/fields'
import type { TokenResponse } from '../../../shared/wire'
import { OAuthError } from '../errors'
import { findings } from '../findings'
import { formatScope, resolveScope } from '../scope'
import type { Trace } from '../trace'
import { needsSecondFactor } from '../user-sign-in'
import { completeSignIn, verifyUserPassword } from '../user-verification'
import type { Grant, GrantContext } from './index'
import { deprecationHeaders } from './password-mode'

export const BAD_CREDENTIALS = 'The username or password is incorrect.'

const CR_LF = /[\r\n]/

function badCredentials(): OAuthError {
  return new OAuthError('invalid_grant', BAD_CREDENTIALS)
}

export const passwordGrant: Grant = {
  type: 'password',
  requiredParams: ['username', 'password'],

  precheck(params: Map<string, string>, trace: Trace): void {
    // RFC 6749 Appendix A.15, A.16: username and password are UNICODECHARNOCRLF.
    for (const name of ['username', 'password'] as const) {
      const value = params.get(name) ?? ''
      if (CR_LF.test(value)) {
        trace.fail('grant.params', `${name} contains CR or LF`)
        throw new OAuthError('invalid_request', `The ${name} must not contain CR or LF (RFC 6749 Appendix A).`)
      }
      if (!UNICODE_CHAR_NO_CRLF.test(value)) {
        trace.fail('grant.params', `${name} contains a control character (or a lone surrogate)`)
        throw new OAuthError(
          'invalid_request',
          `The ${name} must not contain control characters (RFC 6749 Appendix A).`,
        )
      }
    }
  },

  async handle(ctx: GrantContext): Promise<TokenResponse> {
    const { svc, params, client, trace } = ctx
    const username = params.get('username')!
    const password = params.get('password')!
    trace.username = username

    // Scope first: it needs no hash, so a bad scope never costs a compare.
    const scope = resolveScope(svc.store, client, ctx.requestedScope, trace)

    const verified = await verifyUserPassword(svc, username, password, trace)
    if (!verified.ok) throw badCredentials()
    const { user } = verified
    // RFC 6749 §4.3.2 counts consecutive failures, so the right password starts the count over; but
    // not for a user with a one-time-code key: their failures may be wrong codes sent to the sign-in
    // page or the challenge endpoint, and a password sent here must not clear them, or the six digits
    // could be guessed without end (RFC 6238 §5.2, RFC 4226 §7.3).
    if (user.totpSecret === null) completeSignIn(svc, username, trace)
    // Only with the password verified, so a wrong one still reads as a wrong one; the same answer
    // and the same single compare as every refusal above (RFC 6749 §4.3.2).
    if (needsSecondFactor(user)) {
      trace.fail(
        'user.mfa_required',
        user.requiresMfa
          ? 'this user must use a second factor: the password grant cannot do MFA (RFC 9700 §2.4)'
          : 'this user signs in with a one-time code (RFC 6238 key enrolled): the password grant cannot ask for it (RFC 9700 §2.4)',
      )
      throw badCredentials()
    }
    if (user.passwordExpired) {
      trace.fail(
        'user.password_expired',
        'the password has expired and must be changed first: the grant cannot lead the user to change it',
      )
      throw badCredentials()
    }
    const granted = formatScope(scope)
    const response = await svc.tokens.issue(
      {
        ...(ctx.overrides && { overrides: ctx.overrides }),
        client,
        username,
        userClaims: user.claims,
        scope: granted,
        refresh: client.grantTypes.includes('refresh_token') ? { kind: 'new' } : { kind: 'none' },
      },
      trace,
    )
    if (response === null) throw new Error('a new token family cannot lose a compare-and-set')
    trace.finding(findings.scopeWithoutConsent(client.clientId, granted))
    ctx.headers.push(...deprecationHeaders(svc, client, trace))
    return response
  },
}
