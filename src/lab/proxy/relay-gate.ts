// How many requests the proxy relays to its upstream at once. Every relay opens its own socket to the
// upstream and may hold an answer of up to RELAY_RESPONSE_LIMIT_BYTES, so a burst of clients — a
// thousand at once, or a load test pointed at the proxy by mistake — would open as many sockets to the
// real server and hold their answers all together. Past PROXY_MAX_RELAYS a request waits its turn, in
// arrival order; past PROXY_MAX_WAITING waiting ones it is not relayed at all (the proxy answers 503).
import { PROXY_MAX_RELAYS, PROXY_MAX_WAITING } from '../../shared/limits'

export class RelayGate {
  #running = 0
  readonly #waiting: Array<() => void> = []

  constructor(
    private readonly maxRunning = PROXY_MAX_RELAYS,
    private readonly maxWaiting = PROXY_MAX_WAITING,
  ) {}

  /** Runs `task` when a slot is free; null, without running it, when too many already wait. */
  async run<T>(task: () => Promise<T>): Promise<T | null> {
    if (this.#running >= this.maxRunning) {
      if (this.#waiting.length >= this.maxWaiting) return null
      // The slot is handed over by the task that frees it: #running stays counted for us.
      await new Promise<void>((resolve) => this.#waiting.push(resolve))
    } else this.#running++
    try {
      return await task()
    } finally {
      const next = this.#waiting.shift()
      if (next) next()
      else this.#running--
    }
  }
}
