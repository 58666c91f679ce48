// One HTTP request, start to end: route, read (with the limit), answer through the single catch
// point, hand the exchange to the pipeline (stored before the response leaves: see
// ExchangePipeline.record), write.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { performance } from 'node:perf_hooks'
import { headerListFromRaw, type HeaderList } from '../../shared/exchange'
import type { ExchangeDraft, ExchangePipeline } from '../exchanges/exchange-pipeline'
import type { FaultEngine } from '../faults/index'
import { OAuthError } from '../oauth/errors'
import { metadataDocument } from '../oauth/metadata'
import { jsonReply, type Reply } from '../oauth/reply'
import { noteWrongMethod } from '../oauth/request'
import { answer, handleOAuthPost } from '../oauth/token-endpoint'
import { Trace } from '../oauth/trace'
import type { ServerServices } from '../services'
import { BODY_LIMIT, readBody } from './body'
import { applyFaults } from './fault-point'
import { authorizeGet, authorizePost } from '../oauth/authorize/authorize-endpoint'
import { findRoute, type Route, splitTarget } from './router'

export interface RequestHandlerDeps {
  svc: ServerServices
  pipeline: ExchangePipeline
  faults: FaultEngine
}

const STORE_FAILED_BODY = JSON.stringify({
  error: 'server_error',
  error_description: 'The server encountered an unexpected condition.',
})
const STORE_FAILED = {
  status: 500,
  body: STORE_FAILED_BODY,
  headers: [
    ['Content-Type', 'application/json'],
    ['Cache-Control', 'no-store'],
    ['Content-Length', String(Buffer.byteLength(STORE_FAILED_BODY))],
  ] as HeaderList,
}

async function getEndpoint(route: Extract<Route, { kind: 'get' }>, svc: ServerServices, trace: Trace): Promise<Reply> {
  if (route.name === 'metadata') {
    trace.ok('metadata', `RFC 8414 metadata for issuer ${svc.issuer()}`)
    return jsonReply(200, metadataDocument(svc))
  }
  const jwks = svc.keys.jwks()
  trace.ok('jwks', `${jwks.keys.length} public key(s)`)
  return jsonReply(200, jwks)
}

function methodNotAllowed(route: Route, method: string, trace: Trace): Promise<Reply> {
  return answer(trace, async () => {
    trace.fail('request.method', `${method} on an endpoint that accepts ${route.allow.join(', ')}`)
    throw new OAuthError(
      'invalid_request',
      route.kind === 'oauth'
        ? `The ${route.name} endpoint accepts POST only (RFC 6749 section 3.2).`
        : `This endpoint accepts ${route.allow.join(' and ')} only.`,
      { status: 405, headers: [['Allow', route.allow.join(', ')]] },
    )
  })
}

/** What handling a route produced: a reply, or none (the connection ended, or a fault dropped it). */
interface Handled {
  reply: Reply | null
  bodyText: string
  closeConnection: boolean
}

/** One request as it arrived: what routing needs, and what its exchange draft is built from. */
interface RequestContext {
  req: IncomingMessage
  at: string
  started: number
  origin: ExchangeDraft['origin']
  method: string
  target: string
  pathname: string
  query: string
  trace: Trace
  deps: RequestHandlerDeps
}

// A module function rather than a closure per request: tsx's keepNames names every per-request closure, a cost
// the bench's malformed requests pay.
function handled(reply: Reply | null, bodyText = '', closeConnection = false): Handled {
  return { reply, bodyText, closeConnection }
}

