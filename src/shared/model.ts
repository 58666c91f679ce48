// The workspace as the lab sees it. Secrets and passwords never appear here: only whether
// one is set. Field names follow workspace-format.md (camelCase), not the wire.
import type { AuthMethod, GrantType, TokenFormat } from './wire'

export interface LockoutPolicy {
  enabled: boolean
  /** Consecutive failures that lock a user (RFC 6749 §4.3.2 brute-force protection). */
  maxFailures: number
  lockSeconds: number
}

export interface Settings {
  /** RFC 8414 issuer; null means "the listening URL". */
  issuer: string | null
  tokenFormat: TokenFormat
  accessTokenTtl: number
  refreshTokenTtl: number
  refreshTokenRotation: boolean
  lockout: LockoutPolicy
  bcryptCost: number
  audience: string
  /** Port the embedded server of the desktop app asks for. */
  port: number
  /** How many exchanges are kept (oldest dropped first). */
  exchangeRetention: number
  /** JWT signing algorithm for new keys. */
  jwtAlg: 'RS256' | 'ES256'
}

export const DEFAULT_SETTINGS: Settings = {
  issuer: null,
  tokenFormat: 'opaque',
  accessTokenTtl: 300,
  refreshTokenTtl: 3600,
  refreshTokenRotation: true,
  lockout: { enabled: true, maxFailures: 5, lockSeconds: 300 },
  bcryptCost: 10,
  audience: 'ropc-lab',
  port: 8443,
  exchangeRetention: 10_000,
  jwtAlg: 'RS256',
}

export interface Scope {
  name: string
  description: string
  default: boolean
}

export interface ClientView {
  clientId: string
  public: boolean
  /** true when a secret hash is stored (confidential clients). */
  hasSecret: boolean
  grantTypes: GrantType[]
  authMethods: AuthMethod[]
  scopes: string[]
  /** null: the client's allowed scopes that are marked default. */
  defaultScopes: string[] | null
  /** null: from settings. */
  tokenFormat: TokenFormat | null
  accessTokenTtl: number | null
  refreshTokenTtl: number | null
  lenientBasicAuth: boolean
}

export interface UserView {
  username: string
  disabled: boolean
  claims: Record<string, unknown>
  failedAttempts: number
  /** ISO time until which the user is locked, or null. */
  lockedUntil: string | null
}

export interface WorkspaceSnapshot {
  settings: Settings
  scopes: Scope[]
  clients: ClientView[]
  users: UserView[]
}
