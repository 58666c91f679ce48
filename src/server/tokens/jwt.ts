// JWT access tokens per RFC 9068: header `typ: at+jwt` (§2.1) and the `kid` of a key published
// in the JWKS; never `alg: none` (the algorithm comes from our own key, not from input).
import { SignJWT } from 'jose'
import type { ActiveKey } from './signing-keys'

export interface AccessTokenClaims {
  iss: string
  aud: string
  sub: string
  client_id: string
  iat: number
  exp: number
  jti: string
  scope: string
}

/**
 * Signs an access token. The user's claims go in first and ours after, so a user claim named
 * `sub` or `scope` can never override what the server asserts (RFC 9068 §2.2).
 */
export function signAccessToken(
  key: ActiveKey,
  claims: AccessTokenClaims,
  userClaims: Record<string, unknown>,
): Promise<string> {
  return new SignJWT({ ...userClaims, ...claims })
    .setProtectedHeader({ alg: key.alg, typ: 'at+jwt', kid: key.kid })
    .sign(key.key)
}
