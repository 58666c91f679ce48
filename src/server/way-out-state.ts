// What the way-out flows keep between requests, in memory only and bounded: authorization codes
// (RFC 6749 §4.1.2: short-lived, single use), the challenge endpoint's auth sessions
// (draft-ietf-oauth-first-party-apps §5.2.1) and the sign-in pages waiting for their form.
// Every entry is keyed by the SHA-256 digest of the value handed out, never by the value itself,
// so a heap dump holds no usable code or session.
import type { Flow } from '../shared/wire'
import { newOpaqueToken, tokenDigest } from './tokens/opaque'
import {
  AUTH_SESSION_TTL_MS,
  CODE_TTL_MS,
  SIGN_IN_TTL_MS,
  USED_CODE_MEMORY_MS,
  WAY_OUT_STATE_LIMIT,
} from '../shared/limits'
export { AUTH_SESSION_TTL_MS, CODE_TTL_MS, SIGN_IN_TTL_MS }

/** A map of digests to entries that expire; the oldest entry goes when it is full. */
export class ExpiringMap<T extends { expiresAt: number }> {
  readonly #entries = new Map<string, T>()

  constructor(private readonly keepAfterExpiry = 0) {}

  /** Stores `entry` under a fresh random value and returns that value (the only copy). */
  put(entry: T, now: number): string {
    this.prune(now)
    if (this.#entries.size >= WAY_OUT_STATE_LIMIT) {
      const oldest = this.#entries.keys().next().value
      if (oldest !== undefined) this.#entries.delete(oldest)
    }
    const value = newOpaqueToken()
    this.#entries.set(tokenDigest(value), entry)
    return value
  }

  /** The entry for a value handed out by put, even expired (within keepAfterExpiry), or null. */
  get(value: string): T | null {
    return this.#entries.get(tokenDigest(value)) ?? null
  }

  delete(value: string): void {
    this.#entries.delete(tokenDigest(value))
  }

  get size(): number {
    return this.#entries.size
  }

  private prune(now: number): void {
    for (const [k, e] of this.#entries) if (e.expiresAt + this.keepAfterExpiry <= now) this.#entries.delete(k)
  }
}

export interface CodeGrant {
  clientId: string
  username: string
  /**
   * RFC 6749 §4.1.3: the redirect_uri the token request must repeat; null when the authorization
   * request had none — the challenge endpoint's (draft §6.1), or the one registered URI used by
   * default (§3.1.2.3), which the token request then need not name.
   */
  redirectUri: string | null
  /** RFC 7636 §4.4: the S256 challenge the verifier must hash to. */
  codeChallenge: string
  scope: string
  flow: Extract<Flow, 'authorization_code' | 'authorization_challenge'>
  expiresAt: number
  /** Set on first redemption: the code is then spent. */
  usedAt: number | null
  /** Digests of the tokens its redemption issued: revoked if the code comes back (RFC 6749 §4.1.2). */
  issuedDigests: string[]
  /**
   * Set when the code came back while its first redemption was still signing tokens (nothing to
   * revoke yet): that redemption revokes what it issued as soon as it is stored.
   */
  replayed: boolean
}

export interface AuthSession {
  clientId: string
  /** The user whose password was verified; the second factor is what is missing. */
  username: string
  codeChallenge: string
  scope: string
  expiresAt: number
}

export interface PendingSignIn {
  /** The authorization request, checked when the page was shown. */
  request: {
    clientId: string
    redirectUri: string
    /** Whether the request named redirect_uri (RFC 6749 §4.1.3: then the token request must repeat it). */
    redirectUriGiven: boolean
    state: string | null
    codeChallenge: string
    scope: string
  }
  /** Digest of the cookie set with the page: the form must come back from the same browser. */
  cookieDigest: string
  /** Set once the password was verified and the second factor is asked for. */
  passwordVerifiedFor: string | null
  expiresAt: number
}

/** What the authorization and challenge endpoints say about a code they issue; the rest is the same for both. */
export type NewCode = Omit<CodeGrant, 'expiresAt' | 'usedAt' | 'issuedDigests' | 'replayed'>

/** Everything the way-out flows remember between requests. */
export class WayOutState {
  readonly codes = new ExpiringMap<CodeGrant>(USED_CODE_MEMORY_MS)
  readonly sessions = new ExpiringMap<AuthSession>()
  readonly signIns = new ExpiringMap<PendingSignIn>()

  /** A fresh code, unused, valid CODE_TTL_MS (RFC 6749 §4.1.2: short-lived); returns the only copy of its value. */
  issueCode(code: NewCode, now: number): string {
    return this.codes.put(
      { ...code, expiresAt: now + CODE_TTL_MS, usedAt: null, issuedDigests: [], replayed: false },
      now,
    )
  }
}
