// `GET /__lab/events`: the lab's events as Server-Sent Events, one stream per open page.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Lab } from '../../lab/lab-types'
import { SESSION_HEADER, SESSION_QUERY_PARAM } from '../../shared/http-bridge'
import { MAX_EVENT_STREAM_BUFFER_BYTES, MAX_EVENT_STREAMS } from '../../shared/limits'
import { LAB_EVENT_NAMES } from '../../shared/ipc-channels'
import { headerValue, isCrossSite, type Session } from './guards'
import { sendError } from './reply'

export interface LabEventStreams {
  handle(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void
  /** Ends every open stream (the server is closing). */
  endAll(): void
  /** Bytes queued in open streams, not yet taken by the socket. */
  bufferedBytes(): number
}

export function labEventStreams(lab: Lab, session: Session, heartbeatMs: number): LabEventStreams {
  /** Each open stream's `end` (graceful) and `evict` (at once, even with bytes waiting), oldest first. */
  const open = new Map<ServerResponse, { end: () => void; evict: () => void }>()
  const responses = new Set<ServerResponse>()

  function handle(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET')
      return sendError(res, 405, 'method_not_allowed', 'the event stream is a GET request')
    }
    if (isCrossSite(req)) return sendError(res, 403, 'cross_site', 'cross-site requests are refused')
    // EventSource cannot set headers, so the token rides in the query; the header works too.
    if (!session.accepts(query.get(SESSION_QUERY_PARAM) ?? headerValue(req, SESSION_HEADER))) {
      return sendError(res, 401, 'unauthorized', 'missing or wrong session token')
    }
    // Bounded: the oldest stream gives way, so the page opened last is never the one refused.
    while (open.size >= MAX_EVENT_STREAMS) {
      const oldest = open.values().next().value!
      console.error(`[ropc-lab ui] an event stream closed: ${MAX_EVENT_STREAMS} were open, the oldest gave way`)
      oldest.evict()
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      // Tells a reverse proxy not to buffer the stream.
      'X-Accel-Buffering': 'no',
    })
    res.flushHeaders()
    let cleaned = false
    res.write(': connected\n\n')
    // What waits for a client that stopped reading is bounded: past MAX_EVENT_STREAM_BUFFER_BYTES
    // its stream is closed (EventSource reconnects once the page reads again) rather than growing
    // the server's memory for as long as the tab stays stalled.
    const send = (chunk: string): void => {
      if (cleaned) return
      const waiting = res.writableLength
      if (waiting > 0 && waiting + Buffer.byteLength(chunk) > MAX_EVENT_STREAM_BUFFER_BYTES) {
        console.error(
          `[ropc-lab ui] an event stream closed: its client stopped reading (${waiting} bytes waiting, limit ${MAX_EVENT_STREAM_BUFFER_BYTES})`,
        )
        evict()
        return
      }
      res.write(chunk)
    }
    // JSON.stringify escapes newlines, so each payload is one `data:` line.
    const offs = LAB_EVENT_NAMES.map((name) =>
      lab.events.on(name, (payload) => send(`event: ${name}\ndata: ${JSON.stringify(payload ?? null)}\n\n`)),
    )
    // A comment line keeps idle proxies and the browser from dropping the stream.
    const heartbeat = setInterval(() => send(': heartbeat\n\n'), heartbeatMs)
    heartbeat.unref()
    const cleanup = () => {
      if (cleaned) return
      cleaned = true
      clearInterval(heartbeat)
      for (const off of offs) off()
      open.delete(res)
    }
    const end = () => {
      cleanup()
      res.end()
    }
    const evict = () => {
      cleanup()
      res.destroy()
    }
    open.set(res, { end, evict })
    responses.add(res)
    res.on('close', () => responses.delete(res))
    // `close` fires when the client goes away (tab closed, EventSource.close()).
    res.on('close', cleanup)
  }

  return {
    handle,
    bufferedBytes: () => [...responses].reduce((sum, r) => sum + r.writableLength, 0),
    endAll: () => {
      for (const { end } of [...open.values()]) end()
    },
  }
}
