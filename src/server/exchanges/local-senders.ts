// Tells the lab's own requests to the embedded server (sent by the composer or a scenario) apart
// from outside clients, so each is recorded once, by the server, with its trace and findings, and
// marked with its real origin. The sender announces the local port of its connection; the server
// sees it as the remote port of the incoming socket.
import type { Socket } from 'node:net'
import type { Exchange, ExchangeOrigin } from '../../shared/exchange'
import { LOCAL_SENDER_WAIT_MS } from '../../shared/limits'

export interface SentExchangeWait {
  /** Called by the sender once its connection is open. */
  expect(localPort: number): void
  /** The exchange the server recorded for that connection; null after `cancel()`, a failed commit or 30 s. */
  readonly exchange: Promise<Exchange | null>
  cancel(): void
}

interface Announced {
  origin: ExchangeOrigin
  expires: number
  settle?: (e: Exchange | null) => void
}

export class LocalSenders {
  readonly #announced = new Map<number, Announced>()
  readonly #sockets = new WeakMap<Socket, ExchangeOrigin>()

  awaitExchange(origin: Exclude<ExchangeOrigin, 'external'>): SentExchangeWait {
    let port: number | null = null
    let settle!: (e: Exchange | null) => void
    const exchange = new Promise<Exchange | null>((resolve) => {
      settle = resolve
    })
    const timer = setTimeout(() => finish(null), LOCAL_SENDER_WAIT_MS)
    timer.unref()
    const finish = (e: Exchange | null): void => {
      clearTimeout(timer)
      if (port !== null && this.#announced.get(port)?.settle === finish) this.#announced.delete(port)
      settle(e)
    }
    return {
      expect: (localPort) => {
        port = localPort
        this.#announced.set(localPort, { origin, expires: Date.now() + LOCAL_SENDER_WAIT_MS, settle: finish })
      },
      exchange,
      cancel: () => finish(null),
    }
  }

  /** The origin of an incoming connection: the announced one, else "external". Kept for the socket's life. */
  originOf(socket: Socket): ExchangeOrigin {
    const known = this.#sockets.get(socket)
    if (known) return known
    const port = socket.remotePort
    const announced = port === undefined ? undefined : this.#announced.get(port)
    if (!announced || announced.expires < Date.now()) return 'external'
    this.#sockets.set(socket, announced.origin)
    return announced.origin
  }

  /** Hands the recorded exchange (null: not committed) to the sender waiting on that port, if any. */
  settle(remotePort: number | undefined, exchange: Exchange | null): void {
    if (remotePort === undefined) return
    this.#announced.get(remotePort)?.settle?.(exchange)
  }

  /** Stop waiting for anything (server closing). */
  cancelAll(): void {
    for (const { settle } of [...this.#announced.values()]) settle?.(null)
    this.#announced.clear()
  }
}
