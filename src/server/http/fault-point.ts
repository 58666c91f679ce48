// The one point of the request path where fault rules apply (workspace-format.md "Faults"): after the
// request is read (so its facts are known), before any check or hash. Costs nothing when no rule is
// active: the facts are only collected then.
import type { IncomingMessage } from 'node:http'
import { FAULT_ENDPOINTS, type FaultEndpoint } from '../../shared/fault-rules'
import {
  applyEffect,
  describeDecision,
  NO_FAULT,
  type FaultEngine,
  type FaultOutcome,
  type RequestFacts,
} from '../faults/index'
import { parseBasicAuthorization } from '../oauth/basic-auth'
import type { Trace } from '../oauth/trace'

export type { FaultOutcome } from '../faults/index'

/** A route fault rules know: they name the endpoints they act on, and the way-out endpoints are not among them. */
type FaultRoute = { name: FaultEndpoint }

const FAULT_ROUTES: ReadonlySet<string> = new Set(FAULT_ENDPOINTS)

function isFaultRoute(route: { name: string }): route is FaultRoute {
  return FAULT_ROUTES.has(route.name)
}

function factsOf(route: FaultRoute, req: IncomingMessage, body: Buffer | null): RequestFacts {
  const facts: RequestFacts = { endpoint: route.name }
  const basic = parseBasicAuthorization(req.headers.authorization)
  let params: URLSearchParams | null = null
  try {
    params = body && body.length > 0 ? new URLSearchParams(body.toString('utf8')) : null
  } catch {
    params = null
  }
  const clientId = basic.kind === 'basic' ? (basic.decoded?.id ?? basic.raw.id) : params?.get('client_id')
  if (clientId) facts.clientId = clientId
  const username = params?.get('username')
  if (username) facts.username = username
  const grantType = params?.get('grant_type')
  if (grantType) facts.grantType = grantType
  return facts
}

function wait(ms: number, req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    timer.unref()
    // A client that gives up ends the wait: nothing is left to answer.
    req.socket.once('close', done)
    function done(): void {
      clearTimeout(timer)
      req.socket.off('close', done)
      resolve()
    }
  })
}

export async function applyFaults(
  faults: FaultEngine,
  route: { name: string },
  req: IncomingMessage,
  body: Buffer | null,
  trace: Trace,
): Promise<FaultOutcome> {
  if (!faults.active || !isFaultRoute(route)) return NO_FAULT
  const decision = faults.decide(factsOf(route, req, body))
  if (!decision) return NO_FAULT
  trace.add('fault', 'info', describeDecision(decision))
  return applyEffect(decision.effect, { wait: (ms) => wait(ms, req) })
}
