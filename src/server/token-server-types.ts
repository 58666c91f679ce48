// The token server as the lab sees it. Implemented by createTokenServer (http/token-server.ts).
import type { JSONWebKeySet } from 'jose'
import type { Exchange } from '../shared/exchange'
import type { Store } from '../store/index'
import type { HashPool } from './credentials/hash-pool'

export interface TokenServerDeps {
  store: Store
  hashPool: HashPool
  /** Clock in epoch ms; tests move it. */
  now?: () => number
}

export interface ListenAddress {
  host: string
  port: number
  baseUrl: string
}

export interface TokenServer {
  /** Binds host:port (port 0: a free one). Rejects with the listen error (EADDRINUSE…). */
  listen(host: string, port: number): Promise<ListenAddress>
  close(): Promise<void>
  /** `http://127.0.0.1:PORT` while listening, else null. */
  readonly address: ListenAddress | null
  /** RFC 8414: settings.issuer, or the listening URL. */
  issuer(): string
  /** Called after each exchange is recorded (stored masked). */
  onExchange(listener: (exchange: Exchange) => void): () => void
  /**
   * The unmasked request body (password, secret) and response body (tokens as issued) of a
   * recent exchange, kept in memory only (bounded), or null once forgotten.
   */
  revealed(exchangeId: string): RevealedExchange | null
  /**
   * The runner is about to send a request to this server. It calls `expect(localPort)` once its
   * connection is open; the exchange the server records for that connection is marked origin
   * "composer" (one record, not two) and resolves `exchange` (null after `cancel()` or 30 s).
   */
  awaitComposerExchange(): ComposerExchangeWait
  /** Public keys as served at the JWKS endpoint. */
  jwks(): Promise<JSONWebKeySet>
  /** A client's secret or a user's password changed: drop what is remembered about them. */
  forgetClient(clientId: string): void
}

export interface ComposerExchangeWait {
  expect(localPort: number): void
  readonly exchange: Promise<Exchange | null>
  cancel(): void
}

export interface RevealedExchange {
  requestBody: string
  responseBody: string
}
