// One HTTP request, start to end: route, read (with the limit), answer through the single catch
// point, hand the exchange to the pipeline (stored before the response leaves: see
// ExchangePipeline.record), write.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { performance } from 'node:perf_hooks'
import { headerListFromRaw, type HeaderList } from '../../shared/exchange'
import type { ExchangeDraft, ExchangePipeline } from '../exchanges/exchange-pipeline'
import { OAuthError } from '../oauth/errors'
import { metadataDocument } from '../oauth/metadata'
import { jsonReply, type Reply } from '../oauth/reply'
import { noteWrongMethod } from '../oauth/request'
import { answer, handleOAuthPost } from '../oauth/token-endpoint'
import { Trace } from '../oauth/trace'
import type { ServerServices } from '../services'
import { BODY_LIMIT, readBody } from './body'
import { findRoute, type Route, splitTarget } from './router'

export interface RequestHandlerDeps {
  svc: ServerServices
  pipeline: ExchangePipeline
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

export async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  deps: RequestHandlerDeps,
): Promise<void> {
  const { svc, pipeline } = deps
  const started = performance.now()
  const at = new Date(svc.now()).toISOString()
  const trace = new Trace()
  const method = req.method ?? 'GET'
  const target = req.url ?? '/'
  const { pathname, query } = splitTarget(target)
  const origin = pipeline.senders.originOf(req.socket)
  const senderPort = req.socket.remotePort

  let bodyText = ''
  let reply: Reply
  let closeConnection = false
  const route = findRoute(pathname)
  if (route === undefined) {
    trace.fail('route', `no endpoint at ${pathname}`)
    reply = jsonReply(404, { error: 'not_found', error_description: 'No endpoint at this path.' })
  } else if (!route.allow.includes(method)) {
    noteWrongMethod(route.name, method, query, req.headers, trace)
    reply = await methodNotAllowed(route, method, trace)
  } else if (route.kind === 'get') {
    reply = await answer(trace, () => getEndpoint(route, svc, trace))
  } else {
    const read = await readBody(req, BODY_LIMIT)
    if (read.kind === 'aborted') {
      trace.fail('request.body', 'the client closed the connection before the body was complete')
      pipeline.record(draft({ status: 0, headers: [], body: '' }), { senderPort })
      return
    }
    if (read.kind === 'too_large') {
      // Answer at once and close: reading the rest would let a client make us buffer without end.
      closeConnection = true
      reply = await answer(trace, async () => {
        trace.fail('request.body', `${read.size} bytes or more: over the ${BODY_LIMIT}-byte limit; not read`)
        throw new OAuthError('invalid_request', `The request body exceeds ${BODY_LIMIT / 1024} KiB.`, { status: 413 })
      })
    } else {
      bodyText = read.body.toString('utf8')
      reply = await handleOAuthPost(route.name, { query, headers: req.headers, body: read.body, trace }, svc)
    }
  }

  const headers: HeaderList = [...reply.headers, ['Content-Length', String(Buffer.byteLength(reply.body))]]
  if (closeConnection) headers.push(['Connection', 'close'])
  const sentBody = method === 'HEAD' ? '' : reply.body
  pipeline.record(draft({ status: reply.status, headers, body: sentBody }), {
    senderPort,
    then: (committed) => {
      // The writes behind this answer (tokens, lockout, the exchange) did not reach the database:
      // the answer would be a lie, so it becomes a server_error.
      const out = committed ? { headers, body: reply.body, status: reply.status } : STORE_FAILED
      res.statusCode = out.status
      for (const [name, value] of out.headers) res.setHeader(name, value)
      if (closeConnection) res.shouldKeepAlive = false
      res.end(out.body)
    },
  })

  function draft(response: ExchangeDraft['response']): ExchangeDraft {
    return {
      at,
      origin,
      endpoint: pathname,
      method,
      ...(trace.grantType !== undefined && { grantType: trace.grantType }),
      ...(trace.clientId !== undefined && { clientId: trace.clientId }),
      ...(trace.username !== undefined && { username: trace.username }),
      ...(trace.error !== undefined && { error: trace.error }),
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      hashMs: Math.round(trace.hashMs * 100) / 100,
      request: {
        method,
        target,
        headers: headerListFromRaw(req.rawHeaders),
        body: bodyText,
        ...(req.socket.remoteAddress !== undefined && { remoteAddress: req.socket.remoteAddress }),
      },
      response,
      trace: trace.steps,
      findings: trace.findings,
    }
  }
}
