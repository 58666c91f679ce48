// The browser bridge of `ropc-lab serve --ui`: the built renderer as static files, the LabApi
// over `POST /__lab/api/<method>` and lab events over Server-Sent Events (wire contract in
// src/shared/http-bridge.ts).
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
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile, realpath, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { isIP, type AddressInfo } from 'node:net'
import { extname, resolve, sep } from 'node:path'
import { dispatchLabCall, isLabMethod } from '../lab/dispatch'
import type { Lab } from '../lab/lab-types'
import type { LabErrorKind } from '../shared/lab-api'
import { APP_CSP } from '../shared/csp'
import {
  LAB_API_PATH_PREFIX,
  LAB_BODY_LIMIT_BYTES,
  LAB_EVENTS_PATH,
  SESSION_HEADER,
  SESSION_QUERY_PARAM,
  type UiBridgeErrorBody,
  type UiBridgeErrorCode,
} from '../shared/http-bridge'
import { LAB_EVENT_NAMES } from '../shared/ipc-channels'

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
}

const HEARTBEAT_MS = 15_000
/** After a 413 we keep reading (and dropping) this much, so the client sees the answer, not a reset. */
const DRAIN_AFTER_413_BYTES = 8 * 1024 * 1024

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
}

export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const { lab, host } = options
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS
  const token = randomBytes(32).toString('base64url')
  const tokenDigest = sha256(token)
  // Resolved once: every served file must really live under this directory (symlinks included).
  const root = await realpath(resolve(options.staticDir)).catch(() => resolve(options.staticDir))
  const openStreams = new Set<() => void>()
  let boundPort = 0

  const sessionOk = (presented: string | null | undefined): boolean =>
    typeof presented === 'string' && presented.length > 0 && timingSafeEqual(sha256(presented), tokenDigest)

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // The error's message only: the request (URL, headers, body) may hold the token or secrets.
      console.error('[ropc-lab ui] request failed:', err instanceof Error ? err.message : String(err))
      if (!res.headersSent) sendError(res, 500, 'internal', 'the request failed; see the server log')
      else res.destroy()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res)
    if (!hostAllowed(req.headers.host, host, boundPort)) {
      return sendError(res, 403, 'bad_host', 'the Host header does not name this server')
    }
    const rawUrl = req.url ?? '/'
    if (!rawUrl.startsWith('/')) return sendError(res, 400, 'bad_path', 'expected an origin-form request target')
    const q = rawUrl.indexOf('?')
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q)
    const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1))

    if (rawPath.startsWith(LAB_API_PATH_PREFIX)) return handleApi(req, res, rawPath.slice(LAB_API_PATH_PREFIX.length))
    if (rawPath === LAB_EVENTS_PATH) return handleEvents(req, res, query)
    if (rawPath.startsWith('/__lab/')) return sendError(res, 404, 'not_found', 'no such bridge endpoint')
    return serveStatic(req, res, rawPath)
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, rawMethod: string): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST')
      return sendError(res, 405, 'method_not_allowed', 'lab calls are POST requests')
    }
    if (isCrossSite(req)) return sendError(res, 403, 'cross_site', 'cross-site requests are refused')
    if (!sessionOk(headerValue(req, SESSION_HEADER))) {
      return sendError(res, 401, 'unauthorized', `missing or wrong ${SESSION_HEADER}: open the URL the CLI printed`)
    }
    let method: string
    try {
      method = decodeURIComponent(rawMethod)
    } catch {
      return sendError(res, 404, 'unknown_method', 'unknown lab method')
    }
    if (!isLabMethod(method))
      return sendError(res, 404, 'unknown_method', `unknown lab method "${method.slice(0, 100)}"`)
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
    if (contentType !== 'application/json') {
      return sendError(res, 415, 'unsupported_media_type', 'send the input as Content-Type: application/json')
    }

    const body = await readBody(req, res)
    if (body === null) return // 413 already sent
    let input: unknown
    if (body.length > 0) {
      try {
        input = JSON.parse(body.toString('utf8'))
      } catch {
        return sendError(res, 400, 'bad_json', 'the body is not valid JSON')
      }
    }
    // 200 also for `ok: false`: a lab error is a result the UI shows, not a transport failure.
    sendJson(res, 200, await dispatchLabCall(lab.handlers, method, input))
  }

  /** The whole body, or null after answering 413 when it exceeds the limit. */
  function readBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer | null> {
    const tooLarge = () => {
      // Answer at once, read and drop what the client is still sending (so it sees the 413 and
      // not a connection reset), and cut a client that keeps going.
      res.setHeader('Connection', 'close')
      sendError(res, 413, 'body_too_large', `the body exceeds ${LAB_BODY_LIMIT_BYTES} bytes`)
      let drained = 0
      req.removeAllListeners('data')
      req.on('data', (chunk: Buffer) => {
        drained += chunk.length
        if (drained > DRAIN_AFTER_413_BYTES) req.destroy()
      })
      req.resume()
    }
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > LAB_BODY_LIMIT_BYTES) {
      tooLarge()
      return Promise.resolve(null)
    }
    return new Promise((resolveBody, reject) => {
      const chunks: Buffer[] = []
      let size = 0
      let done = false
      req.on('data', (chunk: Buffer) => {
        if (done) return
        size += chunk.length
        if (size > LAB_BODY_LIMIT_BYTES) {
          done = true
          tooLarge()
          resolveBody(null)
          return
        }
        chunks.push(chunk)
      })
      req.on('end', () => {
        if (!done) {
          done = true
          resolveBody(Buffer.concat(chunks))
        }
      })
      req.on('error', (err) => {
        if (!done) {
          done = true
          reject(err)
        }
      })
    })
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET')
      return sendError(res, 405, 'method_not_allowed', 'the event stream is a GET request')
    }
    if (isCrossSite(req)) return sendError(res, 403, 'cross_site', 'cross-site requests are refused')
    // EventSource cannot set headers, so the token rides in the query; the header works too.
    if (!sessionOk(query.get(SESSION_QUERY_PARAM) ?? headerValue(req, SESSION_HEADER))) {
      return sendError(res, 401, 'unauthorized', 'missing or wrong session token')
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      // Tells a reverse proxy not to buffer the stream.
      'X-Accel-Buffering': 'no',
    })
    res.flushHeaders()
    res.write(': connected\n\n')
    // JSON.stringify escapes newlines, so each payload is one `data:` line.
    const offs = LAB_EVENT_NAMES.map((name) =>
      lab.events.on(name, (payload) => {
        res.write(`event: ${name}\ndata: ${JSON.stringify(payload ?? null)}\n\n`)
      }),
    )
    // A comment line keeps idle proxies and the browser from dropping the stream.
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs)
    heartbeat.unref()
    let cleaned = false
    const cleanup = () => {
      if (cleaned) return
      cleaned = true
      clearInterval(heartbeat)
      for (const off of offs) off()
      openStreams.delete(end)
    }
    const end = () => {
      cleanup()
      res.end()
    }
    openStreams.add(end)
    // `close` fires when the client goes away (tab closed, EventSource.close()).
    res.on('close', cleanup)
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD')
      return sendError(res, 405, 'method_not_allowed', 'only GET and HEAD here')
    }
    let path: string
    try {
      path = decodeURIComponent(rawPath)
    } catch {
      return sendError(res, 400, 'bad_path', 'malformed percent-encoding')
    }
    // The raw target is checked (Node does not normalize it): `..`, encoded or not, never resolves.
    if (path.includes('\0') || path.includes('\\') || path.split('/').some((s) => s === '..' || s === '.')) {
      return sendError(res, 400, 'bad_path', 'path traversal refused')
    }
    let rel = path.replace(/^\/+/, '')
    if (rel === '' || rel.endsWith('/')) rel += 'index.html'

    let file = await resolveInside(root, rel)
    // Client-side routes (no extension) get the app; a missing asset stays a 404.
    if (!file && extname(rel) === '') file = await resolveInside(root, 'index.html')
    if (!file) {
      const hint = rel === 'index.html' ? ' (the renderer is not built: run `npm run build`)' : ''
      return sendError(res, 404, 'not_found', `not found${hint}`)
    }
    const content = await readFile(file)
    const isHtml = extname(file).toLowerCase() === '.html'
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': content.length,
      // The page is tied to this run's token; assets are revalidated (a rebuild changes them).
      'Cache-Control': isHtml ? 'no-store' : 'no-cache',
    })
    res.end(req.method === 'HEAD' ? undefined : content)
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen({ host, port: options.port }, () => {
      server.off('error', reject)
      resolveListen()
    })
  })
  boundPort = (server.address() as AddressInfo).port
  const url = `http://${urlHost(host)}:${boundPort}/?${SESSION_QUERY_PARAM}=${token}`

  return {
    url,
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        for (const end of [...openStreams]) end()
        server.close((err) => (err ? reject(err) : resolveClose()))
        // Idle keep-alive sockets would hold close() open for seconds.
        server.closeAllConnections()
      }),
  }
}

