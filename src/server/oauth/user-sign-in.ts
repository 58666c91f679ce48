// A person signing in to the lab's own pages and the challenge endpoint: the password grant's rules
// on every path (way-out.md "The same rules as everywhere") — one bcrypt compare whatever the user,
// lockout, disabled — then the second factor (RFC 6238) and an expired password. Where the password
// grant must refuse a user who needs a second factor (RFC 9700 §2.4), these flows ask for it.
import type { UserRecord } from '../../store/index'
import type { ServerServices } from '../services'
import type { Trace } from './trace'
import { activeUser, completeSignIn, isLockedNow, recordSignInFailure, verifyUserPassword } from './user-verification'

export type SignInOutcome =
  | { kind: 'ok'; user: UserRecord }
  /** Unknown user, wrong password, locked or disabled: one answer for all (RFC 6749 §4.3.2's reasoning). */
  | { kind: 'bad_credentials' }
  /** The password was right; the second factor is asked for. */
  | { kind: 'otp_required'; user: UserRecord }
  | { kind: 'otp_invalid' }
  /** The user must use a second factor but has none enrolled. */
  | { kind: 'no_second_factor' }
  | { kind: 'password_expired' }

const SECOND_FACTOR_REFUSAL = {
  wrong: 'the one-time code does not match (RFC 6238, one step of drift allowed)',
  replayed: 'this one-time code was already used (RFC 6238 section 5.2 forbids accepting it twice)',
  locked:
    'not checked: too many wrong one-time codes, the second factor is locked (RFC 6238 section 5.2, RFC 4226 section 7.3)',
} as const

/** Does this user sign in with a second factor? Holding one means using it; requiresMfa demands one. */
export function needsSecondFactor(user: UserRecord): boolean {
  return user.totpSecret !== null || user.requiresMfa
}

/** Password first (with the lockout rules), then — when given — the one-time code. */
export async function signInWithPassword(
  svc: ServerServices,
  trace: Trace,
  credentials: { username: string; password: string; otp: string | undefined },
): Promise<SignInOutcome> {
  const { username, password } = credentials
  trace.username = username
  // The password grant's own check (one compare whatever the user, lockout counted before it); the
  // count is reset only once the whole sign-in, second factor included, has succeeded.
  const verified = await verifyUserPassword(svc, username, password, trace)
  if (!verified.ok) return { kind: 'bad_credentials' }
  const { user } = verified
  // A user with a key enrolled is asked for the code; one who needs a second factor but has none is
  // refused by finishSignIn.
  if (user.totpSecret !== null && credentials.otp === undefined) {
    trace.info('user.second_factor', 'password verified; the one-time code (RFC 6238) is asked for')
    return { kind: 'otp_required', user }
  }
  return finishSignIn(svc, trace, user, credentials.otp, { otpFailureCounted: true })
}

/** After the password: the second factor (when the user has one) and the password's expiry. */
function finishSignIn(
  svc: ServerServices,
  trace: Trace,
  user: UserRecord,
  otp: string | undefined,
  // With the password in the same request the attempt was counted before the compare already.
  options: { otpFailureCounted: boolean } = { otpFailureCounted: false },
): SignInOutcome {
  const now = svc.now()
  if (needsSecondFactor(user)) {
    if (user.totpSecret === null) {
      trace.fail('user.second_factor', 'the user must use a second factor but has no TOTP secret enrolled')
      completeSignIn(svc, user.username, trace)
      return { kind: 'no_second_factor' }
    }
    const policy = svc.store.settings.get().lockout
    const verdict = otp === undefined ? 'wrong' : svc.totp.verify(user.totpSecret, user.username, otp, now, policy)
    if (verdict !== 'ok') {
      // A locked second factor answers like a wrong code: the guesser cannot tell it was not checked.
      trace.fail('user.second_factor', SECOND_FACTOR_REFUSAL[verdict])
      // A wrong code counts as a failed sign-in: guessing six digits is a brute force too.
      if (!options.otpFailureCounted) recordSignInFailure(svc, user.username, trace)
      return { kind: 'otp_invalid' }
    }
    trace.ok('user.second_factor', 'one-time code verified (RFC 6238)')
  }
  if (user.passwordExpired) {
    trace.fail('user.password_expired', 'the password has expired and must be changed first')
    completeSignIn(svc, user.username, trace)
    return { kind: 'password_expired' }
  }
  completeSignIn(svc, user.username, trace)
  trace.ok('user.signed_in', `"${user.username}" signed in`)
  return { kind: 'ok', user }
}

/**
 * The second step of the challenge endpoint and the sign-in page, for the user whose password was
 * verified earlier: read again, so a deletion, a disabling or a lock since still counts.
 */
export function signInSecondStep(
  svc: ServerServices,
  trace: Trace,
  username: string,
  otp: string | undefined,
): SignInOutcome {
  const user = activeUser(svc.store, trace, username)
  if (user === null || isLockedNow(svc, user, trace)) return { kind: 'bad_credentials' }
  return finishSignIn(svc, trace, user, otp)
}
