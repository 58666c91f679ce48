// One check of a resource owner's username and password, with the lockout gate, for every sign-in
// path (the password grant today; a sign-in page or a challenge endpoint call the same function).
//
// RFC 6749 §4.3.2 asks the endpoint to protect itself against brute force. The limit has to hold
// under concurrency: the attempt is counted *before* the bcrypt compare, synchronously (the store is
// synchronous, so no other request runs between the read and the count). A burst of N guesses
// therefore pays at most `maxFailures` compares against the user's hash; the rest find the user
// locked and pay one compare against a dummy hash of the same cost instead, so the answer and its
// timing look like any other failure. A success resets the count (failures are consecutive).
import type { UserRecord } from '../../store/index'
import { dummyCost } from '../credentials/dummy-hashes'
import { HashPoolBusyError } from '../credentials/hash-pool'
import type { ServerServices } from '../services'
import type { Trace } from './trace'

export type UserVerification =
  | { ok: true; user: UserRecord }
  | { ok: false; reason: 'unknown' | 'locked' | 'disabled' | 'wrong'; user: UserRecord | null }

type Services = Pick<ServerServices, 'store' | 'hashPool' | 'dummy' | 'writes' | 'now'>

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

/**
 * Admit one attempt: 'locked' when the user is locked now; otherwise the attempt is counted already
 * (lockout on) and the compare may run. A lock that has run out is cleared first.
 */
function admit(svc: Services, user: UserRecord, now: number, trace: Trace): 'locked' | 'counted' | 'uncounted' {
  const { store, writes } = svc
  const policy = store.settings.get().lockout
  if (!policy.enabled) {
    trace.info('user.lockout', 'lockout is turned off (settings.lockout.enabled = false)')
    return 'uncounted'
  }
  if (user.lockedUntilMs !== null && user.lockedUntilMs > now) {
    trace.fail('user.lockout', `locked until ${iso(user.lockedUntilMs)} (${user.failedAttempts} consecutive failures)`)
    return 'locked'
  }
  let before = user.failedAttempts
  if (user.lockedUntilMs !== null) {
    writes.write(() => store.users.resetFailures(user.username))
    trace.info('user.lockout', `the lock ran out at ${iso(user.lockedUntilMs)}; failure count reset`)
    before = 0
  }
  writes.write(() => store.users.recordFailure(user.username, policy, now))
  trace.ok(
    'user.lockout',
    `not locked (${before} of ${policy.maxFailures} consecutive failures); this attempt is counted before the compare`,
  )
  return 'counted'
}

/** After a wrong password: count it when the gate did not, and say where the count stands. */
function reportFailure(svc: Services, username: string, counted: boolean, now: number, trace: Trace): void {
  const { store, writes } = svc
  const policy = store.settings.get().lockout
  const after = counted
    ? store.users.get(username)
    : writes.write(() => store.users.recordFailure(username, policy, now))
  if (after === null) return
  if (policy.enabled && after.lockedUntilMs !== null && after.lockedUntilMs > now) {
    trace.fail(
      'user.lockout',
      `${after.failedAttempts} consecutive failures: locked until ${iso(after.lockedUntilMs)} (RFC 6749 section 4.3.2)`,
    )
  } else {
    trace.info(
      'user.lockout',
      policy.enabled
        ? `${after.failedAttempts} of ${policy.maxFailures} consecutive failures`
        : `${after.failedAttempts} consecutive failures (lockout off)`,
    )
  }
}

/**
 * Verify `password` for `username`. Every outcome pays exactly one bcrypt compare at the workspace's
 * cost (RFC 6749 §4.3.2, §10.7: no timing oracle for "exists", "locked" or "disabled"). The caller
 * turns every refusal into the same error.
 */