// ---- helpers ----

function sha256(text: string): Buffer {
  // Hashing first gives equal-length inputs, which timingSafeEqual requires.
  return createHash('sha256').update(text, 'utf8').digest()
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()]
  return Array.isArray(v) ? v[0] : v
}

/** A browser's own word that the request comes from another site (absent for curl and tests). */
function isCrossSite(req: IncomingMessage): boolean {
  const site = headerValue(req, 'sec-fetch-site')
  return site === 'cross-site' || site === 'same-site'
}

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', APP_CSP)
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'no-referrer')
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  })
  res.end(text)
}

/** Which LabErrorKind a transport failure reads as, for clients that only know LabResult. */
const KIND_OF: Record<UiBridgeErrorCode, LabErrorKind> = {
  unauthorized: 'internal',
  bad_host: 'internal',
  cross_site: 'internal',
  bad_json: 'validation',
  bad_path: 'not_found',
  unknown_method: 'not_found',
  not_found: 'not_found',
  method_not_allowed: 'internal',
  unsupported_media_type: 'validation',
  body_too_large: 'validation',
  internal: 'internal',
}

function sendError(res: ServerResponse, status: number, code: UiBridgeErrorCode, message: string): void {
  const body: UiBridgeErrorBody = { ok: false, error: { kind: KIND_OF[code], message }, code }
  sendJson(res, status, body)
}

