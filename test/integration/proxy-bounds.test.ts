// The recording proxy's own bounds on real sockets: a client that trickles its headers or its body
// is cut as on the token server (src/shared/limits.ts), so a handful of slow clients cannot hold the
// proxy's sockets for minutes; a thousand clients at once open at most PROXY_MAX_RELAYS sockets to the
// upstream, PROXY_MAX_WAITING more wait their turn and the rest get the proxy's own 503, each one
// recorded; past PROXY_MAX_CONNECTIONS a new connection is closed at once. Two Relay starts at once
// leave one proxy running, which Stop closes: none is left listening. A body of PROXY_BODY_LIMIT made
// of multipart `name="password"` lines is masked in one pass, not rescanned from each line (minutes
// of the event loop, the whole lab's, for one request).
import http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import type { Lab } from '../../src/lab/lab-types'
import type { LabError } from '../../src/shared/lab-api'
import type { RecordingProxy } from '../../src/lab/proxy/index'
import { expectConnectionCap, oneRequest } from '../helpers/connection-cap'
import { SLACK_MS, TRICKLE_MS, slowClient } from '../helpers/slow-socket'
import {
  HEADERS_TIMEOUT_MS,
  PROXY_MAX_CONNECTIONS,
  PROXY_MAX_RELAYS,
  PROXY_BODY_LIMIT,
  PROXY_MAX_WAITING,
  RELAY_TURNS_WAITING_LIMIT,
  REQUEST_TIMEOUT_MS,
} from '../../src/shared/limits'

/** Node checks the limits once a second; allow that and a loaded machine's scheduling. */

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
const trickle = (port: number, head: string, drip: string) =>
  slowClient({ port, first: head, drip, giveUpMs: REQUEST_TIMEOUT_MS + 2 * SLACK_MS })

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

/** Sends one request and resolves with the status code and body (code 0: closed without an answer). */
async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = performance.now() + ms
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('a thousand clients at once', () => {
  it(`at most ${PROXY_MAX_RELAYS} sockets to the upstream, ${PROXY_MAX_WAITING} wait, the rest get 503; all recorded`, async () => {
    // An upstream that holds every answer until told to answer, counting its open sockets.
    const held: Array<() => void> = []
    let open = 0
    let mostOpen = 0
    const slow = http.createServer((req, res) => {
      req.resume()
      // The proxy's metadata lookup at start is answered at once: no metadata.
      if (req.url!.includes('/.well-known/')) return void res.writeHead(404).end()
      held.push(() => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}'))
    })
    slow.on('connection', (s: net.Socket) => {
      mostOpen = Math.max(mostOpen, ++open)
      s.on('close', () => open--)
    })
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r))
    const p = await lab.proxy({ upstream: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/token` })
    const before = (await lab.handlers['exchanges.list']({ limit: 1, offset: 0 })).total
    try {
      const clients = 1000
      const answers: Array<{ status: number; body: string }> = []
      const all = Promise.all(
        Array.from({ length: clients }, () =>
          oneRequest(Number(new URL(p.baseUrl).port), 'POST /token HTTP/1.1\r\nHost: x\r\nContent-Length: 0').then(
            (a) => answers.push(a),
          ),
        ),
      )
      const refused = clients - PROXY_MAX_RELAYS - PROXY_MAX_WAITING
      await until(() => answers.length === refused && held.length === PROXY_MAX_RELAYS, 'the refusals')
      // Held long enough to see that nothing more reaches the upstream while the first ones are held.
      await new Promise((r) => setTimeout(r, 300))
      expect(held.length).toBe(PROXY_MAX_RELAYS)
      expect(answers.every((a) => a.status === 503)).toBe(true)
      expect(JSON.parse(answers[0]!.body)).toMatchObject({ error: 'temporarily_unavailable' })
      // Then the upstream answers: each waiting request gets its turn, in order.
      const release = setInterval(() => held.splice(0).forEach((answer) => answer()), 20)
      await all
      clearInterval(release)
      expect(mostOpen).toBeLessThanOrEqual(PROXY_MAX_RELAYS)
      expect(answers.filter((a) => a.status === 200)).toHaveLength(PROXY_MAX_RELAYS + PROXY_MAX_WAITING)
      expect(answers.filter((a) => a.status === 503)).toHaveLength(refused)
      const after = await lab.handlers['exchanges.list']({ limit: 1, offset: 0 })
      expect(after.total - before).toBe(clients)
    } finally {
      await p.close()
      slow.closeAllConnections()
      await new Promise<void>((r) => slow.close(() => r()))
    }
  }, 60_000)

  it(`past ${PROXY_MAX_CONNECTIONS} open connections a new one is closed at once; freed, it is served`, async () => {
    await expectConnectionCap(proxyPort(), PROXY_MAX_CONNECTIONS, 'GET /token HTTP/1.1\r\nHost: x', 200)
  }, 30_000)
})

describe('the Relay started twice at once', () => {
  it('leaves one proxy, and Stop leaves none listening', async () => {
    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/token`
    const start = () => lab.handlers['relay.start']({ upstream: upstreamUrl, port: 0, keepIssuer: false })
    const [a, b] = await Promise.all([start(), start()])
    expect((await lab.handlers['relay.status']({})).listeningOn).toBe(b.listeningOn)
    await lab.handlers['relay.stop']({})
    for (const url of [a.listeningOn!, b.listeningOn!]) {
      await expect(fetch(`${url}/token`, { method: 'POST' }), url).rejects.toThrow()
    }
  })
})

describe(`more than ${RELAY_TURNS_WAITING_LIMIT} Relay starts at once`, () => {
  it('the ones past the limit are refused as a conflict; one proxy is left, which Stop closes', async () => {
    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/token`
    const start = () => lab.handlers['relay.start']({ upstream: upstreamUrl, port: 0, keepIssuer: false })
    const outcomes = await Promise.allSettled(Array.from({ length: RELAY_TURNS_WAITING_LIMIT + 3 }, start))
    const started = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []))
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as LabError] : []))
    expect(started).toHaveLength(RELAY_TURNS_WAITING_LIMIT)
    expect(refused.map((e) => e.kind)).toEqual(['conflict', 'conflict', 'conflict'])
    expect((await lab.handlers['relay.status']({})).listeningOn).toBe(started.at(-1)!.listeningOn)
    await lab.handlers['relay.stop']({})
    for (const { listeningOn } of started) {
      await expect(fetch(`${listeningOn}/token`, { method: 'POST' }), listeningOn!).rejects.toThrow()
    }
    // The turns are free again: a start after them is taken.
    expect((await start()).running).toBe(true)
    await lab.handlers['relay.stop']({})
  })
})

describe('a body made to be masked slowly', () => {
  it('a limit-sized body of multipart name= lines is recorded and answered within seconds', async () => {
    const line = 'Content-Disposition: form-data; name="password"\r\n'
    const body = line.repeat(Math.floor(PROXY_BODY_LIMIT / line.length))
    const started = performance.now()
    const res = await fetch(`${proxy.baseUrl}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=b' },
      body,
    })
    expect(res.status).toBe(200)
    expect(performance.now() - started).toBeLessThan(5_000)
  }, 60_000)
})
