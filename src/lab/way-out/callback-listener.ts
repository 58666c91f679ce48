// The lab's loopback redirect receiver for the authorization code flow (RFC 8252 §7.3): an HTTP
// listener on 127.0.0.1, on a port the system picks, that takes one redirect, answers the browser
// with a short page and closes. It waits a bounded time and reads nothing but the request line.
import http from 'node:http'
import {
  CALLBACK_MAX_CONNECTIONS,
  CALLBACK_REQUEST_TIMEOUT_MS,
  CALLBACK_WAIT_MS,
  SLOW_CLIENT_TIMEOUTS,
} from '../../shared/limits'
export { CALLBACK_WAIT_MS }

export interface CallbackListener {
  /** `http://127.0.0.1:PORT<path>` */
  redirectUri: string
  /** The redirect's query parameters, or null when the wait ran out or the listener was closed. */
  received: Promise<URLSearchParams | null>
  close(): void
}

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ROPC Lab</title></head>
<body><p>The lab received the answer of the sign-in page. You can close this tab and return to the lab.</p></body></html>`

export async function openCallbackListener(path: string): Promise<CallbackListener> {
  let settle: (q: URLSearchParams | null) => void = () => {}
  const received = new Promise<URLSearchParams | null>((resolve) => (settle = resolve))
  // The slow-client limits, checked every CONNECTIONS_CHECKING_INTERVAL_MS (at node's default, 30 s, a client
  // holding a socket with half a request line lived 30 to 40 s past its limit); a redirect is one short GET.
  const timeouts = {
    ...SLOW_CLIENT_TIMEOUTS,
    headersTimeout: CALLBACK_REQUEST_TIMEOUT_MS,
    requestTimeout: CALLBACK_REQUEST_TIMEOUT_MS,
  }
  const server = http.createServer(timeouts, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (req.method !== 'GET' || url.pathname !== path) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
      return
    }
    res
      .writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': "default-src 'none'",
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
        Connection: 'close',
      })
      .end(PAGE)
    settle(url.searchParams)
    close()
  })
  server.maxHeadersCount = 50
  const timer = setTimeout(() => close(), CALLBACK_WAIT_MS)
  timer.unref()
  function close(): void {
    clearTimeout(timer)
    settle(null)
    server.close()
    server.closeAllConnections()
  }
  server.maxConnections = CALLBACK_MAX_CONNECTIONS
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as { port: number }
  return { redirectUri: `http://127.0.0.1:${port}${path}`, received, close }
}
