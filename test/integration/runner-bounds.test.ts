// The request runner (the composer, scenarios, packs sending to any server) against servers that
// misbehave, over real sockets on 127.0.0.1: one that trickles its answer a byte at a time is cut at
// RUNNER_TIMEOUT_MS for the whole exchange, not held for as long as bytes keep coming; a plain-HTTP
// port named with https://, headers past node's limit and an answer that is not HTTP are each said
// as what they are, by the runner and by the proxy's 502, not as a bare EPROTO or HPE_ code; and an
// extra header that frames the message (a second Content-Length, Transfer-Encoding, Host) is refused
// before anything is sent: it made a server that reads the other one take the body's tail as a second
// request (RFC 9112 §6.3, §11.2 request smuggling).
import http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { invokeLab } from '../../src/lab/dispatch'
import type { Lab } from '../../src/lab/lab-types'
import { RUNNER_TIMEOUT_MS } from '../../src/shared/limits'

const SLACK_MS = 3_000

let lab: Lab
const servers: net.Server[] = []

beforeAll(async () => {
  lab = await createLab({ dbPath: ':memory:', hashThreads: 1, workspace: { version: 1, settings: { bcryptCost: 4 } } })
})
afterAll(async () => {
  for (const s of servers) s.close()
  await lab?.close()
})

/** A raw TCP server that answers each connection's first bytes with `answer(socket)`. */
async function rawServer(answer: (socket: net.Socket) => void): Promise<string> {
  const server = net.createServer((socket) => {
    socket.on('error', () => {})
    socket.once('data', () => answer(socket))
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `127.0.0.1:${(server.address() as AddressInfo).port}`
}

const send = (target: string) =>
  invokeLab(lab.handlers, 'runner.send', {
    target,
    auth: { method: 'none' },
    params: [['grant_type', 'client_credentials']],
  })

describe('the runner against a server that misbehaves', () => {
  it(`one byte every second: cut at ${RUNNER_TIMEOUT_MS / 1000} s for the whole answer`, async () => {
    const host = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n')
      const drip = setInterval(() => (socket.writable ? socket.write(' ') : clearInterval(drip)), 1_000)
      socket.on('close', () => clearInterval(drip))
    })
    const started = performance.now()
    await expect(send(`http://${host}/token`)).rejects.toThrow(`within ${RUNNER_TIMEOUT_MS / 1000} s`)
    expect(performance.now() - started).toBeLessThan(RUNNER_TIMEOUT_MS + SLACK_MS)
  }, 60_000)
})

describe('a failure is said as what happened', () => {
  const plain = async () => {
    const server = http.createServer((_req, res) => res.end('{}'))
    servers.push(server)
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    return `127.0.0.1:${(server.address() as AddressInfo).port}`
  }
  const cases: Array<[string, () => Promise<string>, RegExp]> = [
    ['https:// to a plain-HTTP port', async () => `https://${await plain()}`, /does not speak TLS on that port/],
    [
      'ten thousand headers',
      async () => `http://${await rawServer((s) => s.end(`HTTP/1.1 200 OK\r\n${'X-Pad: v\r\n'.repeat(10_000)}\r\n`))}`,
      /headers are larger than \d+ KiB/,
    ],
    [
      'an answer that is not HTTP',
      async () => `http://${await rawServer((s) => s.end('hello\r\n\r\n'))}`,
      /not valid HTTP/,
    ],
  ]

  it.each(cases)('%s: by the runner', async (_name, base, said) => {
    await expect(send(`${await base()}/token`)).rejects.toThrow(said)
  })

  it.each(cases)('%s: by the proxy, in its 502 and the trace', async (_name, base, said) => {
    const proxy = await lab.proxy({ upstream: `${await base()}/token` })
    try {
      const res = await fetch(`${proxy.baseUrl}/token`, { method: 'POST', body: 'grant_type=client_credentials' })
      expect(res.status).toBe(502)
      expect(((await res.json()) as { error_description: string }).error_description).toMatch(said)
      const [latest] = (await lab.handlers['exchanges.list']({ limit: 1, offset: 0 })).items
      const e = await lab.handlers['exchanges.get']({ id: latest!.id, reveal: false })
      expect(e.trace.find((t) => t.step === 'proxy.relay')?.detail).toMatch(said)
    } finally {
      await proxy.close()
    }
  })
})

describe('a target URL with userinfo', () => {
  it('is refused before sending: node would add an Authorization header the record does not show', async () => {
    let received = ''
    const host = await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}'))
    servers.at(-1)!.on('connection', (s: net.Socket) => s.on('data', (d: Buffer) => (received += d.toString())))
    await expect(send(`http://someone:Url-S3cret@${host}/token`)).rejects.toThrow(/carries credentials/)
    await new Promise((r) => setTimeout(r, 100))
    expect(received).toBe('')
  })
})

describe('extra headers that frame the message', () => {
  it.each([
    ['Content-Length', '3'],
    ['Transfer-Encoding', 'chunked'],
    ['Host', 'other.example'],
    ['Connection', 'Upgrade'],
  ])('%s is refused, and nothing reaches the server', async (name, value) => {
    let received = ''
    const host = await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}'))
    const server = servers.at(-1)!
    server.on('connection', (s: net.Socket) => s.on('data', (d: Buffer) => (received += d.toString('latin1'))))
    const smuggled = 'abcGET /admin HTTP/1.1\r\nHost: x\r\n\r\n'
    const sent = invokeLab(lab.handlers, 'runner.send', {
      target: `http://${host}/token`,
      auth: { method: 'none' },
      params: [],
      rawBody: smuggled,
      extraHeaders: [[name, value]],
    })
    await expect(sent).rejects.toThrow(`the "${name}" header is the runner's own`)
    await new Promise((r) => setTimeout(r, 100))
    expect(received).toBe('')
  })
})
