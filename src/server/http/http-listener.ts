// The node:http adapter's listener: binds the address the lab gives (127.0.0.1), hands each request
// to handleRequest, and closes with a grace period. No OAuth rule lives here.
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { SLOW_CLIENT_TIMEOUTS } from '../../shared/limits'
import type { ListenAddress } from '../token-server-types'
import { handleRequest, type RequestHandlerDeps } from './handle-request'
import { CLOSE_GRACE_MS, KEEP_ALIVE_TIMEOUT_MS, TLS_HANDSHAKE_TIMEOUT_MS } from '../../shared/limits'

const LAST_RESORT_BODY = JSON.stringify({
  error: 'server_error',
  error_description: 'The server encountered an unexpected condition.',
})

export interface HttpListener {
  readonly address: ListenAddress
  close(): Promise<void>
}

/** Fields that hold one value (RFC 9110 §5.3: not lists) and that the endpoints read. */
const SINGLE_FIELDS = new Set(['authorization', 'content-type'])

/**
 * Node keeps the first of two Authorization or Content-Type field lines and drops the rest silently,
 * so a request with two sets of client credentials was authenticated with whichever came first (and
 * a proxy in front may well pick the last). RFC 9110 §5.3: a sender MUST NOT send such a field
 * twice, and a recipient combines field lines as a comma-separated list; so combine them, and the
 * endpoint sees the list for what it is, a value it refuses (RFC 6749 §2.3: one method, once).
 * One pass over the raw lines, and nothing written unless a field came twice (the hot path).
 */
function keepDuplicateFields(req: http.IncomingMessage): void {
  let seen: Map<string, string[]> | null = null
  const raw = req.rawHeaders
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase()
    if (!SINGLE_FIELDS.has(name)) continue
    seen ??= new Map()
    const values = seen.get(name)
    if (values) values.push(raw[i + 1]!)
    else seen.set(name, [raw[i + 1]!])
  }
  if (seen === null) return
  for (const [name, values] of seen) if (values.length > 1) req.headers[name] = values.join(', ')
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
  // Slow-loris protection: the headers within 10 s, the whole request within 30 s.
  const timeouts = SLOW_CLIENT_TIMEOUTS
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    keepDuplicateFields(req)
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
