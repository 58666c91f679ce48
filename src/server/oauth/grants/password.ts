// Resource Owner Password Credentials grant, RFC 6749 §4.3.2 (and the fosite flow):
// every failure about the user is the same invalid_grant with the same description, and costs
// exactly one bcrypt compare, so neither the answer nor its timing tells an attacker whether
// the user exists, is disabled or is locked. The password is never logged or stored.
import type { TokenResponse } from '../../../shared/wire'
import type { UserRecord } from '../../../store/index'
import { verifyPassword } from '../../credentials/credentials'
import { OAuthError } from '../errors'
import { findings } from '../findings'
import { formatScope, resolveScope } from '../scope'
import type { Trace } from '../trace'
import type { Grant, GrantContext } from './index'
import { deprecationHeaders } from './password-mode'

export const BAD_CREDENTIALS = 'The username or password is incorrect.'

const CR_LF = /[\r\n]/

function badCredentials(): OAuthError {
  return new OAuthError('invalid_grant', BAD_CREDENTIALS)
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

/** Lock state at `now`; a lock that has run out is cleared so the user gets a fresh count. */
export function lockState(ctx: GrantContext, user: UserRecord, now: number): { locked: boolean; failures: number } {
  const { store } = ctx.svc
  const policy = store.settings.get().lockout
  const { trace } = ctx
  if (!policy.enabled) {
    trace.info('user.lockout', 'lockout is turned off (settings.lockout.enabled = false)')
    return { locked: false, failures: user.failedAttempts }
  }
  if (user.lockedUntilMs !== null && user.lockedUntilMs > now) {
    trace.fail('user.lockout', `locked until ${iso(user.lockedUntilMs)} (${user.failedAttempts} consecutive failures)`)
    return { locked: true, failures: user.failedAttempts }
  }
  if (user.lockedUntilMs !== null) {
    ctx.svc.writes.write(() => store.users.resetFailures(user.username))
    trace.info('user.lockout', `the lock ran out at ${iso(user.lockedUntilMs)}; failure count reset`)
    return { locked: false, failures: 0 }
  }
  trace.ok('user.lockout', `not locked (${user.failedAttempts} of ${policy.maxFailures} consecutive failures)`)
  return { locked: false, failures: user.failedAttempts }
}

export function recordFailure(ctx: GrantContext, username: string, now: number): void {
  const { store } = ctx.svc
  const policy = store.settings.get().lockout
  const after = ctx.svc.writes.write(() => store.users.recordFailure(username, policy, now))
  if (after === null) return
  if (policy.enabled && after.lockedUntilMs !== null && after.lockedUntilMs > now) {
    ctx.trace.fail(
      'user.lockout',
      `${after.failedAttempts} consecutive failures: locked until ${iso(after.lockedUntilMs)} (RFC 6749 section 4.3.2)`,
    )
  } else {
    ctx.trace.info(
      'user.lockout',
      policy.enabled
        ? `${after.failedAttempts} of ${policy.maxFailures} consecutive failures`
        : `${after.failedAttempts} consecutive failures (lockout off)`,
    )
  }
}

export const passwordGrant: Grant = {
  type: 'password',
  requiredParams: ['username', 'password'],

  precheck(params: Map<string, string>, trace: Trace): void {
    // RFC 6749 Appendix A.15, A.16: username and password are UNICODECHARNOCRLF.
    for (const name of ['username', 'password'] as const) {
      if (CR_LF.test(params.get(name) ?? '')) {
        trace.fail('grant.params', `${name} contains CR or LF`)
        throw new OAuthError('invalid_request', `The ${name} must not contain CR or LF (RFC 6749 Appendix A).`)
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

    const now = svc.now()
    const user = svc.store.users.get(username)
    if (user === null) {
      trace.fail('user.lookup', `no user "${username}"`)
      const { ms } = await svc.dummy.compare(password, svc.store.settings.get().bcryptCost)
      trace.hash('user.password', 'fail', 'unknown user: one dummy hash compared so timing does not tell', ms)
      throw badCredentials()
    }
    trace.ok('user.lookup', `user "${username}" found`)

    const { locked } = lockState(ctx, user, now)
    // A locked or disabled user still pays the compare: the answer must not come back faster.
    const { match, ms } = await verifyPassword(svc.hashPool, password, user.passwordHash)
    trace.hash('user.password', match ? 'ok' : 'fail', match ? 'password verified' : 'password does not match', ms)

    if (locked) {
      trace.fail('user.refused', 'refused: the user is locked (the password was compared anyway)')
      throw badCredentials()
    }
    if (user.disabled) {
      trace.fail('user.refused', 'refused: the user is disabled')
      throw badCredentials()
    }
    if (!match) {
      recordFailure(ctx, username, now)
      throw badCredentials()
    }
    // Only with the password verified, so a wrong one still reads as a wrong one; the same answer
    // and the same single compare as every refusal above (RFC 6749 §4.3.2).
    if (user.requiresMfa) {
      trace.fail(
        'user.mfa_required',
        'this user must use a second factor: the password grant cannot do MFA (RFC 9700 §2.4)',
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
    // RFC 6749 §4.3.2 lockout counts *consecutive* failures: a success starts over.
    if (user.failedAttempts > 0 || user.lockedUntilMs !== null) {
      svc.writes.write(() => svc.store.users.resetFailures(username))
      trace.info('user.lockout', 'success: failure count reset')
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