/** The real path of `rel` under `root`, or null when it is missing, a directory, or escapes root. */
async function resolveInside(root: string, rel: string): Promise<string | null> {
  const candidate = resolve(root, rel)
  if (!candidate.startsWith(root + sep)) return null
  try {
    const real = await realpath(candidate)
    if (!real.startsWith(root + sep)) return null
    return (await stat(real)).isFile() ? real : null
  } catch {
    return null
  }
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', ''])

function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name)
}

/**
 * DNS-rebinding guard: the Host must be the bound address (or `localhost`/a loopback literal when
 * bound to loopback, or any IP literal when bound to every interface) with the bound port.
 * A rebinding attack needs a DNS name of its own, which none of these is.
 */
export function hostAllowed(hostHeader: string | undefined, boundHost: string, boundPort: number): boolean {
  if (!hostHeader) return false
  const m = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(hostHeader) ?? /^([^:[\]]+)(?::(\d{1,5}))?$/.exec(hostHeader)
  if (!m) return false
  const name = m[1]!.toLowerCase()
  const port = m[2] === undefined ? 80 : Number(m[2])
  if (port !== boundPort) return false
  const bound = boundHost.replace(/^\[|\]$/g, '').toLowerCase()
  if (name === bound) return true
  if (isLoopbackName(bound)) return isLoopbackName(name)
  if (WILDCARD_HOSTS.has(bound)) return isIP(name) !== 0 || name === 'localhost'
  return false
}

function urlHost(host: string): string {
  const bare = host.replace(/^\[|\]$/g, '')
  if (WILDCARD_HOSTS.has(bare)) return '127.0.0.1'
  return isIP(bare) === 6 ? `[${bare}]` : bare
}
