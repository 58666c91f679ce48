// The exchange a relayed request becomes: what the client sent, what it got, the proxy's trace, the
// client findings on the request and — when the upstream answered — the server findings on that
// answer, the §2.3.1 pair included. Masking is the pipeline's (shared/masking.ts), for the request
// target's userinfo and query as for everything else.
import type http from 'node:http'
import { performance } from 'node:perf_hooks'
import type { HeaderList, TraceStep } from '../../shared/exchange'
import { maskTarget } from '../../shared/masking'
import type { ExchangeDraft } from '../../server/index'
import { parseBasicAuthorization } from '../../server/oauth/basic-auth'
import { judgeClientRequest } from '../../server/oauth/request-findings'
import { classifyEndpoint, type JudgedEndpoint } from '../../shared/response-checks/index'
import type { BasicPairs } from './basic-pairs'
import type { Upstream } from './upstream'

export interface Received {
  method: string
  /** The request-target as the client sent it. */
  target: string
  headers: HeaderList
  body: Buffer
}

export interface Outcome {
  /** Where it was relayed; absent when the proxy refused it. */
  url?: URL
  /** The request-target sent to `url`'s origin, as the client wrote it. */
  path?: string
  /** The answer as recorded: the upstream's, or the proxy's own (400, 413, 502, 504, 508). */
  answer: { status: number; headers: HeaderList; body: Buffer }
  /** What the client gets instead of `answer.body` (the rewritten metadata). */
  toClient?: Buffer
  trace: TraceStep[]
  /** The upstream answered this request: its answer is judged. */
  relayedAnswer: boolean
  /** Close the connection after the answer. */
  close?: boolean
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

export interface DraftInput {
  ctx: { upstream: Upstream }
  received: Received
  outcome: Outcome
  at: string
  started: number
  req: http.IncomingMessage
  pairs: BasicPairs
}

/** The upstream endpoint a relayed request went to, as the response checks name it. */
function judgedEndpoint(upstream: Upstream, url: URL, received: Received): JudgedEndpoint {
  return upstream.endpoints.get(url.pathname) ?? classifyEndpoint(url.href, received.method, received.body.toString())
}

export function exchangeDraft({ ctx, received, outcome, at, started, req, pairs }: DraftInput): ExchangeDraft {
  const { url, answer } = outcome
  // The endpoint name is stored as it is: a refused absolute-form target's userinfo and query masked first.
  const refusedTarget = maskTarget(received.target)
  const path = url?.pathname ?? refusedTarget.split('?')[0] ?? '/'
  const query = received.target.includes('?') ? received.target.slice(received.target.indexOf('?') + 1) : ''
  const findings = judgeClientRequest({
    method: received.method,
    query,
    headers: req.headers,
    body: received.body,
    secure: false,
    endpoint: url && ctx.upstream.endpoints.get(url.pathname),
  })
  const response = { status: answer.status, headers: answer.headers, body: answer.body.toString('utf8') }
  const request = {
    method: received.method,
    target: url ? `${url.origin}${outcome.path ?? `${url.pathname}${url.search}`}` : refusedTarget,
    headers: received.headers,
    body: received.body.toString('utf8'),
    ...(req.socket.remoteAddress !== undefined && { remoteAddress: req.socket.remoteAddress }),
  }
  const judgeAs = url && outcome.relayedAnswer ? judgedEndpoint(ctx.upstream, url, received) : undefined
  if (judgeAs !== undefined && judgeAs !== 'metadata' && judgeAs !== 'jwks' && judgeAs !== 'unknown') {
    // RFC 6749 §2.3.1: this answer and an earlier one with the same credentials, encoded the other way.
    findings.push(...pairs.judge({ endpoint: judgeAs, request: { ...request, url: request.target }, response }))
  }
  const grantType = formParam(received.body, 'grant_type')
  const clientId = clientIdOf(received, req.headers.authorization)
  const username = formParam(received.body, 'username')
  const error = errorOf(answer.body)
  return {
    origin: 'proxy',
    at,
    endpoint: path,
    method: received.method,
    ...(grantType && { grantType }),
    ...(clientId && { clientId }),
    ...(username && { username }),
    ...(error && { error }),
    durationMs: Math.round((performance.now() - started) * 100) / 100,
    hashMs: 0,
    request,
    response,
    trace: outcome.trace,
    findings,
    // No answer from upstream: the 400 / 413 / 502 / 504 / 508 is the proxy's own, nothing to judge.
    ...(judgeAs !== undefined && { judgeAs }),
  }
}
