// The second factor: time-based one-time passwords, RFC 6238 (HOTP, RFC 4226, over 30-second steps),
// with the otpauth library. The shared key is base32 as authenticator apps read it (the otpauth://
// URI of Google Authenticator's Key Uri Format). A code is accepted one step either side of now
// (RFC 6238 §5.2: allow for clock drift and transmission delay), and never twice for the same user
// (§5.2: "MUST NOT accept the second attempt of the same OTP after the successful validation").
import { Secret, TOTP } from 'otpauth'
import QRCode from 'qrcode'
import { TOTP_REPLAY_LIMIT } from '../../shared/limits'

export const TOTP_ISSUER = 'ROPC Lab'
const PERIOD = 30
const DIGITS = 6
/** RFC 6238 §5.2: one step of drift either way. */
const WINDOW = 1

/** RFC 4226 §4 R6: at least 128 bits of key; 160 (the SHA-1 block's output size) as apps expect. */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32
}

/** True when the text is a base32 key otpauth can read (what a workspace file may carry). */
export function isTotpSecret(text: string): boolean {
  if (!/^[A-Z2-7]+=*$/i.test(text) || text.length < 16) return false
  try {
    Secret.fromBase32(text)
    return true
  } catch {
    return false
  }
}

function totp(secret: string, username: string): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label: username,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  })
}

/** The code an authenticator shows at `now` (for a trainer without a phone). */
export function currentTotp(secret: string, username: string, now: number): { code: string; expiresAt: number } {
  const step = Math.floor(now / 1000 / PERIOD)
  return { code: totp(secret, username).generate({ timestamp: now }), expiresAt: (step + 1) * PERIOD * 1000 }
}

/** The enrolment URI and its QR code (an SVG document) for a phone authenticator. */
export async function totpEnrolment(secret: string, username: string): Promise<{ uri: string; qrSvg: string }> {
  const uri = totp(secret, username).toString()
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
  return { uri, qrSvg }
}

/** The workspace's lockout policy (settings.lockout), applied to the second factor on its own. */
export interface SecondFactorPolicy {
  enabled: boolean
  maxFailures: number
  lockSeconds: number
}

/** What is remembered per user: the last step accepted (§5.2 replay), wrong codes since, a lock. */
interface UserTotpState {
  lastStep: number | null
  failures: number
  lockedUntil: number | null
}

type TotpVerdict = 'ok' | 'wrong' | 'replayed' | 'locked'

/**
 * Checks codes against keys and remembers, per user, the last step a code was accepted for, so a code
 * seen once (on the wire, over a shoulder) cannot be replayed within its window; and the wrong codes
 * since the last accepted one. RFC 6238 §5.2 / RFC 4226 §7.3 ask for throttling: after the lockout
 * policy's maxFailures wrong codes the user's second factor is locked for lockSeconds, and no code —
 * not even the right one — is checked until then. This count is the second factor's own: the right
 * password, which resets the password's count at the token endpoint, does not reset it, so knowing
 * the password never buys more than maxFailures guesses of six digits per lock. In memory only.
 */
export class TotpVerifier {
  readonly #users = new Map<string, UserTotpState>()

  verify(secret: string, username: string, code: string, now: number, policy: SecondFactorPolicy): TotpVerdict {
    const state = this.#users.get(username) ?? { lastStep: null, failures: 0, lockedUntil: null }
    if (policy.enabled && state.lockedUntil !== null && state.lockedUntil > now) return 'locked'
    const delta = /^\d{6}$/.test(code)
      ? totp(secret, username).validate({ token: code, timestamp: now, window: WINDOW })
      : null
    if (delta === null) {
      const failures = state.lockedUntil === null ? state.failures + 1 : 1
      const locks = policy.enabled && failures >= policy.maxFailures
      this.#remember(username, { ...state, failures, lockedUntil: locks ? now + policy.lockSeconds * 1000 : null })
      return 'wrong'
    }
    const step = Math.floor(now / 1000 / PERIOD) + delta
    if (state.lastStep !== null && step <= state.lastStep) return 'replayed'
    this.#remember(username, { lastStep: step, failures: 0, lockedUntil: null })
    return 'ok'
  }

  /** Users remembered now (at most TOTP_REPLAY_LIMIT). */
  get size(): number {
    return this.#users.size
  }

  #remember(username: string, state: UserTotpState): void {
    this.#users.delete(username)
    if (this.#users.size >= TOTP_REPLAY_LIMIT) {
      // The oldest entry goes: its steps are long past any window, its lock most likely over.
      const oldest = this.#users.keys().next().value
      if (oldest !== undefined) this.#users.delete(oldest)
    }
    this.#users.set(username, state)
  }
}
