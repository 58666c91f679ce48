// One record per HTTP exchange: what the server received (origin "external") or what the
// composer sent (origin "composer"). The inspector, history, compare and scenarios read this.

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

export type FindingSeverity = 'error' | 'warning' | 'info'

/** An RFC deviation in what the client sent (or a caution the trainer wants shown). */
export interface Finding {
  /** Stable code, e.g. `basic_not_form_encoded`, `credentials_in_query`. */
  code: string
  severity: FindingSeverity
  /** e.g. `RFC 6749 §2.3.1` */
  rfc: string
  message: string
}

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
  /** true when `request.body` is the unmasked body (kept only in memory, never stored). */
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
