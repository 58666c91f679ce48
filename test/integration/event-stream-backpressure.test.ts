// A stalled event-stream client (a tab that stopped reading) must not grow the UI server's memory
// without bound: what waits for it is capped (MAX_EVENT_STREAM_BUFFER_BYTES), then its stream is
// closed with the reason logged; a client that reads gets every event. Streams open at once are capped
// (MAX_EVENT_STREAMS): the oldest gives way, so the newest page always gets its events.
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { startUiServer, type UiServer } from '../../src/cli/ui-server'
import { MAX_EVENT_STREAM_BUFFER_BYTES, MAX_EVENT_STREAMS } from '../../src/shared/limits'
import type { LabEvents } from '../../src/shared/lab-api'
import { createFakeLab, type FakeLab } from '../helpers/fake-lab'

const EVENTS = 400
const PAYLOAD_BYTES = 64 * 1024

let dir: string
let lab: FakeLab
let ui: UiServer
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-sse-'))
  lab = createFakeLab()
  ui = await startUiServer({ lab, host: '127.0.0.1', port: 0, staticDir: dir })
})
afterAll(async () => {
  await ui.close()
  rmSync(dir, { recursive: true, force: true })
})

/** A raw client on its own socket; `read: false` stops reading once the response has started. */
interface Subscriber {
  socket: net.Socket
  events: () => number
  closed: Promise<void>
}

function subscribe(read: boolean): Promise<Subscriber> {
  const url = new URL(ui.url)
  const marker = 'event: exchange.recorded'
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), '127.0.0.1')
    let head = ''
    let tail = ''
    let events = 0
    let started = false
    const closed = new Promise<void>((done) => socket.on('close', () => done()))
    socket.on('error', () => {})
    socket.write(`GET /__lab/events?session=${url.searchParams.get('session')} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`)
    socket.on('data', (d: Buffer) => {
      if (!started) {
        head += d.toString('utf8')
        if (!head.includes(': connected')) return
        started = true
        if (!read) socket.pause()
        resolve({ socket, events: () => events, closed })
        return
      }
      // Count events as they come, keeping only a marker's length of text between chunks.
      const text = tail + d.toString('utf8')
      events += text.split(marker).length - 1
      tail = text.slice(-(marker.length - 1))
    })
  })
}

it('a client that stops reading: the server buffers at most the bound, then closes its stream', async () => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
  const stalled = await subscribe(false)
  const reader = await subscribe(true)
  const payload = { id: 'x', blob: 'a'.repeat(PAYLOAD_BYTES) } as unknown as LabEvents['exchange.recorded']
  let most = 0
  for (let i = 0; i < EVENTS; i++) {
    lab.emit('exchange.recorded', payload)
    most = Math.max(most, ui.eventStreamBufferedBytes())
    // Let the sockets move what they can, as real events arrive over time.
    if (i % 4 === 0) await sleep(2)
  }
  // Far more was sent than the kernel's socket buffers hold, so the bound was what held.
  expect(EVENTS * PAYLOAD_BYTES).toBeGreaterThan(20 * MAX_EVENT_STREAM_BUFFER_BYTES)
  // Two streams (the stalled one and the reader, which this same event loop feeds): each bounded.
  expect(most).toBeLessThanOrEqual(2 * (MAX_EVENT_STREAM_BUFFER_BYTES + 2 * PAYLOAD_BYTES))
  // Reading again, the stalled client finds its stream ended.
  stalled.socket.resume()
  await stalled.closed
  expect(errors.mock.calls.flat().join(' ')).toMatch(/event stream closed: its client stopped reading/)
  // The healthy client got every event.
  await vi.waitFor(() => expect(reader.events()).toBe(EVENTS), {
    timeout: 10_000,
  })
  reader.socket.destroy()
  errors.mockRestore()
}, 30_000)

it('more streams than the cap: the oldest are closed, the newest still gets its events', async () => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
  const EXTRA = 8
  const streams: Subscriber[] = []
  // Each opened only after the one before is answered, so "oldest" is well defined; none of them reads.
  for (let i = 0; i < MAX_EVENT_STREAMS + EXTRA; i++) streams.push(await subscribe(i === MAX_EVENT_STREAMS + EXTRA - 1))
  const closedNow = async (s: Subscriber) => Promise.race([s.closed.then(() => true), sleep(50).then(() => false)])
  await vi.waitFor(async () => {
    for (const s of streams.slice(0, EXTRA)) expect(await closedNow(s)).toBe(true)
  })
  for (const s of streams.slice(EXTRA)) expect(await closedNow(s)).toBe(false)
  expect(errors.mock.calls.flat().join(' ')).toMatch(new RegExp(`${MAX_EVENT_STREAMS} were open, the oldest gave way`))
  const newest = streams.at(-1)!
  lab.emit('exchange.recorded', { id: 'y' } as unknown as LabEvents['exchange.recorded'])
  await vi.waitFor(() => expect(newest.events()).toBe(1))
  for (const s of streams) s.socket.destroy()
  errors.mockRestore()
}, 30_000)
