// The lab's request runner: sends a request over real HTTP, exactly as buildTokenRequest shows it,
// and records it through the one exchange pipeline. Sent to the embedded server, the exchange is
// the one the server records (with its trace and findings, marked with the sender's origin); sent
// elsewhere, the runner hands what it sent and what came back to the same pipeline.
import http from 'node:http'
import https from 'node:https'
import type { Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import { headerListFromRaw, type Exchange, type HeaderList } from '../shared/exchange'
import { LabError, type LabParsedInput } from '../shared/lab-api'
import { buildTokenRequest, sendsBody, type BuiltRequest } from '../shared/token-request'
import { classifyEndpoint } from '../shared/response-checks/index'
import { describeConnectionError } from './discovery/index'
import type { ExchangeDraft, TokenServer } from '../server/index'
import { RUNNER_RESPONSE_LIMIT_BYTES, RUNNER_TIMEOUT_MS } from '../shared/limits'

/** Who asks the runner to send: recorded as the exchange's origin. */
export type SenderOrigin = 'composer' | 'scenario'

export interface RequestRunner {
  /**
   * Sends one request and resolves with its exchange once stored: masked as stored, but with the
   * response as received (the sender needs the real tokens to refresh, introspect or revoke).
   */
  send(request: LabParsedInput<'runner.send'>, origin?: SenderOrigin): Promise<Exchange>
}

interface Captured {
  status: number
  headers: HeaderList
  body: string
  ms: number
}

/** The headers as they go on the wire: ours, then what Node adds (Host, Content-Length). */
function wireHeaders(built: BuiltRequest): HeaderList {
  const url = new URL(built.url)
  const headers: HeaderList = [['Host', url.host], ...built.headers]
  if (sendsBody(built)) headers.push(['Content-Length', String(Buffer.byteLength(built.body))])
  return headers
}

function send(built: BuiltRequest, onSocket: (socket: Socket) => void, ca?: string): Promise<Captured> {
  const url = new URL(built.url)
  const client = url.protocol === 'https:' ? https : http
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: built.method,
        headers: wireHeaders(built).flat(),
        agent: false,
        setHost: false,
        ...(ca !== undefined && { ca }),
      },
      (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (c: Buffer) => {
          size += c.length
          if (size > RUNNER_RESPONSE_LIMIT_BYTES) {
            req.destroy(new Error('response larger than 1 MiB'))
            return
          }
          chunks.push(c)
        })
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: headerListFromRaw(res.rawHeaders),
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('socket', (socket: Socket) => {
      if (socket.connecting) socket.once('connect', () => onSocket(socket))
      else onSocket(socket)
    })
    // The whole exchange, connection to last byte: a socket timeout restarts with each byte, so a server
    // trickling one byte every few seconds would hold the composer, a scenario or a pack for ever.
    const deadline = setTimeout(
      () => req.destroy(new Error(`no complete answer within ${RUNNER_TIMEOUT_MS / 1000} s`)),
      RUNNER_TIMEOUT_MS,
    )
    req.on('close', () => clearTimeout(deadline))
    req.on('error', reject)
    req.end(sendsBody(built) ? built.body : undefined)
  })
}

function isEmbedded(url: string, server: TokenServer): boolean {
  const addr = server.address
  if (!addr) return false
  const u = new URL(url)
  const scheme = addr.tls ? 'https:' : 'http:'
  const loopbackName = u.hostname === 'localhost' || u.hostname === '[::1]'
  return u.protocol === scheme && (u.hostname === addr.host || loopbackName) && Number(u.port) === addr.port
}

function formParam(body: string, name: string): string | undefined {
  try {
    return new URLSearchParams(body).get(name) || undefined
  } catch {
    return undefined
  }
}

function errorCode(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: unknown }
    return typeof parsed.error === 'string' ? parsed.error : undefined
  } catch {
    return undefined
  }
}

/** What another server's exchange looks like to the pipeline: what was sent and what came back. */
function draftOf(
  built: BuiltRequest,
  input: LabParsedInput<'runner.send'>,
  captured: Captured,
  origin: SenderOrigin,
  at: string,
): ExchangeDraft {
  const url = new URL(built.url)
  const grantType = formParam(built.body, 'grant_type')
  const username = formParam(built.body, 'username')
  const error = errorCode(captured.body)
  return {
    origin,
    at,
    endpoint: url.pathname,
    method: built.method,
    ...(grantType && { grantType }),
    ...(input.auth.clientId && { clientId: input.auth.clientId }),
    ...(username && { username }),
    ...(error && { error }),
    durationMs: Math.round(captured.ms * 100) / 100,
    hashMs: 0,
    request: { method: built.method, target: built.url, headers: wireHeaders(built), body: built.body },
    response: { status: captured.status, headers: captured.headers, body: captured.body },
    trace: [
      {
        step: 'runner.target',
        outcome: 'info',
        detail: `sent to ${url.origin} (not the embedded server): its answer is judged by the response checks`,
      },
    ],
    findings: [],
    judgeAs: classifyEndpoint(built.url, built.method, built.body),
  }
}

export function createRequestRunner(server: TokenServer): RequestRunner {
  return {
    async send(input, origin = 'composer') {
      let built: BuiltRequest
      try {
        built = buildTokenRequest(input, server.address?.baseUrl ?? null)
      } catch (err) {
        throw new LabError('validation', err instanceof Error ? err.message : String(err))
      }
      const embedded = isEmbedded(built.url, server)
      const waiting = embedded ? server.exchanges.senders.awaitExchange(origin) : null
      // The lab trusts its own certificate when it talks to its own server over HTTPS.
      const ca = embedded && server.address?.tls ? await server.certificatePem() : undefined
      const at = new Date().toISOString()
      let captured: Captured
      try {
        captured = await send(
          built,
          (socket) => {
            if (socket.localPort) waiting?.expect(socket.localPort)
          },
          ca,
        )
      } catch (err) {
        waiting?.cancel()
        throw new LabError('validation', sendFailure(built.url, err))
      }
      if (waiting) {
        const recorded = await waiting.exchange
        if (recorded) return recorded
      }
      return server.exchanges.recordAndWait(draftOf(built, input, captured, origin, at))
    },
  }
}

/** Said as what happened: a server that was reached and closed the connection is not "unreachable". */
function sendFailure(url: string, err: unknown): string {
  const why = describeConnectionError(err)
  const unreached = /^(nothing is listening|the host name does not resolve|the TLS handshake failed)/.test(why)
  return unreached ? `could not reach ${url}: ${why}` : `no answer from ${url}: ${why}`
}
