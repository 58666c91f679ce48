// A client as slow as a slow-loris attacker, for the listeners' time limits (src/shared/limits.ts):
// it connects (plain or TLS), writes a first part at once, then one byte of `drip` every TRICKLE_MS,
// or nothing, until the server closes the connection. It says how long the server kept it and what
// came back. A bound of its own (`giveUpMs`) makes a server that never cuts fail the assertions
// instead of hanging the test.
import net from 'node:net'
import { performance } from 'node:perf_hooks'
import tls from 'node:tls'

/** How often a trickling client writes a byte: well under every limit it is held against. */
export const TRICKLE_MS = 500
/** How late past a limit a cut may come on a loaded machine (node checks the limits every second). */
export const SLACK_MS = 3_000

export interface SlowClient {
  port: number
  /** Written once the connection (or the TLS handshake, with `tls`) is up; nothing when empty. */
  first: string | Buffer
  /** Written a byte at a time every TRICKLE_MS, looping; nothing when empty. */
  drip?: string
  /** Finish the TLS handshake before writing (`rejectUnauthorized: false`: the lab's own certificate). */
  tls?: boolean
  /** Close it ourselves after this long. */
  giveUpMs: number
}

export interface SlowClientResult {
  /** How long the connection lived. */
  ms: number
  /** What the server sent, latin1. */
  reply: string
}

export function slowClient({
  port,
  first,
  drip = '',
  tls: overTls = false,
  giveUpMs,
}: SlowClient): Promise<SlowClientResult> {
  return new Promise((resolve) => {
    const started = performance.now()
    const socket = overTls
      ? tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false })
      : net.connect(port, '127.0.0.1')
    let reply = ''
    let i = 0
    const timer = setInterval(() => {
      if (drip && !socket.destroyed && socket.writable) socket.write(drip[i++ % drip.length]!)
    }, TRICKLE_MS)
    const giveUp = setTimeout(() => socket.destroy(), giveUpMs)
    socket.on(overTls ? 'secureConnect' : 'connect', () => {
      if (first.length > 0) socket.write(first)
    })
    // Read everything, so the server's close is seen.
    socket.on('data', (d: Buffer) => (reply += d.toString('latin1')))
    socket.on('error', () => {})
    socket.on('close', () => {
      clearInterval(timer)
      clearTimeout(giveUp)
      resolve({ ms: performance.now() - started, reply })
    })
  })
}
