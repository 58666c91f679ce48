// The recording proxy relays to its upstream and nowhere else, never to itself, and answers a body
// over its limit with a 413 the client can read. Request-targets are written byte for byte on a raw
// socket (fetch and curl would normalise them); a second server listens beside the upstream and must
// receive nothing.
import http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import type { Lab } from '../../src/lab/lab-types'
import type { RecordingProxy } from '../../src/lab/proxy/index'
import type { Exchange } from '../../src/shared/exchange'
import { MAX_VIA_HOPS, PROXY_BODY_LIMIT } from '../../src/shared/limits'

const run = promisify(execFile)

interface Listening {
  port: number
  seen: Array<{ method: string; url: string; host: string }>
  server: http.Server
}

async function listen(): Promise<Listening> {
  const seen: Listening['seen'] = []
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', host: req.headers.host ?? '' })
    req.resume()
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}'))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { port: (server.address() as AddressInfo).port, seen, server }
}

async function stop(l: Listening): Promise<void> {
  l.server.closeAllConnections()
  await new Promise<void>((r) => l.server.close(() => r()))
}

/** Sends `head` as written and returns the status line's code (0 when the connection closed without one). */
function rawRequest(port: number, head: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    let text = ''
    socket.setEncoding('latin1')
    socket.on('data', (d: string) => (text += d))
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)))
    socket.on('error', reject)
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer')))
    // Written, not ended: node's server drops a connection whose client half-closed before the answer.
    socket.write(`${head}\r\nConnection: close\r\n\r\n`)
  })
}

let lab: Lab
let upstream: Listening
let other: Listening
let proxy: RecordingProxy

beforeAll(async () => {
  lab = await createLab({ dbPath: ':memory:', hashThreads: 1, workspace: { version: 1, settings: { bcryptCost: 4 } } })
  upstream = await listen()
  other = await listen()
  proxy = await lab.proxy({ upstream: `http://127.0.0.1:${upstream.port}/token` })
})
afterAll(async () => {
  await proxy?.close()
  await lab?.close()
  await stop(upstream)
  await stop(other)
})
beforeEach(() => {
  upstream.seen.length = 0
  other.seen.length = 0
})

async function latest(of: Lab = lab): Promise<Exchange> {
  const [s] = (await of.handlers['exchanges.list']({ limit: 1, offset: 0 })).items
  return of.handlers['exchanges.get']({ id: s!.id, reveal: false })
}

describe('the proxy relays only to its upstream', () => {
  const proxyPort = () => Number(new URL(proxy.baseUrl).port)
  const o = () => `127.0.0.1:${other.port}`

  it.each([
    ['a path that starts with //host', () => `//${o()}/x`],
    ['a path that starts with /\\host', () => `/\\${o()}/x`],
    ['a path that starts with /\\\\host', () => `/\\\\${o()}/x`],
    ['an encoded //host', () => `/%2F%2F${o()}/x`],
    ['a dot-segment path', () => `/..//${o()}/x`],
    ['a path with an @', () => `/@${o()}/x`],
  ])('%s reaches the upstream origin, never the other server, as sent', async (_name, target) => {
    expect(await rawRequest(proxyPort(), `GET ${target()} HTTP/1.1\r\nHost: ${o()}`)).toBe(200)
    expect(other.seen).toEqual([])
    expect(upstream.seen).toEqual([{ method: 'GET', url: target(), host: `127.0.0.1:${upstream.port}` }])
  })

  it('a Host header naming the other server changes nothing', async () => {
    expect(await rawRequest(proxyPort(), `GET /x HTTP/1.1\r\nHost: ${o()}`)).toBe(200)
    expect(other.seen).toEqual([])
    expect(upstream.seen).toEqual([{ method: 'GET', url: '/x', host: `127.0.0.1:${upstream.port}` }])
  })

  it.each([
    ['absolute-form to another origin', () => `GET http://${o()}/x HTTP/1.1\r\nHost: ${o()}`],
    ['absolute-form with userinfo', () => `GET http://127.0.0.1:${upstream.port}@${o()}/x HTTP/1.1\r\nHost: ${o()}`],
    ['authority-form', () => `GET ${o()} HTTP/1.1\r\nHost: ${o()}`],
    ['asterisk-form', () => `OPTIONS * HTTP/1.1\r\nHost: ${o()}`],
  ])('%s is refused with 400 and recorded', async (_name, head) => {
    expect(await rawRequest(proxyPort(), head())).toBe(400)
    expect(other.seen).toEqual([])
    expect(upstream.seen).toEqual([])
  })

  it('Proxy-Authorization is not relayed: it was for a proxy, not for the upstream (RFC 9110 §11.7.2)', async () => {
    const heard: http.IncomingHttpHeaders[] = []
    upstream.server.once('request', (req: http.IncomingMessage) => heard.push(req.headers))
    const head = `GET /x HTTP/1.1\r\nHost: ${o()}\r\nProxy-Authorization: Basic cHJveHk6UHIweHktUGFzcw==`
    expect(await rawRequest(proxyPort(), head)).toBe(200)
    expect(heard).toHaveLength(1)
    expect(heard[0]).not.toHaveProperty('proxy-authorization')
  })

  it('CONNECT tunnels nothing', async () => {
    const status = await rawRequest(proxyPort(), `CONNECT ${o()} HTTP/1.1\r\nHost: ${o()}`)
    expect(status).not.toBe(200)
    expect(other.seen).toEqual([])
  })

  it('absolute-form naming the upstream itself is relayed there', async () => {
    const up = `127.0.0.1:${upstream.port}`
    expect(await rawRequest(proxyPort(), `GET http://${up}/y?z=1 HTTP/1.1\r\nHost: ${up}`)).toBe(200)
    expect(upstream.seen).toEqual([{ method: 'GET', url: '/y?z=1', host: up }])
    expect(other.seen).toEqual([])
  })

  it('the refusal is one exchange that says why, without the userinfo the target carried', async () => {
    const before = (await lab.handlers['exchanges.list']({ limit: 1, offset: 0 })).total
    const head = `GET http://leaky-id:Leaky-S3cret@${o()}/x?password=Leaky-Pw HTTP/1.1\r\nHost: ${o()}`
    expect(await rawRequest(proxyPort(), head)).toBe(400)
    const e = await latest()
    expect((await lab.handlers['exchanges.list']({ limit: 1, offset: 0 })).total).toBe(before + 1)
    expect(e).toMatchObject({ origin: 'proxy', status: 400 })
    expect(e.trace.find((s) => s.step === 'proxy.target')?.detail).toContain('relays only to')
    expect(e.request.target).toBe(`http://***:***@${o()}/x?password=***`)
    expect(JSON.stringify(e)).not.toMatch(/Leaky-S3cret|Leaky-Pw/)
  })
})

