// JWT access tokens (RFC 9068): signed with the active key of the configured algorithm.
import type { AccessTokenFormat, FormatDeps, MintInput, MintedAccessToken } from './access-token-format'
import { signAccessToken } from './jwt'

export function jwtFormat({ keys }: FormatDeps): AccessTokenFormat {
  return {
    async mint({ settings, claims, userClaims }: MintInput): Promise<MintedAccessToken> {
      const key = await keys.active(settings.jwtAlg)
      const token = await signAccessToken(key, claims, userClaims)
      return { token, traceDetail: `jwt (RFC 9068, ${key.alg}, kid ${key.kid})` }
    },
  }
}
