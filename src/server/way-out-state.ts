// What the way-out flows keep between requests, in memory only and bounded: authorization codes
// (RFC 6749 §4.1.2: short-lived, single use), the challenge endpoint's auth sessions
// (draft-ietf-oauth-first-party-apps §5.2.1) and the progress of sign-in pages whose password was right.
// Every entry is keyed by the SHA-256 digest of the value handed out, never by the value itself,
// so a heap dump holds no usable code or session. A sign-in page itself keeps nothing here: its
// request travels sealed (HMAC-SHA-256 with a key of this process) in the form's CSRF token, so
// pages opened by anyone, in any number, cannot push out the pages of people signing in.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
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
    const value = newOpaqueToken()
    this.set(value, entry, now)
    return value
  }

  /** Stores `entry` under a value handed out elsewhere (replacing what it had). */
  set(value: string, entry: T, now: number): void {
    this.prune(now)
    const key = tokenDigest(value)
    this.#entries.delete(key)
    if (this.#entries.size >= WAY_OUT_STATE_LIMIT) {
      const oldest = this.#entries.keys().next().value
      if (oldest !== undefined) this.#entries.delete(oldest)
    }
    this.#entries.set(key, entry)
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

/** What a page's CSRF token carries, sealed: the page minus its progress. */
type SealedPage = Omit<PendingSignIn, 'passwordVerifiedFor'>

/** A page's progress, kept only once its password was right (or it was used up). */
interface SignInProgress {
  /** The user whose password was verified; the second factor is asked for. */
  passwordVerifiedFor: string | null
  /** The form was answered with a code or a final refusal: one page, one sign-in. */
  spent: boolean
  expiresAt: number
}

/** What the authorization and challenge endpoints say about a code they issue; the rest is the same for both. */
export type NewCode = Omit<CodeGrant, 'expiresAt' | 'usedAt' | 'issuedDigests' | 'replayed'>

/** Everything the way-out flows remember between requests. */
export class WayOutState {
  readonly codes = new ExpiringMap<CodeGrant>(USED_CODE_MEMORY_MS)
  readonly sessions = new ExpiringMap<AuthSession>()
  readonly signIns = new ExpiringMap<SignInProgress>()
  readonly #pageKey = randomBytes(32)

  /** The CSRF token of a new sign-in page: the page itself, sealed with this process's key. */
  sealPage(page: SealedPage): string {
    const payload = Buffer.from(JSON.stringify(page)).toString('base64url')
    return `${payload}.${this.#mac(payload)}`
  }

  /** The page a CSRF token seals, or null when it was not sealed here (forged, altered, another run). */
  openPage(token: string): SealedPage | null {
    const dot = token.lastIndexOf('.')
    if (dot < 0) return null
    const payload = token.slice(0, dot)
    const mac = Buffer.from(token.slice(dot + 1))
    const expected = Buffer.from(this.#mac(payload))
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return null
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SealedPage
    } catch {
      return null
    }
  }

  #mac(payload: string): string {
    return createHmac('sha256', this.#pageKey).update(payload).digest('base64url')
  }

  /** A fresh code, unused, valid CODE_TTL_MS (RFC 6749 §4.1.2: short-lived); returns the only copy of its value. */
  issueCode(code: NewCode, now: number): string {
    return this.codes.put(
      { ...code, expiresAt: now + CODE_TTL_MS, usedAt: null, issuedDigests: [], replayed: false },
      now,
    )
  }
}
