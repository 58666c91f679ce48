// The token server as the lab sees it. Implemented by createTokenServer (token-server.ts).
import type { JSONWebKeySet } from 'jose'
import type { Store } from '../store/index'
import type { HashPool } from './credentials/hash-pool'
import type { ExchangePipeline } from './exchanges/exchange-pipeline'
import type { FaultEngine } from './faults/index'

export interface TokenServerDeps {
  store: Store
  hashPool: HashPool
  /** Clock in epoch ms; tests move it. */
  now?: () => number
}

export interface ListenAddress {
  host: string
  port: number
  /** `http://127.0.0.1:PORT`, or `https://…` when listening with TLS. */
  baseUrl: string
  tls: boolean
}

export interface ListenOptions {
  /** Serve over HTTPS with the lab's own certificate (made on first use, kept in the database). */
  https?: boolean
}

export interface TokenServer {
  /** Binds host:port (port 0: a free one). Rejects with the listen error (EADDRINUSE…). */
  listen(host: string, port: number, options?: ListenOptions): Promise<ListenAddress>
  close(): Promise<void>
  /** `http://127.0.0.1:PORT` while listening, else null. */
  readonly address: ListenAddress | null
  /** RFC 8414: settings.issuer, or the listening URL. */
  issuer(): string
  /**
   * The one exchange pipeline: every exchange this server receives, and every one the lab sends
   * or relays, is recorded, masked, stored and announced through it.
   */
  readonly exchanges: ExchangePipeline
  /** Fault rules (workspace-format.md "Faults"), applied at one point of the request path. */
  readonly faults: FaultEngine
  /** The certificate clients trust (PEM), when listening over HTTPS; never the key. */
  certificatePem(): Promise<string>
  /** Public keys as served at the JWKS endpoint. */
  jwks(): Promise<JSONWebKeySet>
  /**
   * Resolves once every write made so far is durable. The lab's handlers write in their own transactions, which
   * become savepoints of the server's group transaction when one is open: they wait for this before answering.
   */
  settled(): Promise<boolean>
  /** A client's secret or a user's password changed: drop what is remembered about them. */
  forgetClient(clientId: string): void
}
