// What the token endpoint remembers between requests, in memory only and bounded, for the findings
// no single request shows: a burst of failed logins for one user (RFC 6749 §4.3.2, RFC 6819
// §4.4.3.6) and a client that retries with another authentication method after a failure. Nothing
// here is a secret: usernames, client ids, methods and times. One per server, never stored.
import type { AuthMethod } from '../shared/wire'
import { REQUEST_MEMORY_LIMIT, REQUEST_MEMORY_TIMES } from '../shared/limits'

/** failure_burst: this many failed password grants for one username… */
export const BURST_FAILURES = 5
/** …within this window. */
export const BURST_WINDOW_MS = 60_000
/** auth_method_switched: a failure this recent, then another method. */
export const SWITCH_WINDOW_MS = 10_000

/** A Map that forgets its oldest entry (by last write) beyond `limit`. */
function setBounded<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key)
  map.set(key, value)
  if (map.size > limit) map.delete(map.keys().next().value as K)
}

export class RequestMemory {
  readonly #failedAuth = new Map<string, { method: AuthMethod; at: number }>()
  readonly #loginFailures = new Map<string, number[]>()

  constructor(private readonly limit = REQUEST_MEMORY_LIMIT) {}

  /** The method of this client's failed request of the last SWITCH_WINDOW_MS, when it differs from `method`. */
  switchedFrom(clientId: string, method: AuthMethod, now: number): { method: AuthMethod; ms: number } | null {
    const last = this.#failedAuth.get(clientId)
    if (last === undefined) return null
    const ms = now - last.at
    if (ms > SWITCH_WINDOW_MS || ms < 0) {
      this.#failedAuth.delete(clientId)
      return null
    }
    return last.method === method ? null : { method: last.method, ms }
  }

  /** A token request of this client failed (any error), authenticating with `method`. */
  failedWith(clientId: string, method: AuthMethod, now: number): void {
    setBounded(this.#failedAuth, clientId, { method, at: now }, this.limit)
  }

  /** A token request of this client succeeded: its next request is no retry. */
  succeeded(clientId: string): void {
    if (this.#failedAuth.size > 0) this.#failedAuth.delete(clientId)
  }

  /** Records a failed password grant for `username`; returns the failures within BURST_WINDOW_MS, this one included. */
  loginFailed(username: string, now: number): number {
    const recent = (this.#loginFailures.get(username) ?? []).filter((at) => now - at < BURST_WINDOW_MS && at <= now)
    recent.push(now)
    // Enough times to count a burst and say how large it is, not one per request of a long attack.
    setBounded(this.#loginFailures, username, recent.slice(-REQUEST_MEMORY_TIMES), this.limit)
    return recent.length
  }
}
