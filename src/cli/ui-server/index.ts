// The browser bridge of `ropc-lab serve --ui`: the built renderer as static files, the LabApi
// over `POST /__lab/api/<method>` and lab events over Server-Sent Events (wire contract in
// src/shared/http-bridge.ts). This file routes; each job has its module: guards.ts, api.ts,
// events.ts, static-files.ts.
//
// Threat model: any web page the user visits can send requests to 127.0.0.1. So:
// - every API call and the event stream need a random 256-bit session token that only the
//   printed URL carries; a page of another origin cannot read it, and cannot send the custom
//   header without a CORS preflight, which we never approve (no CORS headers at all);
// - a Host header that does not name this server is refused, so a DNS-rebinding page (its own
//   name resolving to 127.0.0.1) gets nothing, not even the static files;
// - `Sec-Fetch-Site: cross-site|same-site` is refused on the API, where a browser sends it;
// - Referrer-Policy: no-referrer, so the token in the page URL never leaves in a Referer.
// Nothing here logs a URL, a header or a body: the token and the lab's secrets would be in them.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { isIP, type AddressInfo } from 'node:net'
import type { Lab } from '../../lab/lab-types'
import { LAB_API_PATH_PREFIX, LAB_EVENTS_PATH, SESSION_QUERY_PARAM } from '../../shared/http-bridge'
import { EVENT_STREAM_HEARTBEAT_MS, SLOW_CLIENT_TIMEOUTS, UI_BRIDGE_MAX_CONNECTIONS } from '../../shared/limits'
import { labApi } from './api'
import { labEventStreams } from './events'
import { createSession, hostAllowed, isWildcardHost, setSecurityHeaders } from './guards'
import { sendError } from './reply'
import { staticFiles } from './static-files'

export { hostAllowed } from './guards'

export interface UiServerOptions {
  lab: Lab
  /** Interface to bind; 127.0.0.1 unless the user asked for another. */
  host: string
  /** 0 takes a free port. */
  port: number
  /** The built renderer (out/renderer). */
  staticDir: string
  /** SSE heartbeat period; 15 s unless a test wants it shorter. */
  heartbeatMs?: number
}

export interface UiServer {
  /** The page to open, with `?session=<token>`: treat it as a secret. */
  url: string
  /** Ends open event streams and stops listening. Does not close the lab. */
  close(): Promise<void>
  /** Bytes written to open event streams that their clients have not taken yet (tests, soak). */
  eventStreamBufferedBytes(): number
}

export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const { lab, host } = options
  const session = createSession()
  const api = labApi(lab, session)
  const events = labEventStreams(lab, session, options.heartbeatMs ?? EVENT_STREAM_HEARTBEAT_MS)
  const files = await staticFiles(options.staticDir)
  let boundPort = 0

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res)
    if (!hostAllowed(req.headers.host, host, boundPort)) {
      return sendError(res, 403, 'bad_host', 'the Host header does not name this server')
    }
    const rawUrl = req.url ?? '/'
    if (!rawUrl.startsWith('/')) return sendError(res, 400, 'bad_path', 'expected an origin-form request target')
    const q = rawUrl.indexOf('?')
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q)

    if (rawPath.startsWith(LAB_API_PATH_PREFIX)) return api(req, res, rawPath.slice(LAB_API_PATH_PREFIX.length))
    if (rawPath === LAB_EVENTS_PATH)
      return events.handle(req, res, new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1)))
    if (rawPath.startsWith('/__lab/')) return sendError(res, 404, 'not_found', 'no such bridge endpoint')
    return files(req, res, rawPath)
  }

  // The same slow-client limits as the token server: the bridge is on loopback, but a stuck tab or
  // script must not hold sockets open for minutes (node's defaults are 60 s and 300 s).
  const server = createServer(SLOW_CLIENT_TIMEOUTS, (req, res) => {
    route(req, res).catch((err: unknown) => {
      // The error's message only: the request (URL, headers, body) may hold the token or secrets.
      console.error('[ropc-lab ui] request failed:', err instanceof Error ? err.message : String(err))
      if (!res.headersSent) sendError(res, 500, 'internal', 'the request failed; see the server log')
      else res.destroy()
    })
  })

  server.maxConnections = UI_BRIDGE_MAX_CONNECTIONS

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen({ host, port: options.port }, () => {
      server.off('error', reject)
      resolveListen()
    })
  })
  boundPort = (server.address() as AddressInfo).port

  return {
    url: `http://${urlHost(host)}:${boundPort}/?${SESSION_QUERY_PARAM}=${session.token}`,
    eventStreamBufferedBytes: () => events.bufferedBytes(),
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        events.endAll()
        server.close((err) => (err ? reject(err) : resolveClose()))
        // Idle keep-alive sockets would hold close() open for seconds.
        server.closeAllConnections()
      }),
  }
}

/** The host part of the printed URL: a wildcard bind is opened through loopback. */
function urlHost(host: string): string {
  if (isWildcardHost(host)) return '127.0.0.1'
  const bare = host.replace(/^\[|\]$/g, '')
  return isIP(bare) === 6 ? `[${bare}]` : bare
}