async function handleRoute(route: Route | undefined, ctx: RequestContext): Promise<Handled> {
  const { req, method, trace, deps } = ctx
  const { svc } = deps
  if (route === undefined) {
    trace.fail('route', `no endpoint at ${ctx.pathname}`)
    return handled(jsonReply(404, { error: 'not_found', error_description: 'No endpoint at this path.' }))
  }
  if (!route.allow.includes(method)) {
    noteWrongMethod(route.name, method, ctx.query, req.headers, trace)
    return handled(await methodNotAllowed(route, method, trace))
  }
  if (route.kind === 'authorize' && method !== 'POST') {
    const reply = await answer(trace, async () => authorizeGet(svc, ctx.query, trace))
    return handled(method === 'HEAD' ? { ...reply, body: '' } : reply)
  }
  if (route.kind === 'get') {
    const fault = await applyFaults(deps.faults, route, req, null, trace)
    if (fault.kind === 'reply') return handled(fault.reply)
    if (fault.kind === 'drop') return handled(null)
    return handled(await answer(trace, () => getEndpoint(route, svc, trace)))
  }
  const read = await readBody(req, BODY_LIMIT)
  if (read.kind === 'aborted') {
    trace.fail('request.body', 'the client closed the connection before the body was complete')
    return handled(null)
  }
  if (read.kind === 'too_large') {
    // Answer at once and close: reading the rest would let a client make us buffer without end.
    const reply = await answer(trace, async () => {
      trace.fail('request.body', `${read.size} bytes or more: over the ${BODY_LIMIT}-byte limit; not read`)
      throw new OAuthError('invalid_request', `The request body exceeds ${BODY_LIMIT / 1024} KiB.`, { status: 413 })
    })
    return handled(reply, '', true)
  }
  const bodyText = read.body.toString('utf8')
  if (route.kind === 'authorize')
    return handled(await answer(trace, () => authorizePost(svc, req.headers, read.body, trace)), bodyText)
  const fault = await applyFaults(deps.faults, route, req, read.body, trace)
  if (fault.kind === 'reply') return handled(fault.reply, bodyText)
  if (fault.kind === 'drop') return handled(null, bodyText)
  const overrides = fault.kind === 'issue' ? fault.overrides : undefined
  const secure = (req.socket as { encrypted?: boolean }).encrypted === true
  const incoming = {
    query: ctx.query,
    headers: req.headers,
    body: read.body,
    trace,
    secure,
    ...(overrides && { overrides }),
  }
  return handled(await handleOAuthPost(route.name, incoming, svc), bodyText)
}

function draftOf(a: RequestContext, bodyText: string, response: ExchangeDraft['response']): ExchangeDraft {
  const { req, trace, method } = a
  return {
    at: a.at,
    origin: a.origin,
    endpoint: a.pathname,
    method,
    ...(trace.grantType !== undefined && { grantType: trace.grantType }),
    ...(trace.flow !== undefined && { flow: trace.flow }),
    ...(trace.clientId !== undefined && { clientId: trace.clientId }),
    ...(trace.username !== undefined && { username: trace.username }),
    ...(trace.error !== undefined && { error: trace.error }),
    durationMs: Math.round((performance.now() - a.started) * 100) / 100,
    hashMs: Math.round(trace.hashMs * 100) / 100,
    request: {
      method,
      target: a.target,
      headers: headerListFromRaw(req.rawHeaders),
      body: bodyText,
      ...(req.socket.remoteAddress !== undefined && { remoteAddress: req.socket.remoteAddress }),
    },
    response,
    trace: trace.steps,
    findings: trace.findings,
  }
}

/** Writes the answer once the writes behind it are committed (the exchange pipeline's `then`). */
function answerOnCommit(
  res: ServerResponse,
  reply: Reply,
  headers: HeaderList,
  closeConnection: boolean,
): (committed: boolean) => void {
  return (committed) => {
    // The writes behind this answer (tokens, lockout, the exchange) did not reach the database:
    // the answer would be a lie, so it becomes a server_error.
    const out = committed ? { headers, body: reply.body, status: reply.status } : STORE_FAILED
    res.statusCode = out.status
    for (const [name, value] of out.headers) res.setHeader(name, value)
    if (closeConnection) res.shouldKeepAlive = false
    res.end(out.body)
  }
}

export async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  deps: RequestHandlerDeps,
): Promise<void> {
  const { svc, pipeline } = deps
  const target = req.url ?? '/'
  const { pathname, query } = splitTarget(target)
  const ctx: RequestContext = {
    req,
    at: new Date(svc.now()).toISOString(),
    started: performance.now(),
    origin: pipeline.senders.originOf(req.socket),
    method: req.method ?? 'GET',
    target,
    pathname,
    query,
    trace: new Trace(),
    deps,
  }
  const { method } = ctx
  const senderPort = req.socket.remotePort

  const outcome = await handleRoute(findRoute(pathname), ctx)
  const { reply, bodyText } = outcome
  // A body left unread (a 404 or 405 answered before it): kept alive, node would read and drop it
  // until REQUEST_TIMEOUT_MS, gigabytes on loopback. The connection ends with the answer instead.
  const closeConnection = outcome.closeConnection || !req.complete
  if (reply === null) {
    // No answer: the client left, or a `drop` fault closes the connection as a crashed server would.
    if (!req.socket.destroyed) req.socket.destroy()
    pipeline.record(draftOf(ctx, bodyText, { status: 0, headers: [], body: '' }), { senderPort })
    return
  }

  const headers: HeaderList = [...reply.headers, ['Content-Length', String(Buffer.byteLength(reply.body))]]
  if (closeConnection) headers.push(['Connection', 'close'])
  const sentBody = method === 'HEAD' ? '' : reply.body
  pipeline.record(draftOf(ctx, bodyText, { status: reply.status, headers, body: sentBody }), {
    senderPort,
    then: answerOnCommit(res, reply, headers, closeConnection),
  })
}
