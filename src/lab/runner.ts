// The composer's request runner: sends a request over real HTTP, exactly as buildTokenRequest
// shows it, and captures the raw response. Sent to the embedded server, the exchange is the one
// the server records (with its trace and findings); sent elsewhere, the runner records it.
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import type { Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import type { Exchange, HeaderList } from '../shared/exchange'
import { LabError, type LabParsedInput } from '../shared/lab-api'
import { maskFormBody, maskHeaders } from '../shared/masking'
import { buildTokenRequest, type BuiltRequest } from '../shared/token-request'
import type { TokenServer } from '../server/index'
import type { Store } from '../store/index'

const RESPONSE_LIMIT = 1024 * 1024
const TIMEOUT_MS = 30_000

export interface RunnerDeps {
  store: Store
  server: TokenServer
  recorded: (e: Exchange) => void
}

interface Captured {
  status: number
  headers: HeaderList
  body: string
  ms: number
  localPort: number | null
}

function pairs(raw: string[]): HeaderList {
  const out: HeaderList = []
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!])
  return out
}

function send(built: BuiltRequest, onSocket: (socket: Socket) => void): Promise<Captured> {
  const url = new URL(built.url)
  const client = url.protocol === 'https:' ? https : http
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: built.method,
        headers: Object.fromEntries([...built.headers, ['Content-Length', String(Buffer.byteLength(built.body))]]),
        agent: false,
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (c: Buffer) => {
          size += c.length
          if (size > RESPONSE_LIMIT) {
            req.destroy(new Error('response larger than 1 MiB'))
            return
          }
          chunks.push(c)
        })
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: pairs(res.rawHeaders),
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
            localPort: res.socket?.localPort ?? null,
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('socket', (socket: Socket) => {
      if (socket.connecting) socket.once('connect', () => onSocket(socket))
      else onSocket(socket)
    })
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)))
    req.on('error', reject)
    req.end(built.body)
  })
}

function isEmbedded(url: string, server: TokenServer): boolean {
  const addr = server.address
  if (!addr) return false
  const u = new URL(url)
  return (
    u.protocol === 'http:' && (u.hostname === addr.host || u.hostname === 'localhost') && Number(u.port) === addr.port
  )
}

export async function runComposerRequest(deps: RunnerDeps, input: LabParsedInput<'runner.send'>): Promise<Exchange> {
  const { server, store } = deps
  let built: BuiltRequest
  try {
    built = buildTokenRequest(input, server.address?.baseUrl ?? null)
  } catch (err) {
    throw new LabError('validation', err instanceof Error ? err.message : String(err))
  }
  const embedded = isEmbedded(built.url, server)
  const waiting = embedded ? server.awaitComposerExchange() : null
  let captured: Captured
  try {
    captured = await send(built, (socket) => {
      if (embedded && socket.localPort) waiting!.expect(socket.localPort)
    })
  } catch (err) {
    waiting?.cancel()
    throw new LabError(
      'validation',
      `could not reach ${built.url}: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
  if (waiting) {
    const recorded = await waiting.exchange
    if (recorded) return recorded
  }
  // Another server: record what the client side saw (no server trace to show).
  const url = new URL(built.url)
  const params = new URLSearchParams(built.body)
  const exchange: Exchange = {
    id: randomUUID(),
    at: new Date().toISOString(),
    origin: 'composer',
    endpoint: url.pathname,
    method: built.method,
    status: captured.status,
    ...(params.get('grant_type') && { grantType: params.get('grant_type')! }),
    ...(input.auth.clientId && { clientId: input.auth.clientId }),
    ...(params.get('username') && { username: params.get('username')! }),
    ...(errorCode(captured.body) && { error: errorCode(captured.body)! }),
    durationMs: captured.ms,
    findingCount: 0,
    hashMs: 0,
    request: {
      method: built.method,
      target: built.url,
      headers: maskHeaders(built.headers),
      body: maskFormBody(built.body),
    },
    response: { status: captured.status, headers: captured.headers, body: captured.body },
    trace: [
      {
        step: 'runner.target',
        outcome: 'info',
        detail: `sent to ${url.origin} (not the embedded server: no server trace)`,
      },
    ],
    findings: [],
  }
  store.exchanges.insert(exchange)
  deps.recorded(exchange)
  return exchange
}

function errorCode(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { error?: unknown }
    return typeof parsed.error === 'string' ? parsed.error : null
  } catch {
    return null
  }
}