async function freePort(): Promise<number> {
  const l = await listen()
  await stop(l)
  return l.port
}

describe('a proxy pointed at itself', () => {
  it.each([
    'http://127.0.0.1:PORT',
    'http://localhost:PORT/token',
    'http://LOCALHOST.:PORT',
    'http://127.1:PORT',
    // RFC 4291 §2.5.5.2: an IPv4-mapped IPv6 address reaches the IPv4 listener.
    'http://[::ffff:127.0.0.1]:PORT',
  ])('refuses %s as its upstream when it listens on that port', async (spelling) => {
    const port = await freePort()
    const refused = await lab.proxy({ upstream: spelling.replace('PORT', String(port)), port }).catch((e) => e)
    expect(refused).toBeInstanceOf(Error)
    expect((refused as Error).message).toContain("this proxy's own address")
  })

  it('two proxies pointed at each other: 508 with a clear body, one exchange in each lab', async () => {
    const otherLab = await createLab({ dbPath: ':memory:', hashThreads: 1, workspace: { version: 1 } })
    const aPort = await freePort()
    const b = await otherLab.proxy({ upstream: `http://127.0.0.1:${aPort}/token`, timeoutMs: 2_000 })
    const before = (await lab.handlers['exchanges.list']({ limit: 1, offset: 0 })).total
    const a = await lab.proxy({ upstream: `${b.baseUrl}/token`, port: aPort, timeoutMs: 2_000 })
    const afterStart = (await lab.handlers['exchanges.list']({ limit: 1, offset: 0 })).total
    const bBefore = (await otherLab.handlers['exchanges.list']({ limit: 1, offset: 0 })).total
    try {
      const res = await fetch(`${a.baseUrl}/token`, { method: 'POST', body: 'grant_type=password' })
      expect(res.status).toBe(508)
      const body = (await res.json()) as { error: string; error_description: string }
      expect(body.error).toBe('proxy_loop')
      expect(body.error_description).toContain('leads back to the proxy itself')
      await new Promise((r) => setTimeout(r, 50))
      expect((await lab.handlers['exchanges.list']({ limit: 1, offset: 0 })).total - afterStart).toBe(1)
      expect((await otherLab.handlers['exchanges.list']({ limit: 1, offset: 0 })).total - bBefore).toBe(1)
      const e = await latest()
      expect(e.status).toBe(508)
      expect(e.trace.find((s) => s.step === 'proxy.loop')?.outcome).toBe('fail')
    } finally {
      await a.close()
      await b.close()
      await otherLab.close()
    }
    expect(before).toBeLessThanOrEqual(afterStart)
  })

  it('a request that went through too many proxies is answered 508 and recorded', async () => {
    const via = Array.from({ length: MAX_VIA_HOPS }, (_, i) => `1.1 hop-${i}`).join(', ')
    const res = await fetch(`${proxy.baseUrl}/token`, { method: 'POST', headers: { Via: via }, body: 'x=1' })
    expect(res.status).toBe(508)
    expect(upstream.seen).toEqual([])
    expect((await latest()).trace.find((s) => s.step === 'proxy.loop')?.detail).toContain(`${MAX_VIA_HOPS} Via entries`)
  })
})

