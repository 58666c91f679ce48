// Proof Key for Code Exchange, RFC 7636, in one place: the authorization endpoint and the challenge
// endpoint read the challenge, the token endpoint checks the verifier. S256 only: RFC 9700 §2.1.1
// — `plain` sends the verifier itself through the front channel, where PKCE is meant to protect it.
import { createHash, timingSafeEqual } from 'node:crypto'

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/
/** RFC 7636 §4.2: BASE64URL(SHA256(verifier)) is exactly 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9\-_]{43}$/

export type ChallengeReading =
  | { ok: true; challenge: string }
  | { ok: false; problem: 'missing' | 'plain' | 'method' | 'malformed'; description: string }

/** The code_challenge and code_challenge_method of an authorization request (RFC 7636 §4.3). */
export function readCodeChallenge(params: ReadonlyMap<string, string>): ChallengeReading {
  const challenge = params.get('code_challenge')
  const method = params.get('code_challenge_method')
  if (challenge === undefined) {
    return { ok: false, problem: 'missing', description: 'code_challenge is required (PKCE, RFC 7636 section 4.3).' }
  }
  // RFC 7636 §4.3: an absent method means plain — refused like an explicit one.
  if (method === undefined || method === 'plain') {
    return {
      ok: false,
      problem: 'plain',
      description: 'code_challenge_method must be S256; plain is not supported (RFC 9700 section 2.1.1).',
    }
  }
  if (method !== 'S256') {
    return {
      ok: false,
      problem: 'method',
      description: `code_challenge_method '${method}' is not supported; use S256.`,
    }
  }
  if (!S256_CHALLENGE.test(challenge)) {
    return {
      ok: false,
      problem: 'malformed',
      description: 'code_challenge must be BASE64URL(SHA256(code_verifier)): 43 characters (RFC 7636 section 4.2).',
    }
  }
  return { ok: true, challenge }
}

/** RFC 7636 §4.2 */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url')
}

/** RFC 7636 §4.6: does the verifier hash to the challenge the code was bound to? */
export function verifierMatches(verifier: string, challenge: string): boolean {
  if (!VERIFIER.test(verifier)) return false
  const a = Buffer.from(s256(verifier))
  const b = Buffer.from(challenge)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** RFC 7636 §4.1: a fresh verifier (32 random bytes → 43 characters). */
export function newCodeVerifier(randomBytes: (n: number) => Buffer): string {
  return randomBytes(32).toString('base64url')
}
