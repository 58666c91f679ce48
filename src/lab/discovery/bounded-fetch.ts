// A discovery transport over fetch with two bounds for the whole answer — bytes and time — so a
// server that sends one byte every 2 s, or a body without end, fails fast with a clear message
// instead of holding the run (a per-read timeout would wait forever on the first, a byte limit
// alone on the second).
import { describeConnectionError } from './connection-errors'
import type { DiscoveryTransport } from './discover'
import { DISCOVERY_MAX_BYTES, DISCOVERY_TIMEOUT_MS } from '../../shared/limits'
export { DISCOVERY_MAX_BYTES, DISCOVERY_TIMEOUT_MS }

export type FetchLike = (
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal },
) => Promise<{ status: number; body?: ReadableStream<Uint8Array> | null; text(): Promise<string> }>

/** Why discovery could not read an answer: nothing to retry with another URL. */
export class DiscoveryTransportError extends Error {
  constructor(
    readonly url: string,
    readonly why: string,
  ) {
    super(`${url}: ${why}`)
    this.name = 'DiscoveryTransportError'
  }
}

class TooLarge extends Error {}

async function readBounded(res: Awaited<ReturnType<FetchLike>>, maxBytes: number): Promise<string> {
  if (!res.body) {
    const text = await res.text()
    if (Buffer.byteLength(text) > maxBytes) throw new TooLarge(`the answer is over ${maxBytes} bytes`)
    return text
  }
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw new TooLarge(`the answer is over ${maxBytes} bytes`)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export interface BoundedFetchOptions {
  fetch?: FetchLike
  maxBytes?: number
  timeoutMs?: number
}

/** GETs with Accept: application/json, within the byte and time bounds for the whole answer. */
export function fetchTransport(opts: BoundedFetchOptions = {}): DiscoveryTransport {
  const fetchLike: FetchLike = opts.fetch ?? ((url, init) => fetch(url, init))
  const maxBytes = opts.maxBytes ?? DISCOVERY_MAX_BYTES
  const timeoutMs = opts.timeoutMs ?? DISCOVERY_TIMEOUT_MS
  return async (url) => {
    const controller = new AbortController()
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new Error('timeout')
        err.name = 'TimeoutError'
        controller.abort(err)
        reject(err)
      }, timeoutMs)
    })
    try {
      const read = (async () => {
        const res = await fetchLike(url, { headers: { Accept: 'application/json' }, signal: controller.signal })
        return { status: res.status, body: await readBounded(res, maxBytes) }
      })()
      read.catch(() => undefined)
      return await Promise.race([read, deadline])
    } catch (err) {
      if (err instanceof TooLarge) throw new DiscoveryTransportError(url, err.message)
      throw new DiscoveryTransportError(url, describeConnectionError(err, timeoutMs))
    } finally {
      clearTimeout(timer)
    }
  }
}
