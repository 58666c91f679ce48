// Opaque tokens and identifiers. 256 random bits (RFC 6749 §10.10: tokens must not be guessable;
// RFC 6819 §5.1.4.2.2 asks for at least 128 bits; we use twice that), base64url without padding
// so a token needs no escaping in a form body, a header or JSON.
import { hash, randomFillSync } from 'node:crypto'

// Random bytes are drawn from the CSPRNG in blocks and handed out once each (what node's own
// randomUUID does): one call per token costs a system call, which shows at thousands of
// refreshes per second. Every byte is used at most once, so the output is as random as direct calls.
const BLOCK = 4096
const block = Buffer.alloc(BLOCK)
let used = BLOCK

/** `n` (≤ 4096) fresh random bytes. The returned buffer is a copy: callers may keep it. */
export function randomBytesPooled(n: number): Buffer {
  if (used + n > BLOCK) {
    randomFillSync(block)
    used = 0
  }
  const out = Buffer.from(block.subarray(used, used + n))
  used += n
  return out
}

export function newOpaqueToken(): string {
  return randomBytesPooled(32).toString('base64url')
}

/** Identifiers that are not credentials (jti, family ids): 128 random bits. */
export function newId(): string {
  return randomBytesPooled(16).toString('base64url')
}

/**
 * What the store keeps instead of the token (architecture.md "Performance shape": tokens are stored as SHA-256 digests,
 * never as issued). Also used for JWTs, so introspection and revocation find them the same way.
 */
export function tokenDigest(token: string): string {
  // One-shot: createHash builds a Hash object per call, and every token request digests one to three tokens.
  return hash('sha256', token, 'base64url')
}
