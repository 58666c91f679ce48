// A request refused before its body is read ends with its answer, on the UI bridge (wrong Host,
// cross-site, no session token) and on the token server (no such endpoint, wrong method): node must
// not go on reading and dropping a body nobody asked for. Any web page can send such a POST to
// 127.0.0.1 (`fetch(url, { mode: 'no-cors', method: 'POST', body })` needs no token), and with
// keep-alive the lab's process read gigabytes of it for REQUEST_TIMEOUT_MS.
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startUiServer, type UiServer } from '../../src/cli/ui-server'
import { REQUEST_TIMEOUT_MS } from '../../src/shared/limits'
import { createFakeLab } from '../helpers/fake-lab'
import { type Harness, startHarness } from '../helpers/token-server-harness'

const MiB = 1024 * 1024
/** Far more than the client can push before a server that closes at once is seen closing. */
const ANNOUNCED = 50 * 1024 * MiB

let ui: UiServer
let port: number
let dir: string
let h: Harness
beforeAll(async () => {
  h = await startHarness()
  dir = mkdtempSync(join(tmpdir(), 'ropc-refused-'))
  ui = await startUiServer({ lab: createFakeLab(), host: '127.0.0.1', port: 0, staticDir: dir })
  port = Number(new URL(ui.url).port)
})
afterAll(async () => {
  await h.close()
  await ui.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Announces a 50 GiB body and pushes it as fast as the server takes it, until the server closes. */
function hugeUpload(head: string, to = port): Promise<{ status: string; ms: number; sentMiB: number }> {
  return new Promise((resolve) => {
    const started = performance.now()
    const socket = net.connect(to, '127.0.0.1')
    const chunk = Buffer.alloc(MiB, 97)
    let sent = 0
    let reply = ''
    const pump = (): void => {
      while (!socket.destroyed && socket.write(chunk)) sent += chunk.length
      if (!socket.destroyed) socket.once('drain', pump)
    }
    const giveUp = setTimeout(() => socket.destroy(), REQUEST_TIMEOUT_MS + 5_000)
    socket.on('connect', () => {
      socket.write(`${head}Content-Type: text/plain\r\nContent-Length: ${ANNOUNCED}\r\n\r\n`)
      pump()
    })
    socket.on('data', (d: Buffer) => (reply += d.toString('latin1')))
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(giveUp)
      resolve({ status: reply.split('\r\n')[0]!, ms: performance.now() - started, sentMiB: sent / MiB })
    })
  })
}

it('the UI bridge closes the connection with the answer when it refuses a request before reading its body', async () => {
  const host = `Host: 127.0.0.1:${port}\r\n`
  const cases = await Promise.all([
    hugeUpload(`POST /__lab/api/server.status HTTP/1.1\r\n${host}`),
    hugeUpload(`POST /__lab/api/server.status HTTP/1.1\r\n${host}Sec-Fetch-Site: cross-site\r\n`),
    hugeUpload(`POST /__lab/api/server.status HTTP/1.1\r\nHost: rebound.example:${port}\r\n`),
    hugeUpload(`POST /index.html HTTP/1.1\r\n${host}`),
  ])
  expect(cases.map((c) => c.status)).toEqual([
    'HTTP/1.1 401 Unauthorized',
    'HTTP/1.1 403 Forbidden',
    'HTTP/1.1 403 Forbidden',
    'HTTP/1.1 405 Method Not Allowed',
  ])
  for (const c of cases) {
    // Kept alive, each read on until REQUEST_TIMEOUT_MS (30 s, gigabytes on loopback).
    expect(c.ms).toBeLessThan(5_000)
    expect(c.sentMiB).toBeLessThan(256)
  }
}, 60_000)

it('the token server closes the connection with a 404 or 405 sent before the body, and keeps a GET alive', async () => {
  const tokenPort = Number(new URL(h.baseUrl).port)
  const host = `Host: 127.0.0.1:${tokenPort}\r\n`
  const cases = await Promise.all([
    hugeUpload(`POST /no-such-endpoint HTTP/1.1\r\n${host}`, tokenPort),
    hugeUpload(`POST /.well-known/oauth-authorization-server HTTP/1.1\r\n${host}`, tokenPort),
  ])
  expect(cases.map((c) => c.status)).toEqual(['HTTP/1.1 404 Not Found', 'HTTP/1.1 405 Method Not Allowed'])
  for (const c of cases) {
    expect(c.ms).toBeLessThan(5_000)
    expect(c.sentMiB).toBeLessThan(256)
  }
  // A request with no body keeps its connection: only an unread body ends it.
  const head = await firstResponseHead(tokenPort, `GET /no-such-endpoint HTTP/1.1\r\n${host}\r\n`)
  expect(head).toMatch(/^HTTP\/1\.1 404 /)
  expect(head).toMatch(/\r\nConnection: keep-alive\r\n/i)
}, 60_000)

/** Sends `request` on a fresh socket and resolves with the head of the first response. */
function firstResponseHead(to: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(to, '127.0.0.1', () => socket.write(request))
    let text = ''
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1')
      const end = text.indexOf('\r\n\r\n')
      if (end >= 0) {
        socket.destroy()
        resolve(text.slice(0, end + 2))
      }
    })
    socket.on('error', reject)
  })
}
