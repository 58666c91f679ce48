// The registry of access-token formats, built once per server. `satisfies` makes a new TokenFormat without a
// strategy a compile error rather than a runtime surprise.
import type { AccessTokenFormats, FormatDeps } from './access-token-format'
import { jwtFormat } from './jwt-format'
import { opaqueFormat } from './opaque-format'

export function accessTokenFormats(deps: FormatDeps): AccessTokenFormats {
  return { opaque: opaqueFormat, jwt: jwtFormat(deps) } satisfies AccessTokenFormats
}