export async function verifyUserPassword(
  svc: Services,
  username: string,
  password: string,
  trace: Trace,
): Promise<UserVerification> {
  const setting = svc.store.settings.get().bcryptCost
  const user = svc.store.users.get(username)
  if (user === null) {
    trace.fail('user.lookup', `no user "${username}"`)
    // At the cost the stored hashes have, which the setting may no longer say (changed since, or a
    // workspace imported with its hashes): otherwise the compare's time alone told "no such user".
    const { ms } = await svc.dummy.compare(password, dummyCost(svc.store.users.commonHashPrefix(), setting))
    trace.hash('user.password', 'fail', 'unknown user: one dummy hash compared so timing does not tell', ms)
    return { ok: false, reason: 'unknown', user: null }
  }
  trace.ok('user.lookup', `user "${username}" found`)

  const now = svc.now()
  // A compare the pool would refuse must not count as an attempt: the user never had their password
  // checked. Nothing awaits between here and the compare below, so the pool cannot fill in between.
  if (svc.hashPool.saturated()) throw new HashPoolBusyError()
  const gate = admit(svc, user, now, trace)
  if (gate === 'locked') {
    // At the cost of this user's own hash, as the compare of a wrong password would be.
    const { ms } = await svc.dummy.compare(password, dummyCost(user.passwordHash, setting))
    trace.hash('user.password', 'fail', 'locked: not compared; one dummy hash compared so timing does not tell', ms)
    trace.fail('user.refused', 'refused: the user is locked')
    return { ok: false, reason: 'locked', user }
  }
  const { match, ms } = await svc.hashPool.compare(password, user.passwordHash)
  trace.hash('user.password', match ? 'ok' : 'fail', match ? 'password verified' : 'password does not match', ms)
  // A right password alone does not end the count: the caller does (completeSignIn) once every factor is
  // right, so the password cannot reset the count while a one-time code is guessed (RFC 6238 §5.2).
  if (user.disabled) {
    trace.fail('user.refused', 'refused: the user is disabled')
    return { ok: false, reason: 'disabled', user }
  }
  if (!match) {
    reportFailure(svc, username, gate === 'counted', now, trace)
    return { ok: false, reason: 'wrong', user }
  }
  return { ok: true, user }
}

/**
 * Everything the user could prove is right (the password, and the code when one is due): no brute-force
 * failure, so the consecutive failures end (RFC 6749 §4.3.2) — also when the sign-in is then refused for
 * an expired password or a missing second factor; otherwise each such honest attempt counted and locked
 * the user out after maxFailures. Re-read: the attempt was counted before the compare, after the read.
 */
export function completeSignIn(svc: Services, username: string, trace: Trace): void {
  const current = svc.store.users.get(username)
  if (current === null || (current.failedAttempts === 0 && current.lockedUntilMs === null)) return
  svc.writes.write(() => svc.store.users.resetFailures(username))
  trace.info('user.lockout', 'every factor right: failure count reset')
}

/** A failed step after the password (a wrong one-time code): counted like a wrong password. */
export function recordSignInFailure(svc: Services, username: string, trace: Trace): void {
  reportFailure(svc, username, false, svc.now(), trace)
}

/**
 * The user a later step acts for (a code or refresh token redeemed, a second factor sent), read again:
 * one deleted or disabled since the password was verified is refused.
 */
export function activeUser(store: Services['store'], trace: Trace, username: string): UserRecord | null {
  const user = store.users.get(username)
  if (user === null || user.disabled) {
    trace.fail('user.lookup', user === null ? `user "${username}" no longer exists` : `user "${username}" is disabled`)
    return null
  }
  trace.ok('user.lookup', `user "${username}" is active`)
  return user
}

/** Is the user locked now? A later step of a multi-step sign-in checks again. */
export function isLockedNow(svc: Services, user: UserRecord, trace: Trace): boolean {
  const policy = svc.store.settings.get().lockout
  if (!policy.enabled || user.lockedUntilMs === null || user.lockedUntilMs <= svc.now()) return false
  trace.fail('user.lockout', `locked until ${iso(user.lockedUntilMs)} (${user.failedAttempts} consecutive failures)`)
  return true
}
