// The recording proxy (cli.md `proxy`): a legacy client talks to the lab, the lab relays each request
// unchanged to the real server and its answer back, and every exchange goes through the one pipeline
// with origin "proxy" — client findings on what the client sent, server findings on what the server
// answered, tokens masked. No answer from upstream: 502 (unreachable) or 504 (timeout), with a body
// that says so and an exchange that records it. It relays only to the upstream's origin, never to
// itself (a Via loop is answered 508), and a body over the limit gets a 413 the client can read.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { headerListFromRaw, type HeaderList, type TraceStep } from '../../shared/exchange'
import type { ExchangeDraft, ExchangePipeline } from '../../server/index'
import { BasicPairs } from './basic-pairs'
import { exchangeDraft, type Outcome, type Received } from './proxy-record'
import { readProxyBody, PROXY_BODY_LIMIT } from './request-body'
import { endToEndHeaders, relay, type RelayAnswer } from './relay'
import { upstreamUrlFor } from './target'
import { rewriteMetadata, type Upstream } from './upstream'
import { checkLoop, loopAnswer, newProxyId, viaEntry } from './via'
import { maskTarget } from '../../shared/masking'
import { isMetadataPath } from '../../shared/metadata-urls'
import {
  KEEP_ALIVE_TIMEOUT_MS,
  PROXY_MAX_CONNECTIONS,
  PROXY_MAX_RELAYS,
  PROXY_MAX_WAITING,
  SLOW_CLIENT_TIMEOUTS,
} from '../../shared/limits'
import { RelayGate } from './relay-gate'

export interface RecordingProxyOptions {
  upstream: Upstream
  pipeline: ExchangePipeline
  host: string
  port: number
  /** Keep the upstream's `issuer` in relayed metadata instead of the proxy's own URL. */
  keepIssuer?: boolean
}

export interface RecordingProxy {
  readonly baseUrl: string
  readonly upstream: Upstream
  readonly keepIssuer: boolean
  close(): Promise<void>
}

const JSON_HEADERS: HeaderList = [
  ['Content-Type', 'application/json'],
  ['Cache-Control', 'no-store'],
]

/** The proxy's own answer: `error` and a description that never holds a credential. */
function ownAnswer(status: number, error: string, description: string, extra: HeaderList = []) {
  const body = Buffer.from(JSON.stringify({ error, error_description: `ROPC Lab proxy: ${description}` }))
  return { status, headers: [...JSON_HEADERS, ...extra], body }
}

/** The proxy's own answer when the upstream gave none (RFC 9110 §15.6.3 502, §15.6.5 504). */
function gatewayFailure(answer: Exclude<RelayAnswer, { kind: 'answer' }>, shownUrl: string) {
  const timeout = answer.kind === 'timeout'
  return ownAnswer(
    timeout ? 504 : 502,
    timeout ? 'upstream_timeout' : 'upstream_unreachable',
    `${shownUrl} gave no usable answer (${answer.message}).`,
  )
}

/** Set on a request whose `Expect: 100-continue` was answered with the 413 rather than 100. */
interface ContinueRefusal {
  continueRefused?: boolean
}

interface ProxyContext {
  id: string
  upstream: Upstream
  keepIssuer: boolean
  baseUrl: () => string
  gate: RelayGate
}

/** RFC 9110 §15.6.4: too many requests already wait for the upstream; not relayed. */
function busy(url: URL, path: string): Outcome {
  const detail = `${PROXY_MAX_RELAYS} requests relayed and ${PROXY_MAX_WAITING} waiting already: not relayed; answered 503`
  const answer = ownAnswer(
    503,
    'temporarily_unavailable',
    `too many requests at once (${PROXY_MAX_RELAYS} relayed, ${PROXY_MAX_WAITING} waiting); this one was not relayed, try again.`,
    [['Retry-After', '1']],
  )
  return { url, path, answer, trace: [{ step: 'proxy.busy', outcome: 'fail', detail }], relayedAnswer: false }
}

