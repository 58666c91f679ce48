// What the endpoints need, composed once by createTokenServer. Endpoints receive this object
// rather than reaching for globals, so tests and the lab build one per server.
import type { Store } from '../store/index'
import type { HashPool } from './credentials/hash-pool'
import type { GroupCommit } from './group-commit'
import type { SecretVerificationCache } from './credentials/secret-cache'
import type { DummyHashes } from './credentials/dummy-hashes'
import type { RequestMemory } from './request-memory'
import type { SigningKeys } from './tokens/signing-keys'
import type { TokenService } from './tokens/token-service'
import type { TotpVerifier } from './credentials/totp'
import type { WayOutState } from './way-out-state'

export interface ServerServices {
  store: Store
  hashPool: HashPool
  secretCache: SecretVerificationCache
  dummy: DummyHashes
  keys: SigningKeys
  tokens: TokenService
  /** Every write of a request goes through here (one commit per event-loop turn). */
  writes: GroupCommit
  /** Recent failures by client and user, in memory, for the findings that span requests. */
  memory: RequestMemory
  /** Authorization codes, auth sessions and sign-in pages in flight (in memory, bounded). */
  wayOut: WayOutState
  /** RFC 6238 codes, with replay refused. */
  totp: TotpVerifier
  /** Epoch ms. */
  now(): number
  /** RFC 8414 issuer: settings.issuer or the listening URL. */
  issuer(): string
}
