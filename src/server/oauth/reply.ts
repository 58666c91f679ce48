// What an endpoint answers, before the HTTP layer writes it (and records it in the exchange).
import type { HeaderList } from '../../shared/exchange'
import type { OAuthError } from './errors'

export interface Reply {
  status: number
  headers: HeaderList
  body: string
}

/** RFC 6749 §5.1: responses with tokens or token data must not be cached. */
export const NO_STORE: HeaderList = [
  ['Cache-Control', 'no-store'],
  ['Pragma', 'no-cache'],
]

export function jsonReply(status: number, body: unknown, headers: HeaderList = []): Reply {
  return { status, headers: [['Content-Type', 'application/json'], ...headers], body: JSON.stringify(body) }
}

export function errorReply(err: OAuthError): Reply {
  return { status: err.status, headers: err.headers(), body: JSON.stringify(err.body()) }
}
