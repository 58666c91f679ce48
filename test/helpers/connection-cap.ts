// A listener's connection cap (server.maxConnections), on real sockets: hold `cap` connections with a
// request begun and never finished, see the next one closed unanswered, free one, see the next served.
// The held connections are opened by a child process: on the other core, thousands open well within
// the headers timeout that would otherwise free them during the test.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import net from 'node:net'
import { expect } from 'vitest'

/** One raw HTTP/1.1 request on its own connection; status 0 when the server closed it without an answer. */
export function oneRequest(port: number, head: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    let text = ''
    socket.setEncoding('latin1')
    socket.on('data', (d: string) => (text += d))
    socket.on('error', () => {})
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) })
    })
    socket.write(`${head}\r\nConnection: close\r\n\r\n`)
  })
}

/** The child: opens COUNT connections to PORT, says `ready`; on each input line closes one and says `freed`. */
const HOLDER = `
const net = require('node:net')
const [port, count] = process.argv.slice(1).map(Number)
const sockets = []
let open = 0
for (let i = 0; i < count; i++) {
  const s = net.connect(port, '127.0.0.1', () => { if (++open === count) process.stdout.write('ready\\n') })
  s.on('error', () => {})
  s.write('GET / HTTP/1.1\\r\\nHost: x\\r\\n')
  sockets.push(s)
}
process.stdin.on('data', () => { sockets.pop().destroy(); setTimeout(() => process.stdout.write('freed\\n'), 200) })
`

/**
 * With `cap` connections held, a new one (sending `head`) is closed unanswered; once one is freed the next is
 * answered with `servedStatus`. Until the listener has accepted every held connection (a full accept queue
 * makes a few of them retry), a new one is still served: probe until one is refused, within a bound.
 */
export async function expectConnectionCap(port: number, cap: number, head: string, servedStatus: number) {
  const holder = spawn(process.execPath, ['-e', HOLDER, String(port), String(cap)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  try {
    holder.stdout.setEncoding('utf8')
    await once(holder.stdout, 'data')
    const deadline = Date.now() + PROBE_FOR_MS
    let probe = await oneRequest(port, head)
    while (probe.status !== 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100))
      probe = await oneRequest(port, head)
    }
    expect(probe, `a new connection past ${cap} held ones`).toEqual({ status: 0, body: '' })
    // Refused: the listener holds `cap` connections, all the holder's. One fewer, and the next is served.
    holder.stdin.write('free\n')
    await once(holder.stdout, 'data')
    expect((await oneRequest(port, head)).status).toBe(servedStatus)
  } finally {
    holder.kill()
  }
}

/** Well within HEADERS_TIMEOUT_MS, which would free the held connections itself. */
const PROBE_FOR_MS = 5_000
