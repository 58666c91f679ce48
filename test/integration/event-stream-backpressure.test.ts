// A stalled event-stream client (a tab that stopped reading) must not grow the UI server's memory
// without bound: what waits for it is capped (MAX_EVENT_STREAM_BUFFER_BYTES), then its stream is
// closed with the reason logged; a client that reads gets every event.
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { startUiServer, type UiServer } from '../../src/cli/ui-server'
import { MAX_EVENT_STREAM_BUFFER_BYTES } from '../../src/shared/limits'
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
function subscribe(read: boolean): Promise<{ socket: net.Socket; events: () => number; closed: Promise<void> }> {
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
