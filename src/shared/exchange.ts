// One record per HTTP exchange, whatever its origin (architecture.md "One exchange pipeline"): what
// the embedded server received from outside, what the composer or a scenario sent (to the embedded
// server or another one), what the proxy relayed. The inspector, history, compare and reports read it.

export type HeaderList = Array<[name: string, value: string]>

export interface RawRequest {
  method: string
  /** Path and query as received, e.g. `/oauth/v2/oauth-token`. For the runner, the full URL. */
  target: string
  headers: HeaderList
  /** Body as text, with password, client_secret, Basic credentials and tokens masked unless revealed. */
  body: string
  remoteAddress?: string
}

export interface RawResponse {
  status: number
  headers: HeaderList
  body: string
}

export type TraceOutcome = 'ok' | 'fail' | 'info' | 'skip'

/** One step of the server's decision, in the order it was taken. */
export interface TraceStep {
  /** Stable id of the step, e.g. `client_auth.method`, `client.secret`, `user.lockout`. */
  step: string
  outcome: TraceOutcome
  /** Human text, e.g. `client_secret_basic (form-decoded id "legacy")`. Never a secret. */
  detail: string
  /** Time the step took, when it matters (hashing). */
  ms?: number
}

// The finding vocabulary lives with the findings catalogue (src/shared/findings/).
export type FindingSeverity = import('./findings/types').FindingSeverity
export type FindingSide = import('./findings/types').FindingSide
export type FindingCode = import('./findings/types').FindingCode

/**
 * One occurrence of an RFC deviation: in what a client sent (side `client`, or a caution the
 * trainer wants shown) or in what a server answered (side `server`). Title, why and fix are in
 * the findings catalogue under `code`.
 */
export interface Finding {
  /** Stable code from the catalogue, e.g. `basic_not_form_encoded`, `token_response_cacheable`. */
  code: FindingCode
  side: FindingSide
  severity: FindingSeverity
  /** e.g. `RFC 6749 §2.3.1` */
  rfc: string
  /** What was seen this time (the actual values), so a person can act on it. Never a secret or a token. */
  message: string
}

/** Who sent the request: an outside client, the composer, a scenario or pack, or a client through the proxy. */
export const EXCHANGE_ORIGINS = ['external', 'composer', 'scenario', 'proxy'] as const
export type ExchangeOrigin = (typeof EXCHANGE_ORIGINS)[number]

export interface ExchangeSummary {
  id: string
  /** ISO 8601 time the request arrived (or was sent). */
  at: string
  origin: ExchangeOrigin
  endpoint: string
  method: string
  status: number
  grantType?: string
  /** Which flow the exchange belongs to (way-out.md): the migration report tells flows apart by it. */
  flow?: import('./wire').Flow
  clientId?: string
  username?: string
  error?: string
  durationMs: number
  findingCount: number
}

export interface Exchange extends ExchangeSummary {
  request: RawRequest
  response: RawResponse
  /** Time spent hashing (bcrypt) inside this exchange. */
  hashMs: number
  trace: TraceStep[]
  findings: Finding[]
  /** true when the request and response are the unmasked copies (kept only in memory, never stored). */
  revealed?: boolean
}

export interface ExchangeFilter {
  clientId?: string
  username?: string
  status?: number
  error?: string
  origin?: ExchangeOrigin
  /** Exchanges whose findings include this code. */
  findingCode?: string
  /** Free text searched in path, client, user, error, grant type and status (exchange-filter.ts). */
  text?: string
}

/** Node's `rawHeaders` (`[name, value, name, value, …]`) as a HeaderList, names as sent. */
export function headerListFromRaw(raw: readonly string[]): HeaderList {
  const out: HeaderList = []
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!])
  return out
}
