// Opaque access tokens: 256 random bits, meaningful only to this server (introspection, RFC 7662, reads them).
import type { AccessTokenFormat, MintedAccessToken } from './access-token-format'
import { newOpaqueToken } from './opaque'

const TRACE = 'opaque (256 random bits)'

export const opaqueFormat: AccessTokenFormat = {
  // Synchronous work behind a resolved promise: the hot refresh path pays no extra tick of its own.
  mint: (): Promise<MintedAccessToken> => Promise.resolve({ token: newOpaqueToken(), traceDetail: TRACE }),
}
