// Exchange records as data: for the pure functions (comparison rows, the filter) and for a
// history the store writes before a lab starts (test-lab.ts). No behaviour of the lab lives here.
import type { Exchange, ExchangeSummary } from '../../src/shared/exchange'

function b64url(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value))
  return btoa(String.fromCharCode(...bytes))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
}

/** A JWT-shaped string carrying `payload` (its signature is no signature). */
export function unsignedJwt(payload: Record<string, unknown>): string {
  return `${b64url({ alg: 'RS256', typ: 'at+jwt', kid: 'fixture-key' })}.${b64url(payload)}.c2ln`
}

export function makeExchange(overrides: Partial<Exchange> & { id: string }): Exchange {
  return {
    at: new Date(Date.UTC(2030, 0, 1, 12, 0, 0)).toISOString(),
    origin: 'external',
    endpoint: '/oauth/v2/oauth-token',
    method: 'POST',
    status: 200,
    durationMs: 12,
    findingCount: overrides.findings?.length ?? 0,
    request: { method: 'POST', target: '/oauth/v2/oauth-token', headers: [], body: '' },
    response: { status: 200, headers: [['Content-Type', 'application/json']], body: '{}' },
    hashMs: 0,
    trace: [],
    findings: [],
    ...overrides,
  }
}

export function summaryOf(e: Exchange): ExchangeSummary {
  const { request: _r, response: _s, hashMs: _h, trace: _t, findings: _f, revealed: _v, ...summary } = e
  return summary
}