/** Relays to `url` and turns the answer (or its absence) into the outcome the client gets. */
async function relayed(ctx: ProxyContext, received: Received, url: URL, path: string): Promise<Outcome> {
  const trace: TraceStep[] = []
  // The URL as the trace and the client may see it: credentials in its query masked (RFC 6749 §2.3.1, §3.2).
  const shown = maskTarget(`${url.origin}${path}`)
  const result = await ctx.gate.run(() =>
    relay(ctx.upstream.target, {
      method: received.method,
      url,
      path,
      headers: [...received.headers, ['Via', viaEntry(ctx.id)]],
      body: received.body,
    }),
  )
  if (result === null) return busy(url, path)
  if (result.kind !== 'answer') {
    trace.push({ step: 'proxy.relay', outcome: 'fail', detail: `${shown}: ${result.message}`, ms: result.ms })
    return { url, path, answer: gatewayFailure(result, shown), trace, relayedAnswer: false }
  }
  trace.push({ step: 'proxy.relay', outcome: 'ok', detail: `relayed to ${shown}: ${result.status}`, ms: result.ms })
  const answer = { status: result.status, headers: endToEndHeaders(result.headers), body: result.body }
  if (checkLoop(result.headers, ctx.id).kind === 'own') {
    // The answer is this proxy's own 508 to itself: the one record of the loop is this one.
    trace.push({
      step: 'proxy.loop',
      outcome: 'fail',
      detail: 'the upstream is this proxy itself: the request came back to it (RFC 9110 §7.6.3 Via); not relayed again',
    })
    return { url, path, answer, trace, relayedAnswer: false }
  }
  const outcome: Outcome = { url, path, answer, trace, relayedAnswer: true }
  const isMetadata = ctx.upstream.endpoints.get(url.pathname) === 'metadata' || isMetadataPath(url.pathname)
  if (isMetadata && result.status === 200) rewriteForClient(ctx, outcome)
  return outcome
}

/** RFC 8414: the relayed metadata names the proxy's URLs, so the client keeps talking to the proxy. */
function rewriteForClient(ctx: ProxyContext, outcome: Outcome): void {
  const where = {
    upstreamOrigin: ctx.upstream.origin,
    proxyBaseUrl: ctx.baseUrl(),
    metadataPath: outcome.url!.pathname,
  }
  const rewritten = rewriteMetadata(outcome.answer.body, where, ctx.keepIssuer)
  if (!rewritten) return
  outcome.toClient = rewritten.body
  const { issuer } = rewritten
  const said =
    issuer.kind === 'rewritten'
      ? `issuer rewritten from ${issuer.from} to ${issuer.to} (RFC 8414 §3.3; --keep-issuer keeps the upstream's)`
      : issuer.kind === 'kept'
        ? `issuer kept as the upstream's ${issuer.value} (--keep-issuer): a client checking RFC 8414 §3.3 refuses it`
        : 'the upstream metadata has no issuer'
  outcome.trace.push({
    step: 'proxy.metadata',
    outcome: 'info',
    detail: `endpoint URLs rewritten to ${ctx.baseUrl()} so the client keeps talking to the proxy; ${said}`,
  })
}

/** What the client gets for the request it sent, relayed or answered by the proxy itself. */
async function decide(ctx: ProxyContext, req: http.IncomingMessage, received: Received): Promise<Outcome | null> {
  const body = await readProxyBody(req, (req as ContinueRefusal).continueRefused === true)
  if (body.kind === 'aborted') {
    const trace: TraceStep[] = [
      { step: 'proxy.body', outcome: 'fail', detail: 'the client closed the connection before its body was complete' },
    ]
    return { answer: { status: 0, headers: [], body: Buffer.alloc(0) }, trace, relayedAnswer: false }
  }
  if (body.kind === 'too_large') return tooLarge(body.size, body.drained)
  received.body = body.body
  const loop = checkLoop(received.headers, ctx.id)
  if (loop.kind === 'own') return null
  if (loop.kind === 'too_many') {
    const trace: TraceStep[] = [
      { step: 'proxy.loop', outcome: 'fail', detail: `${loop.hops} Via entries: not relayed` },
    ]
    return { answer: loopAnswer(loop, ctx.id), trace, relayedAnswer: false }
  }
  const target = upstreamUrlFor(received.target, ctx.upstream.origin)
  if (target.kind === 'refused') {
    const trace: TraceStep[] = [{ step: 'proxy.target', outcome: 'fail', detail: `${target.reason}: not relayed` }]
    return { answer: ownAnswer(400, 'invalid_request', `${target.reason}.`), trace, relayedAnswer: false }
  }
  return relayed(ctx, received, target.url, target.path)
}

