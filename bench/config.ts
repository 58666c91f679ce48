// What every part of the bench agrees on: the workspace's shape, the endpoints, the connection counts.
import { availableParallelism } from 'node:os'

export const TOKEN_PATH = '/oauth/v2/oauth-token'
export const DISCOVERY_PATH = '/.well-known/oauth-authorization-server'

export const USERS = 1000
export const COST = 10
export const CLIENT_ID = 'bench-client'
export const CLIENT_SECRET = 'bench-client-secret'
export const PASSWORD = 'bench-user-password'
export const username = (i: number): string => `bench-user-${String(i % USERS).padStart(4, '0')}`

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' } as const
export const basic = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`
export const passwordBody = (i: number): string => `grant_type=password&username=${username(i)}&password=${PASSWORD}`
export const refreshBody = (token: string): string =>
  `grant_type=refresh_token&refresh_token=${encodeURIComponent(token)}`
/** No grant_type (RFC 6749 §5.2 invalid_request): the body of the malformed phase and of the bare baseline. */
export const MALFORMED_BODY = `username=${username(1)}&password=${PASSWORD}`

export interface BenchOptions {
  short: boolean
  /** Where to write the figures as JSON too, or null. */
  jsonPath: string | null
}

/** Settings derived once from the options and the host. */
export interface BenchSettings extends BenchOptions {
  phaseSeconds: number
  cores: number
  /** Connections of the phases that pay a hash: enough to keep every hash worker busy. */
  hashConnections: number
  /**
   * Connections of the cheap phases (malformed, refresh, the bare baseline): enough to keep the server's event loop
   * busy — at 8 the chained refresh phase measured latency (the lab used ~0.8 of a core), not throughput.
   */
  cheapConnections: number
  /** compareSync runs per timing batch (one batch before the lab starts, one after the password phase). */
  compareRuns: number
  /** How long the no-server worker ceiling runs, in ms. */
  ceilingMs: number
}

export function settingsFor(options: BenchOptions): BenchSettings {
  const cores = availableParallelism()
  return {
    ...options,
    phaseSeconds: options.short ? 2 : 10,
    cores,
    hashConnections: Math.min(8, Math.max(4, 2 * cores)),
    cheapConnections: 16,
    compareRuns: options.short ? 5 : 20,
    ceilingMs: options.short ? 1000 : 3000,
  }
}

export const log = (text: string): void => {
  process.stderr.write(`[bench] ${text}\n`)
}
