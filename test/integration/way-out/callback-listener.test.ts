// The way-out panel's loopback redirect receiver (RFC 8252 §7.3) on real sockets: a client that
// opens a connection and sends nothing, or trickles its request line, is cut at
// CALLBACK_REQUEST_TIMEOUT_MS (and not 30 s later, as node's default check interval allowed);
// the one redirect it waits for still arrives.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openCallbackListener, type CallbackListener } from '../../../src/lab/way-out/callback-listener'
import { CALLBACK_REQUEST_TIMEOUT_MS } from '../../../src/shared/limits'
import { SLACK_MS, TRICKLE_MS, slowClient } from '../../helpers/slow-socket'

/** Node checks the limits once a second; allow that and a loaded machine's scheduling. */

let listener: CallbackListener
let port: number
beforeAll(async () => {
  listener = await openCallbackListener('/callback')
  port = Number(new URL(listener.redirectUri).port)
})
afterAll(() => listener.close())

/** Writes `head`, then one byte of `drip` every TRICKLE_MS (none if empty) until the server closes. */
const trickle = (head: string, drip: string) =>
  slowClient({ port, first: head, drip, giveUpMs: 4 * CALLBACK_REQUEST_TIMEOUT_MS + SLACK_MS })

it(`cuts a silent or trickling client at ${CALLBACK_REQUEST_TIMEOUT_MS / 1000} s, and still takes the redirect`, async () => {
  const [silent, trickled] = await Promise.all([trickle('', ''), trickle('GET /callback?code=', 'abcdef')])
  for (const cut of [silent, trickled]) {
    expect(cut.ms).toBeGreaterThanOrEqual(CALLBACK_REQUEST_TIMEOUT_MS - TRICKLE_MS)
    expect(cut.ms).toBeLessThan(CALLBACK_REQUEST_TIMEOUT_MS + SLACK_MS)
    expect(cut.reply).toMatch(/^HTTP\/1\.1 408 /)
  }
  const answer = await fetch(`${listener.redirectUri}?code=c1&state=s1`)
  expect(answer.status).toBe(200)
  expect((await listener.received)?.get('code')).toBe('c1')
}, 60_000)