function tooLarge(size: number, drained: boolean): Outcome {
  const limit = `${PROXY_BODY_LIMIT / 1024 / 1024} MiB`
  const detail = drained
    ? `request body of ${size} bytes or more, over the ${limit} limit: not relayed; answered 413`
    : `request body still coming after ${size} bytes, over the ${limit} limit: not relayed; answered 413 and ` +
      'closed the connection while the client was still sending, so it may have seen a reset instead'
  return {
    answer: ownAnswer(413, 'invalid_request', `the request body exceeds ${limit}; it was not relayed.`, [
      ['Connection', 'close'],
    ]),
    trace: [{ step: 'proxy.body', outcome: 'fail', detail }],
    relayedAnswer: false,
    close: true,
  }
}

export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy> {
  const { upstream, pipeline } = options
  let baseUrl = ''
  const ctx: ProxyContext = {
    id: newProxyId(),
    upstream,
    keepIssuer: options.keepIssuer === true,
    baseUrl: () => baseUrl,
    gate: new RelayGate(),
  }
  const pairs = new BasicPairs()

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = performance.now()
    const at = new Date().toISOString()
    const received: Received = {
      method: req.method ?? 'GET',
      target: req.url ?? '/',
      headers: headerListFromRaw(req.rawHeaders),
      body: Buffer.alloc(0),
    }
    const outcome = await decide(ctx, req, received)
    if (outcome === null) {
      // The request came back to the proxy that sent it: answered, not recorded — the sending side
      // records the one exchange, with the loop in its trace.
      const loop = loopAnswer({ kind: 'own', id: ctx.id }, ctx.id)
      res.writeHead(loop.status, loop.headers.flat()).end(loop.body)
      return
    }
    const draft: ExchangeDraft = exchangeDraft({ ctx, received, outcome, at, started, req, pairs })
    pipeline.record(draft, { then: () => answerClient(res, outcome) })
  }

  // Slow-loris protection as on the token server: node's own defaults (60 s for the headers, 5 minutes
  // for the request, checked every 30 s) let one client trickling a byte at a time hold a socket for minutes.
  const server = http.createServer(SLOW_CLIENT_TIMEOUTS, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error(`ropc-lab: proxy request failed: ${err instanceof Error ? err.message : String(err)}`)
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
      res.end(JSON.stringify({ error: 'proxy_error', error_description: 'ROPC Lab proxy: unexpected failure.' }))
    })
  })
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS
  server.maxConnections = PROXY_MAX_CONNECTIONS
  const port = await listenOn(server, options.host, options.port)
  baseUrl = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`
  return {
    baseUrl,
    upstream,
    keepIssuer: ctx.keepIssuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** Starts listening; returns the port. */
async function listenOn(server: http.Server, host: string, port: number): Promise<number> {
  // RFC 9110 §10.1.1: a body announced over the limit is refused before the client sends it.
  server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (Number(req.headers['content-length']) > PROXY_BODY_LIMIT) {
      ;(req as ContinueRefusal).continueRefused = true
    } else res.writeContinue()
    server.emit('request', req, res)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  return (server.address() as AddressInfo).port
}

/** Writes the outcome to the client, once its exchange is stored. */
function answerClient(res: http.ServerResponse, outcome: Outcome): void {
  if (outcome.answer.status === 0) {
    res.destroy()
    return
  }
  const toClient = outcome.toClient ?? outcome.answer.body
  const { status } = outcome.answer
  const others = outcome.answer.headers.filter(([k]) => k.toLowerCase() !== 'content-length')
  // RFC 9110 §8.6: no Content-Length on a 1xx or 204; on a HEAD answer or a 304 it is the length a GET
  // would have had, so the upstream's is kept (node sends no body for them either way).
  const headers: HeaderList =
    status < 200 || status === 204
      ? others
      : (res.req.method === 'HEAD' || status === 304) && outcome.relayedAnswer
        ? outcome.answer.headers
        : [...others, ['Content-Length', String(toClient.length)]]
  res.statusCode = status
  for (const [name, value] of headers) res.appendHeader(name, value)
  if (outcome.close) res.shouldKeepAlive = false
  res.end(toClient)
}
