// Records every request as one Exchange (architecture.md "Contracts"): stored masked, the
// unmasked body kept in a bounded in-memory map for the live view, listeners told afterwards.
// Also tells the composer's own requests apart (origin "composer") by the connection's port.
import type { Socket } from 'node:net'
import type { Exchange, ExchangeOrigin } from '../../shared/exchange'
import type { Store } from '../../store/index'
import type { GroupCommit } from '../group-commit'
import type { ComposerExchangeWait, RevealedExchange } from '../token-server-types'

const REVEALED_LIMIT = 200
/**
 * Prune after this many inserts, or a tenth of the retention if that is more: deleting in larger
 * chunks costs less per row (one index walk to find the cut-off instead of one per 100 rows), and
 * the log never holds more than retention + 10 % (or + 100).
 */
const PRUNE_EVERY_MIN = 100
/** How long an announced composer port is waited for (token-server-types.ts: 30 s). */
const COMPOSER_WAIT_MS = 30_000

export class ExchangeRecorder {
  readonly #listeners = new Set<(e: Exchange) => void>()
  readonly #revealed = new Map<string, RevealedExchange>()
  /** Announced remote ports → expiry (epoch ms). */
  readonly #expected = new Map<number, number>()
  readonly #waits = new Map<number, (e: Exchange | null) => void>()
  readonly #composerSockets = new WeakSet<Socket>()
  #sincePrune = 0
  #storeFailures = 0

  constructor(
    private readonly store: Store,
    private readonly writes: GroupCommit,
  ) {}

  onExchange(listener: (e: Exchange) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  revealed(id: string): RevealedExchange | null {
    return this.#revealed.get(id) ?? null
  }

  expectComposerConnection(port: number): void {
    this.#expected.set(port, Date.now() + COMPOSER_WAIT_MS)
  }

  awaitComposerExchange(): ComposerExchangeWait {
    let port: number | null = null
    let settle!: (e: Exchange | null) => void
    const exchange = new Promise<Exchange | null>((resolve) => {
      settle = resolve
    })
    const timer = setTimeout(() => finish(null), COMPOSER_WAIT_MS)
    timer.unref()
    const finish = (e: Exchange | null): void => {
      clearTimeout(timer)
      if (port !== null && this.#waits.get(port) === finish) this.#waits.delete(port)
      settle(e)
    }
    return {
      expect: (localPort) => {
        port = localPort
        this.expectComposerConnection(localPort)
        this.#waits.set(localPort, finish)
      },
      exchange,
      cancel: () => finish(null),
    }
  }

  /** "composer" when the connection's remote port was announced by the runner. */
  originOf(socket: Socket): ExchangeOrigin {
    if (this.#composerSockets.has(socket)) return 'composer'
    const port = socket.remotePort
    if (port === undefined) return 'external'
    const expiry = this.#expected.get(port)
    if (expiry === undefined) return 'external'
    this.#expected.delete(port)
    if (expiry < Date.now()) return 'external'
    this.#composerSockets.add(socket)
    return 'composer'
  }

  /**
   * Stores the (already masked) exchange, keeps the unmasked body in memory, and once the group
   * transaction holding it (and the request's other writes) is committed calls `stored(true)` —
   * which writes the response — and tells the listeners. So the response leaves only after its
   * exchange is in the database: a client that has its answer can already read the record.
   * `stored(false)`: the commit failed; the caller answers server_error.
   */
  record(
    exchange: Exchange,
    unmasked: RevealedExchange,
    remotePort: number | undefined,
    stored: (committed: boolean) => void,
  ): void {
    this.#revealed.set(exchange.id, unmasked)
    if (this.#revealed.size > REVEALED_LIMIT) this.#revealed.delete(this.#revealed.keys().next().value!)
    const { store } = this
    this.writes.write(() => {
      try {
        store.exchanges.insert(exchange)
      } catch (err) {
        this.#reportStoreFailure(err)
      }
      const retention = store.settings.get().exchangeRetention
      if (++this.#sincePrune >= Math.max(PRUNE_EVERY_MIN, Math.floor(retention / 10))) {
        this.#sincePrune = 0
        try {
          store.exchanges.prune(retention)
        } catch (err) {
          this.#reportStoreFailure(err)
        }
      }
    })
    this.writes.afterCommit((committed) => {
      if (exchange.origin === 'composer' && remotePort !== undefined) {
        // The composer gets the tokens as issued (to refresh, introspect, revoke); the log keeps them masked.
        const live = { ...exchange, response: { ...exchange.response, body: unmasked.responseBody } }
        this.#waits.get(remotePort)?.(committed ? live : null)
      }
      try {
        stored(committed)
      } catch {
        // Writing to a socket the client already closed: nothing left to answer.
      }
      if (committed) this.#notify(exchange)
    })
  }

  #reportStoreFailure(err: unknown): void {
    if (this.#storeFailures++ === 0) {
      console.error(`ropc-lab: could not store an exchange: ${err instanceof Error ? err.message : String(err)}`)
    }
  }

  #notify(exchange: Exchange): void {
    for (const listener of this.#listeners) {
      try {
        listener(exchange)
      } catch {
        // A listener's failure is its own; the server and the other listeners carry on.
      }
    }
  }

  /** Stop waiting for anything (server closing). */
  cancelWaits(): void {
    for (const finish of [...this.#waits.values()]) finish(null)
    this.#expected.clear()
  }
}
