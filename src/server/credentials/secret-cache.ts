// Remember successful client-secret verifications (architecture.md "Performance shape"): a
// confidential client's secret costs one bcrypt hash per secret, not per request.
//
// What is kept is only a keyed digest, SHA-256 over a random 256-bit key that never leaves this
// process followed by (client id, secret, stored secret hash). So:
// - the plaintext secret is never stored, and a memory dump gives nothing to brute-force offline
//   without the key;
// - the stored hash is part of the input, so rotating the secret (new stored hash) invalidates the
//   entry without anyone having to call forget();
// - each field is length-prefixed, so ("a","bc") and ("ab","c") cannot collide.
// Why not HMAC: the digest is only ever compared with digests this process made, never with one an
// attacker supplies, so length extension (what HMAC's second pass guards against) gives nothing; and
// a one-shot hash costs a fifth of createHmac, paid on every request of a confidential client.
// Only successes are remembered: a failure must keep paying the full hash (RFC 6749 §2.3.1 asks the
// endpoint to be protected against brute force, and a cheap "no" would help a guesser).

import { hash, randomBytes } from 'node:crypto'
import { SECRET_CACHE_ENTRIES } from '../../shared/limits'

export interface SecretVerificationCacheOptions {
  /** Entries kept before the least recently used is dropped. Default 10,000. */
  maxEntries?: number
}

/** `value` preceded by its length in UTF-16 code units: read from the left, the fields cannot run into each other. */
const lengthPrefixed = (value: string): string => `${value.length}:${value}`

export class SecretVerificationCache {
  /** 256 random bits, as hex: every digest's input starts with it. */
  readonly #key = randomBytes(32).toString('hex')
  readonly #maxEntries: number
  /** digest → client id; Map order is recency (oldest first). The client id is not secret. */
  readonly #entries = new Map<string, string>()

  constructor(options: SecretVerificationCacheOptions = {}) {
    const maxEntries = options.maxEntries ?? SECRET_CACHE_ENTRIES
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`SecretVerificationCache: maxEntries must be a positive integer, got ${String(maxEntries)}`)
    }
    this.#maxEntries = maxEntries
  }

  /** Number of remembered verifications (for tests and the diagnostics view). */
  get size(): number {
    return this.#entries.size
  }

  /** true when exactly this (client, secret, stored hash) was verified successfully before. */
  has(clientId: string, secret: string, storedHash: string): boolean {
    const digest = this.#digest(clientId, secret, storedHash)
    const owner = this.#entries.get(digest)
    if (owner === undefined) return false
    // Touch: move to the most recent end so busy clients are not evicted by a burst of others.
    this.#entries.delete(digest)
    this.#entries.set(digest, owner)
    return true
  }

  /** Call only after a successful bcrypt compare of `secret` against `storedHash`. */
  remember(clientId: string, secret: string, storedHash: string): void {
    const digest = this.#digest(clientId, secret, storedHash)
    this.#entries.delete(digest)
    this.#entries.set(digest, clientId)
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next()
      if (oldest.done) break
      this.#entries.delete(oldest.value)
    }
  }

  /** Drop every entry of a client (secret rotated, client disabled or deleted). */
  forget(clientId: string): void {
    for (const [digest, owner] of this.#entries) {
      if (owner === clientId) this.#entries.delete(digest)
    }
  }

  clear(): void {
    this.#entries.clear()
  }

  #digest(clientId: string, secret: string, storedHash: string): string {
    return hash(
      'sha256',
      this.#key + lengthPrefixed(clientId) + lengthPrefixed(secret) + lengthPrefixed(storedHash),
      'base64',
    )
  }
}
