// One error type for every OAuth failure (architecture.md "Contracts"): grants and checks throw
// it; only the single catch point in token-endpoint.ts turns it into a response.
import type { HeaderList } from '../../shared/exchange'
import { HASH_BUSY_RETRY_AFTER_S } from '../../shared/limits'
import type { OAuthErrorBody, OAuthErrorCode } from '../../shared/wire'
import type { Trace } from './trace'

/** Realm announced in `WWW-Authenticate` (RFC 6749 §5.2, RFC 7617 §2). */
export const BASIC_REALM = 'ropc-lab'

/** RFC 6749 §5.2: 400 unless stated otherwise; invalid_client becomes 401 when Basic was tried. */
const STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 400,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  server_error: 500,
  temporarily_unavailable: 503,
}

export interface OAuthErrorOptions {
  /** Kept for the trace only; never sent. */
  cause?: unknown
  /** The client tried the Authorization header (RFC 6749 §5.2: answer 401 + WWW-Authenticate). */
  basicTried?: boolean
  /** Overrides the status from the code table (413, 405 at the HTTP layer). */
  status?: number
  /** Extra response headers (e.g. `Allow` with a 405). */
  headers?: HeaderList
}

/**
 * RFC 6749 §5.2: error_description is limited to %x20-21 / %x23-5B / %x5D-7E, i.e. printable
 * ASCII without `"` and `\`. Anything else is replaced, so no caller can put a quote, a
 * backslash, a control character or non-ASCII text on the wire.
 */
export function sanitizeDescription(text: string): string {
  return text
    .replace(/§/g, 'section ')
    .replace(/"/g, "'")
    .replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '?')
}

export class OAuthError extends Error {
  readonly code: OAuthErrorCode
  readonly description: string
  readonly basicTried: boolean
  readonly statusOverride: number | undefined
  readonly extraHeaders: HeaderList

  constructor(code: OAuthErrorCode, description: string, options: OAuthErrorOptions = {}) {
    // An OAuthError is an answer, not a bug: its stack is never shown, and capturing one costs more
    // than the rest of a malformed request's handling (the bench measures malformed requests per second).
    const stackTraceLimit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(description, options.cause === undefined ? undefined : { cause: options.cause })
    Error.stackTraceLimit = stackTraceLimit
    this.name = 'OAuthError'
    this.code = code
    this.description = sanitizeDescription(description)
    this.basicTried = options.basicTried ?? false
    this.statusOverride = options.status
    this.extraHeaders = options.headers ?? []
  }

  get status(): number {
    if (this.statusOverride !== undefined) return this.statusOverride
    if (this.code === 'invalid_client' && this.basicTried) return 401
    return STATUS[this.code]
  }

  /** Exactly `{ error, error_description }` (RFC 6749 §5.2), nothing internal. */
  body(): OAuthErrorBody {
    return { error: this.code, error_description: this.description }
  }

  /** Response headers: no-store on every error, WWW-Authenticate on a Basic 401. */
  headers(): HeaderList {
    const headers: HeaderList = [
      ['Content-Type', 'application/json'],
      ['Cache-Control', 'no-store'],
      ['Pragma', 'no-cache'],
    ]
    if (this.status === 401) headers.push(['WWW-Authenticate', `Basic realm="${BASIC_REALM}"`])
    return [...headers, ...this.extraHeaders]
  }
}

/** When to ask again after a refusal for a busy hash pool (RFC 9110 §15.6.4: 503 with Retry-After). */
export const BUSY_RETRY_AFTER: HeaderList = [['Retry-After', String(HASH_BUSY_RETRY_AFTER_S)]]

/** Every bcrypt worker busy and the queue full (HashPoolBusyError): said alike by every endpoint that refuses it. */
export function traceBusy(trace: Trace): void {
  trace.error = 'temporarily_unavailable'
  trace.fail('response.error', 'temporarily_unavailable (503): every bcrypt worker is busy and the queue is full')
}
