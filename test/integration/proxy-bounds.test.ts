// The recording proxy's own bounds on real sockets: a client that trickles its headers or its body
// is cut as on the token server (src/shared/limits.ts), so a handful of slow clients cannot hold the
// proxy's sockets for minutes.
import http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import type { Lab } from '../../src/lab/lab-types'
import type { RecordingProxy } from '../../src/lab/proxy/index'
import { HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../../src/shared/limits'

/** Node checks the limits once a second; allow that and a loaded machine's scheduling. */
const SLACK_MS = 3_000
const TRICKLE_MS = 500

let lab: Lab
let upstream: http.Server
let proxy: RecordingProxy
const proxyPort = () => Number(new URL(proxy.baseUrl).port)

beforeAll(async () => {
  lab = await createLab({ dbPath: ':memory:', hashThreads: 1, workspace: { version: 1, settings: { bcryptCost: 4 } } })
  upstream = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}'))
  })
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r))
  proxy = await lab.proxy({ upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/token` })
})
afterAll(async () => {
  await proxy?.close()
  await lab?.close()
  upstream?.closeAllConnections()
  await new Promise<void>((r) => upstream.close(() => r()))
})

/** Writes `head`, then one byte of `drip` every TRICKLE_MS until the proxy closes the connection. */
function trickle(port: number, head: string, drip: string): Promise<{ ms: number; reply: string }> {
  return new Promise((resolve) => {
    const started = performance.now()
    const socket = net.connect(port, '127.0.0.1')
    let reply = ''
    let i = 0
    const timer = setInterval(() => {
      if (!socket.destroyed && socket.writable) socket.write(drip[i++ % drip.length]!)
    }, TRICKLE_MS)
    // A bound of our own, so a proxy that never cuts fails the assertions instead of hanging.
    const giveUp = setTimeout(() => socket.destroy(), REQUEST_TIMEOUT_MS + 2 * SLACK_MS)
    socket.on('connect', () => socket.write(head))
    socket.on('data', (d: Buffer) => (reply += d.toString('latin1')))
    socket.on('error', () => {})
    socket.on('close', () => {
      clearInterval(timer)
      clearTimeout(giveUp)
      resolve({ ms: performance.now() - started, reply })
    })
  })
}

describe('slow clients of the proxy', () => {
  it(`headers are cut at ${HEADERS_TIMEOUT_MS / 1000} s with 408, a body at ${REQUEST_TIMEOUT_MS / 1000} s`, async () => {
    const head = 'POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\n'
    const [headers, body] = await Promise.all([
      trickle(proxyPort(), head, 'X-Slow: a\r\n'),
      trickle(
        proxyPort(),
        `${head}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\n`,
        'a',
      ),
    ])
    expect(headers.ms).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - TRICKLE_MS)
    expect(headers.ms).toBeLessThan(HEADERS_TIMEOUT_MS + SLACK_MS)
    expect(headers.reply).toMatch(/^HTTP\/1\.1 408 /)
    expect(body.ms).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - TRICKLE_MS)
    expect(body.ms).toBeLessThan(REQUEST_TIMEOUT_MS + SLACK_MS)
  }, 60_000)
})
