// The settings form's fields, one line each (SETTINGS_FIELDS in shared/ has their schema and range);
// a path puts a field where the LabApi input has it (`lockout.maxFailures`).
import type { Settings } from '../../../shared/model'
import type { PasswordGrantMode } from '../../../shared/password-grant'
import type { TokenFormat } from '../../../shared/wire'
import { asIs, trimmed, trimmedOrNull, wholeNumber } from '../../lib/form-fields'

export const SETTINGS_FORM = {
  issuer: trimmedOrNull(),
  port: wholeNumber({ example: '8443' }),
  tokenFormat: asIs<TokenFormat>(),
  jwtAlg: asIs<Settings['jwtAlg']>(),
  audience: asIs(),
  accessTokenTtl: wholeNumber({ unit: 'seconds', example: '300' }),
  refreshTokenTtl: wholeNumber({ unit: 'seconds', example: '3600' }),
  refreshTokenRotation: asIs<boolean>(),
  lockoutEnabled: asIs<boolean>('lockout.enabled'),
  maxFailures: wholeNumber({ path: 'lockout.maxFailures', example: '5' }),
  lockSeconds: wholeNumber({ path: 'lockout.lockSeconds', unit: 'seconds', example: '300' }),
  passwordGrant: asIs<PasswordGrantMode>(),
  /** IMF-fixdate text; '' means none (the deprecation moment is then recorded when it starts). */
  passwordGrantDeprecatedAt: trimmedOrNull(),
  passwordGrantSunset: trimmedOrNull(),
  passwordGrantDeprecationLink: trimmed(),
  revokeRefreshTokensOnPasswordChange: asIs<boolean>(),
  bcryptCost: wholeNumber({ example: '10' }),
  exchangeRetention: wholeNumber({ example: '10000' }),
}

const DAY_MS = 86_400_000

/**
 * RFC 9110 §5.6.7: an IMF-fixdate, the form `Date.prototype.toUTCString` writes, at midnight GMT `days`
 * from now — a placeholder that reads as a plausible value (a sunset lies ahead).
 */
export function httpDateInDays(days: number, now = Date.now()): string {
  const midnight = Math.floor(now / DAY_MS) * DAY_MS
  return new Date(midnight + days * DAY_MS).toUTCString()
}
