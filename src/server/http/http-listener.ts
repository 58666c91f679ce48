// The node:http adapter's listener: binds the address the lab gives (127.0.0.1), hands each request
// to handleRequest, and closes with a grace period. No OAuth rule lives here.
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { SLOW_CLIENT_TIMEOUTS } from '../../shared/limits'
import type { ListenAddress } from '../token-server-types'
import { handleRequest, type RequestHandlerDeps } from './handle-request'
import {
  CLOSE_GRACE_MS,
  KEEP_ALIVE_TIMEOUT_MS,
  TLS_HANDSHAKE_TIMEOUT_MS,
  TOKEN_SERVER_MAX_CONNECTIONS,
} from '../../shared/limits'

const LAST_RESORT_BODY = JSON.stringify({
  error: 'server_error',
  error_description: 'The server encountered an unexpected condition.',
})

export interface HttpListener {
  readonly address: ListenAddress
  close(): Promise<void>
}

function baseUrlOf(scheme: 'http' | 'https', host: string, port: number): string {
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`
}

/**
 * Listens on host:port; with `tls` (the options of https.createServer: the lab's certificate and key)
 * over HTTPS, as RFC 6749 §1.6 and §3.2 require of a real token endpoint.
 */
export async function listenHttp(
  host: string,
  port: number,
  deps: RequestHandlerDeps,
  tls?: https.ServerOptions,
): Promise<HttpListener> {
  // Slow-loris protection: the headers within 10 s, the whole request within 30 s. A field sent twice is
  // joined as a list (RFC 9110 §5.3), as node otherwise keeps the first Authorization or Content-Type and drops
  // the rest silently: two sets of client credentials then read as one, which the endpoint refuses (RFC 6749
  // §2.3: one method, once) rather than authenticating whichever came first.
  const timeouts = { ...SLOW_CLIENT_TIMEOUTS, joinDuplicateHeaders: true }
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    handleRequest(req, res, deps).catch((err: unknown) => {
      // Not reachable through the catch point; a last resort that still answers without details.
      console.error(
        `ropc-lab: request failed outside the catch point: ${err instanceof Error ? err.message : String(err)}`,
      )
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
        res.end(LAST_RESORT_BODY)
      } else {
        res.destroy()
      }
    })
  }
  // Over TLS the HTTP limits start only once the handshake is done: the handshake has its own bound.
  const srv = tls
    ? https.createServer({ ...timeouts, ...tls, handshakeTimeout: TLS_HANDSHAKE_TIMEOUT_MS }, onRequest)
    : http.createServer(timeouts, onRequest)
  srv.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS
  // A bound on sockets (and so file descriptors): idle connections opened by the thousand cannot starve the
  // process of the descriptors SQLite, the exports and the other listeners need.
  srv.maxConnections = TOKEN_SERVER_MAX_CONNECTIONS
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject)
    srv.listen(port, host, () => {
      srv.off('error', reject)
      resolve()
    })
  })
  const bound = srv.address() as AddressInfo
  return {
    address: { host, port: bound.port, baseUrl: baseUrlOf(tls ? 'https' : 'http', host, bound.port), tls: !!tls },
    close: () =>
      new Promise<void>((resolve) => {
        const cut = setTimeout(() => srv.closeAllConnections(), CLOSE_GRACE_MS)
        srv.close(() => {
          clearTimeout(cut)
          resolve()
        })
        srv.closeIdleConnections()
      }),
  }
}
