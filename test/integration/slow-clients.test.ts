// Slow-loris protection on real sockets: a client that trickles its headers is cut at the headers
// limit, one that trickles its body at the request limit (src/shared/limits.ts), on the token
// server and on the UI bridge alike, and not long after: the limits are what the docs say.
import net from 'node:net'
import tls from 'node:tls'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startUiServer, type UiServer } from '../../src/cli/ui-server'
import { createTokenServer, type TokenServer } from '../../src/server/index'
import { HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS, TLS_HANDSHAKE_TIMEOUT_MS } from '../../src/shared/limits'
import { ENDPOINT_PATHS } from '../../src/shared/wire'
import { SESSION_HEADER } from '../../src/shared/http-bridge'
import { createFakeLab } from '../helpers/fake-lab'
import { SLACK_MS, TRICKLE_MS, slowClient } from '../helpers/slow-socket'
import { type Harness, startHarness } from '../helpers/token-server-harness'

/** Node checks the limits once a second; allow that and a loaded machine's scheduling. */

let h: Harness
let ui: UiServer
let dir: string
let secure: TokenServer
let securePort: number
beforeAll(async () => {
  h = await startHarness()
  // The same lab's token server over HTTPS (`serve --https`), on its own port.
  secure = createTokenServer({ store: h.store, hashPool: h.pool })
  securePort = (await secure.listen('127.0.0.1', 0, { https: true })).port
  dir = mkdtempSync(join(tmpdir(), 'ropc-slow-'))
  ui = await startUiServer({ lab: createFakeLab(), host: '127.0.0.1', port: 0, staticDir: dir })
})
afterAll(async () => {
  await secure.close()
  await ui.close()
  await h.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Writes `head`, then trickles `drip` until the server closes (test/helpers/slow-socket.ts). */
const trickle = (port: number, head: string, drip: string) =>
  slowClient({ port, first: head, drip, giveUpMs: REQUEST_TIMEOUT_MS + 2 * SLACK_MS })

const slowHead = (path: string) => `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n`
const slowBody = (path: string) =>
  `${slowHead(path)}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\n`
/**
 * A LabApi call the bridge accepts (its Host, session and content type), whose body then trickles: a call
 * refused before its body is read ends its connection at once instead, so it would prove nothing here.
 */
const slowBridgeBody = (url: string) => {
  const { host, searchParams } = new URL(url)
  return (
    `POST /__lab/api/server.status HTTP/1.1\r\nHost: ${host}\r\n${SESSION_HEADER}: ${searchParams.get('session')}\r\n` +
    'Content-Type: application/json\r\nContent-Length: 10000\r\n\r\n'
  )
}

it(`cuts slow headers at ${HEADERS_TIMEOUT_MS / 1000} s and slow bodies at ${REQUEST_TIMEOUT_MS / 1000} s, on the token server and the UI bridge`, async () => {
  const token = Number(new URL(h.baseUrl).port)
  const bridge = Number(new URL(ui.url).port)
  const path = ENDPOINT_PATHS.token
  const [headers, body, uiHeaders, uiBody] = await Promise.all([
    trickle(token, slowHead(path), 'X-Slow: a\r\n'),
    trickle(token, slowBody(path), 'a'),
    trickle(bridge, slowHead('/__lab/api/server.status'), 'X-Slow: a\r\n'),
    trickle(bridge, slowBridgeBody(ui.url), ' '),
  ])
  for (const cut of [headers, uiHeaders]) {
    expect(cut.ms).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - TRICKLE_MS)
    expect(cut.ms).toBeLessThan(HEADERS_TIMEOUT_MS + SLACK_MS)
    expect(cut.reply).toMatch(/^HTTP\/1\.1 408 /)
  }
  for (const cut of [body, uiBody]) {
    expect(cut.ms).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - TRICKLE_MS)
    expect(cut.ms).toBeLessThan(REQUEST_TIMEOUT_MS + SLACK_MS)
  }
}, 60_000)

/** A real ClientHello, as the first flight of a TLS client (captured from node's own client). */
function captureClientHello(): Promise<Buffer> {
  return new Promise((resolve) => {
    const catcher = net.createServer((s) =>
      s.once('data', (hello: Buffer) => {
        resolve(hello)
        s.destroy()
        catcher.close()
      }),
    )
    catcher.listen(0, '127.0.0.1', () => {
      const port = (catcher.address() as net.AddressInfo).port
      tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false }).on('error', () => {})
    })
  })
}

/** Writes `first`, then nothing: how long the server kept the socket. */
const stall = async (port: number, first: Buffer | string) =>
  (await slowClient({ port, first, giveUpMs: REQUEST_TIMEOUT_MS + 2 * SLACK_MS })).ms

/** Over TLS: finishes the handshake, writes `head`, then trickles `drip` until the server closes. */
const trickleTls = (port: number, head: string, drip: string) =>
  slowClient({ port, first: head, drip, tls: true, giveUpMs: REQUEST_TIMEOUT_MS + 2 * SLACK_MS })

it(`cuts an HTTPS connection whose TLS handshake does not finish at ${TLS_HANDSHAKE_TIMEOUT_MS / 1000} s, and a silent one on every listener at ${HEADERS_TIMEOUT_MS / 1000} s`, async () => {
  const hello = await captureClientHello()
  const [noHello, halfHello, tlsHeaders, silentHttp, silentUi] = await Promise.all([
    stall(securePort, ''),
    stall(securePort, hello.subarray(0, hello.length >> 1)),
    trickleTls(securePort, slowHead(ENDPOINT_PATHS.token), 'X-Slow: a\r\n'),
    stall(Number(new URL(h.baseUrl).port), ''),
    stall(Number(new URL(ui.url).port), ''),
  ])
  // Node's default handshake timeout (120 s) kept the first two past REQUEST_TIMEOUT_MS + 2 * SLACK_MS.
  for (const ms of [noHello, halfHello]) {
    expect(ms).toBeGreaterThanOrEqual(TLS_HANDSHAKE_TIMEOUT_MS - TRICKLE_MS)
    expect(ms).toBeLessThan(TLS_HANDSHAKE_TIMEOUT_MS + SLACK_MS)
  }
  for (const ms of [silentHttp, silentUi, tlsHeaders.ms]) {
    expect(ms).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - TRICKLE_MS)
    expect(ms).toBeLessThan(HEADERS_TIMEOUT_MS + SLACK_MS)
  }
  expect(tlsHeaders.reply).toMatch(/^HTTP\/1\.1 408 /)
}, 60_000)