describe('a compressed answer', () => {
  it('is asked not to be coded, decoded when it is anyway, and its token stored masked', async () => {
    const TOKEN = 'gzipped-access-token-5b1f0c2e9a77'
    const seenEncoding: string[] = []
    const gz = http.createServer((req, res) => {
      seenEncoding.push(req.headers['accept-encoding'] ?? '')
      req.resume()
      const body = gzipSync(JSON.stringify({ access_token: TOKEN, token_type: 'Bearer', expires_in: 60 }))
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Encoding': 'gzip',
        'Cache-Control': 'no-store',
      })
      res.end(body)
    })
    await new Promise<void>((r) => gz.listen(0, '127.0.0.1', r))
    const p = await lab.proxy({ upstream: `http://127.0.0.1:${(gz.address() as AddressInfo).port}/token` })
    try {
      const res = await fetch(`${p.baseUrl}/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Encoding': 'gzip, br' },
        body: 'grant_type=password&username=a&password=b&client_id=c',
      })
      expect(res.status).toBe(200)
      expect(((await res.json()) as { access_token: string }).access_token).toBe(TOKEN)
      expect(seenEncoding.at(-1)).toBe('identity')
      const e = await latest()
      expect(e.response.body).toContain('"token_type":"Bearer"')
      expect(JSON.stringify(e)).not.toContain(TOKEN)
    } finally {
      await p.close()
      gz.closeAllConnections()
      await new Promise<void>((r) => gz.close(() => r()))
    }
  })
})

describe('a request body over the limit', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ropc-proxy-413-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('fetch (no Expect): the client reads a 413 with its body, and the record says so', async () => {
    const res = await fetch(`${proxy.baseUrl}/token`, { method: 'POST', body: 'a'.repeat(2 * PROXY_BODY_LIMIT) })
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error_description: string }).error_description).toContain('exceeds 1 MiB')
    expect(upstream.seen).toEqual([])
    const e = await latest()
    expect(e.status).toBe(413)
    expect(e.trace.find((s) => s.step === 'proxy.body')?.detail).toMatch(/answered 413$/)
  })

  it('curl with a 3 MiB file (Expect: 100-continue): a 413 before the body is sent', async () => {
    const file = join(dir, 'big.txt')
    writeFileSync(file, 'b'.repeat(3 * 1024 * 1024))
    const { stdout } = await run('curl', [
      ...['-s', '--noproxy', '*', '-H', 'Expect: 100-continue', '-w', '\n%{http_code}'],
      ...['--data-binary', `@${file}`, `${proxy.baseUrl}/token`],
    ])
    const lines = stdout.trim().split('\n')
    expect(lines.at(-1)).toBe('413')
    expect(lines.slice(0, -1).join('\n')).toContain('"error":"invalid_request"')
    expect(upstream.seen).toEqual([])
    expect((await latest()).status).toBe(413)
  })

  it('a chunked body without Content-Length that grows past the limit still gets the 413', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${proxy.baseUrl}/token`, { method: 'POST', agent: false }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      for (let i = 0; i < 24; i++) req.write(Buffer.alloc(100 * 1024, 99))
      req.end()
    })
    expect(status).toBe(413)
    expect(upstream.seen).toEqual([])
  })
})

describe('answers without a body (RFC 9110 §8.6)', () => {
  it('HEAD keeps the length a GET would have, 304 too; 204 gets no Content-Length; the next answer is framed', async () => {
    const up = http.createServer((req, res) => {
      req.resume()
      if (req.url === '/head') return void res.writeHead(200, { 'Content-Length': '1234' }).end()
      if (req.url === '/204') return void res.writeHead(204).end()
      if (req.url === '/304') return void res.writeHead(304, { ETag: '"v1"', 'Content-Length': '77' }).end()
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"next":true}')
    })
    await new Promise<void>((r) => up.listen(0, '127.0.0.1', r))
    const p = await lab.proxy({ upstream: `http://127.0.0.1:${(up.address() as AddressInfo).port}/token` })
    try {
      const answers = await new Promise<string>((resolve) => {
        const socket = net.connect(Number(new URL(p.baseUrl).port), '127.0.0.1')
        let text = ''
        socket.setEncoding('latin1')
        socket.on('data', (d: string) => {
          text += d
          if (text.includes('{"next":true}')) socket.end()
        })
        socket.on('close', () => resolve(text))
        const ask = (line: string) => `${line} HTTP/1.1\r\nHost: x\r\n\r\n`
        socket.write(ask('HEAD /head') + ask('GET /204') + ask('GET /304') + ask('GET /next'))
      })
      const [head, noContent, notModified, next] = answers.split(/(?=HTTP\/1\.1 )/)
      expect(head).toMatch(/^HTTP\/1\.1 200 [\s\S]*\r\nContent-Length: 1234\r\n/)
      expect(noContent).toMatch(/^HTTP\/1\.1 204 /)
      expect(noContent).not.toMatch(/Content-Length/i)
      expect(notModified).toMatch(/^HTTP\/1\.1 304 [\s\S]*\r\nContent-Length: 77\r\n/)
      expect(next).toMatch(/^HTTP\/1\.1 200 [\s\S]*\{"next":true\}$/)
    } finally {
      await p.close()
      up.closeAllConnections()
      await new Promise<void>((r) => up.close(() => r()))
    }
  })
})
