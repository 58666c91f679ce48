// The recording proxy (cli.md `proxy`): a legacy client talks to the lab, the lab relays each request
// unchanged to the real server and its answer back, and every exchange goes through the one pipeline
// with origin "proxy" — client findings on what the client sent, server findings on what the server
// answered, tokens masked. No answer from upstream: 502 (unreachable) or 504 (timeout), with a body
// that says so and an exchange that records it.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { headerListFromRaw, type HeaderList } from '../../shared/exchange'
import type { ExchangeDraft, ExchangePipeline } from '../../server/index'
import { parseBasicAuthorization } from '../../server/oauth/basic-auth'
import { judgeClientRequest } from '../../server/oauth/request-findings'
import { classifyEndpoint } from '../../shared/response-checks/index'
import { endToEndHeaders, relay, type RelayAnswer } from './relay'
import { rewriteMetadata, type Upstream } from './upstream'

const BODY_LIMIT = 1024 * 1024

export interface RecordingProxyOptions {
  upstream: Upstream
  pipeline: ExchangePipeline
  host: string
  port: number
}

export interface RecordingProxy {
  readonly baseUrl: string
  readonly upstream: Upstream
  close(): Promise<void>
}

interface Received {
  method: string
  target: string
  headers: HeaderList
  body: Buffer
}

function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > BODY_LIMIT) {
        resolve(null)
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', () => resolve(null))
  })
}

function formParam(body: Buffer, name: string): string | undefined {
  try {
    return new URLSearchParams(body.toString('utf8')).get(name) || undefined
  } catch {
    return undefined
  }
}

function clientIdOf(received: Received, authorization: string | undefined): string | undefined {
  const basic = parseBasicAuthorization(authorization)
  if (basic.kind === 'basic') return basic.decoded?.id ?? basic.raw.id
  return formParam(received.body, 'client_id')
}

function errorOf(body: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { error?: unknown }
    return typeof parsed.error === 'string' ? parsed.error : undefined
  } catch {
    return undefined
  }
}

/** The proxy's own answer when the upstream gave none (RFC 9110 §15.6.3 502, §15.6.5 504). */
function gatewayFailure(answer: Exclude<RelayAnswer, { kind: 'answer' }>, url: string) {
  const status = answer.kind === 'timeout' ? 504 : 502
  const body = Buffer.from(
    JSON.stringify({
      error: answer.kind === 'timeout' ? 'upstream_timeout' : 'upstream_unreachable',
      error_description: `ROPC Lab proxy: ${url} gave no usable answer (${answer.message}).`,
    }),
  )
  const headers: HeaderList = [
    ['Content-Type', 'application/json'],
    ['Cache-Control', 'no-store'],
  ]
  return { status, headers, body }
}

export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy> {
  const { upstream, pipeline } = options
  let baseUrl = ''

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = performance.now()
    const at = new Date().toISOString()
    const target = req.url ?? '/'
    const upstreamUrl = new URL(target, upstream.origin)
    const body = await readBody(req)
    const received: Received = {
      method: req.method ?? 'GET',
      target,
      headers: headerListFromRaw(req.rawHeaders),
      body: body ?? Buffer.alloc(0),
    }
    const trace: ExchangeDraft['trace'] = []
    let answer: { status: number; headers: HeaderList; body: Buffer }
    let relayed: Buffer | null = null
    let relayedAnswer = false
    if (body === null) {
      trace.push({ step: 'proxy.body', outcome: 'fail', detail: `request body over ${BODY_LIMIT} bytes: not relayed` })
      answer = gatewayFailure({ kind: 'too_large', message: 'request body too large', ms: 0 }, upstreamUrl.href)
      answer.status = 413
    } else {
      const result = await relay(upstream.target, {
        method: received.method,
        url: upstreamUrl,
        headers: received.headers,
        body,
      })
      if (result.kind === 'answer') {
        trace.push({
          step: 'proxy.relay',
          outcome: 'ok',
          detail: `relayed to ${upstreamUrl.href}: ${result.status}`,
          ms: result.ms,
        })
        answer = { status: result.status, headers: endToEndHeaders(result.headers), body: result.body }
        relayedAnswer = true
        if (upstream.endpoints.get(upstreamUrl.pathname) === 'metadata' && result.status === 200) {
          relayed = rewriteMetadata(result.body, upstream.origin, baseUrl)
          if (relayed) {
            trace.push({
              step: 'proxy.metadata',
              outcome: 'info',
              detail: `endpoint URLs rewritten to ${baseUrl} so the client keeps talking to the proxy (issuer kept)`,
            })
          }
        }
      } else {
        trace.push({
          step: 'proxy.relay',
          outcome: 'fail',
          detail: `${upstreamUrl.href}: ${result.message}`,
          ms: result.ms,
        })
        answer = gatewayFailure(result, upstreamUrl.href)
      }
    }
    const toClient = relayed ?? answer.body
    const clientHeaders: HeaderList = [
      ...answer.headers.filter(([k]) => k.toLowerCase() !== 'content-length'),
      ['Content-Length', String(toClient.length)],
    ]
    const authorization = req.headers.authorization
    const query = target.includes('?') ? target.slice(target.indexOf('?') + 1) : ''
    const clientId = clientIdOf(received, authorization)
    const grantType = formParam(received.body, 'grant_type')
    const username = formParam(received.body, 'username')
    const error = errorOf(answer.body)
    const findings = judgeClientRequest({
      method: received.method,
      query,
      headers: req.headers,
      body: received.body,
      secure: false,
      endpoint: upstream.endpoints.get(upstreamUrl.pathname),
    })
    pipeline.record(
      {
        origin: 'proxy',
        at,
        endpoint: upstreamUrl.pathname,
        method: received.method,
        ...(grantType && { grantType }),
        ...(clientId && { clientId }),
        ...(username && { username }),
        ...(error && { error }),
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        hashMs: 0,
        request: {
          method: received.method,
          target: upstreamUrl.href,
          headers: received.headers,
          body: received.body.toString('utf8'),
          ...(req.socket.remoteAddress !== undefined && { remoteAddress: req.socket.remoteAddress }),
        },
        response: { status: answer.status, headers: answer.headers, body: answer.body.toString('utf8') },
        trace,
        findings,
        // No answer from upstream: the 502 / 504 is the proxy's own, nothing to judge.
        ...(relayedAnswer && {
          judgeAs:
            upstream.endpoints.get(upstreamUrl.pathname) ??
            classifyEndpoint(upstreamUrl.href, received.method, received.body.toString('utf8')),
        }),
      },
      {
        then: () => {
          res.statusCode = answer.status
          for (const [name, value] of clientHeaders) res.appendHeader(name, value)
          res.end(toClient)
        },
      },
    )
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error(`ropc-lab: proxy request failed: ${err instanceof Error ? err.message : String(err)}`)
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
      res.end(JSON.stringify({ error: 'proxy_error', error_description: 'ROPC Lab proxy: unexpected failure.' }))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  baseUrl = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`
  return {
    baseUrl,
    upstream,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
