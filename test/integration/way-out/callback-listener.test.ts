// The way-out panel's loopback redirect receiver (RFC 8252 §7.3) on real sockets: a client that
// opens a connection and sends nothing, or trickles its request line, is cut at
// CALLBACK_REQUEST_TIMEOUT_MS (and not 30 s later, as node's default check interval allowed);
// the one redirect it waits for still arrives.
import net from 'node:net'
import { performance } from 'node:perf_hooks'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openCallbackListener, type CallbackListener } from '../../../src/lab/way-out/callback-listener'
import { CALLBACK_REQUEST_TIMEOUT_MS } from '../../../src/shared/limits'

/** Node checks the limits once a second; allow that and a loaded machine's scheduling. */
const SLACK_MS = 3_000
const TRICKLE_MS = 500

let listener: CallbackListener
let port: number
beforeAll(async () => {
  listener = await openCallbackListener('/callback')
  port = Number(new URL(listener.redirectUri).port)
})
afterAll(() => listener.close())

/** Writes `head`, then one byte of `drip` every TRICKLE_MS (none if empty) until the server closes. */
function slowClient(head: string, drip: string): Promise<{ ms: number; reply: string }> {
  return new Promise((resolve) => {
    const started = performance.now()
    const socket = net.connect(port, '127.0.0.1')
    let reply = ''
    let i = 0
    const timer = setInterval(() => {
      if (drip && socket.writable) socket.write(drip[i++ % drip.length]!)
    }, TRICKLE_MS)
    const giveUp = setTimeout(() => socket.destroy(), 4 * CALLBACK_REQUEST_TIMEOUT_MS + SLACK_MS)
    socket.on('connect', () => head && socket.write(head))
    socket.on('data', (d: Buffer) => (reply += d.toString('latin1')))
    socket.on('error', () => {})
    socket.on('close', () => {
      clearInterval(timer)
      clearTimeout(giveUp)
      resolve({ ms: performance.now() - started, reply })
    })
  })
}

it(`cuts a silent or trickling client at ${CALLBACK_REQUEST_TIMEOUT_MS / 1000} s, and still takes the redirect`, async () => {
  const [silent, trickled] = await Promise.all([slowClient('', ''), slowClient('GET /callback?code=', 'abcdef')])
  for (const cut of [silent, trickled]) {
    expect(cut.ms).toBeGreaterThanOrEqual(CALLBACK_REQUEST_TIMEOUT_MS - TRICKLE_MS)
    expect(cut.ms).toBeLessThan(CALLBACK_REQUEST_TIMEOUT_MS + SLACK_MS)
    expect(cut.reply).toMatch(/^HTTP\/1\.1 408 /)
  }
  const answer = await fetch(`${listener.redirectUri}?code=c1&state=s1`)
  expect(answer.status).toBe(200)
  expect((await listener.received)?.get('code')).toBe('c1')
}, 60_000)
