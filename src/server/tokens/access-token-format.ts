// One strategy per access-token format (architecture.md "Token formats as strategies chosen once"): the token
// service looks the format up once per response and never branches on it. Refresh tokens are not here: they are
// always opaque, since only this server reads them.
import type { Settings } from '../../shared/model'
import type { TokenFormat } from '../../shared/wire'
import type { AccessTokenClaims } from './jwt'
import type { SigningKeys } from './signing-keys'

/** What a format needs to mint one access token. */
export interface MintInput {
  settings: Settings
  /** The claims the server asserts (RFC 9068 §2.2), times already shifted by a clock-skew fault. */
  claims: AccessTokenClaims
  userClaims: Record<string, unknown>
}

export interface MintedAccessToken {
  token: string
  /** The decision trace's `token.format` line. */
  traceDetail: string
}

export interface AccessTokenFormat {
  mint(input: MintInput): Promise<MintedAccessToken>
}

export type AccessTokenFormats = Readonly<Record<TokenFormat, AccessTokenFormat>>

export interface FormatDeps {
  keys: SigningKeys
}
