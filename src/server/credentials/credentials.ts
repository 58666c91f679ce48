// The two verifications the token endpoint needs, with the cost rules of architecture.md
// "Performance shape" built in. Unknown users and clients are not handled here: their dummy
// compare must cost what the workspace's real hashes cost (settings.bcryptCost), which the
// caller passes to dummy-hashes.ts.

import type { HashPool } from './hash-pool'
import type { SecretVerificationCache } from './secret-cache'

export interface SecretVerification {
  match: boolean
  /** Time spent hashing (0 when answered from the cache). */
  ms: number
  /** true when a previous successful verification answered without a bcrypt compare. */
  cached: boolean
}

export interface PasswordVerification {
  match: boolean
  ms: number
}

/**
 * Verify a confidential client's secret (RFC 6749 §2.3.1). A hit in the cache costs no hash; a miss
 * pays one compare and, on success only, is remembered. Failures are never cached, so a guesser
 * pays (and waits for) a full bcrypt compare on every attempt.
 */
export async function verifySecret(
  pool: HashPool,
  cache: SecretVerificationCache,
  clientId: string,
  presented: string,
  storedHash: string,
): Promise<SecretVerification> {
  if (cache.has(clientId, presented, storedHash)) return { match: true, ms: 0, cached: true }
  const { match, ms } = await pool.compare(presented, storedHash)
  if (match) cache.remember(clientId, presented, storedHash)
  return { match, ms, cached: false }
}

/** Verify a resource owner's password (RFC 6749 §4.3.2). Passwords are never cached. */
export async function verifyPassword(
  pool: HashPool,
  presented: string,
  storedHash: string,
): Promise<PasswordVerification> {
  return pool.compare(presented, storedHash)
}
