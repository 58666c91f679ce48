// The one point of the request path where fault rules apply (workspace-format.md "Faults"): after the
// request is read (so its facts are known), before any check or hash. Costs nothing when no rule is
// active: the facts are only collected then.
import type { IncomingMessage } from 'node:http'
import { describeDecision, faultReply, type FaultEngine, type RequestFacts } from '../faults/index'
import { parseBasicAuthorization } from '../oauth/basic-auth'
import type { Reply } from '../oauth/reply'
import type { Trace } from '../oauth/trace'
import type { IssueOverrides } from '../tokens/token-service'

export type FaultOutcome =
  | { kind: 'none' }
  /** Answer with this instead of handling the request (error, body). */
  | { kind: 'reply'; reply: Reply }
  /** Close the connection with no answer. */
  | { kind: 'drop' }
  /** Handle the request, issuing tokens with these lifetimes or this clock. */
  | { kind: 'issue'; overrides: IssueOverrides }

const NONE: FaultOutcome = { kind: 'none' }

/** The endpoints fault rules know (the way-out endpoints are not among them). */
export type FaultRoute = { name: RequestFacts['endpoint'] }

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
  route: FaultRoute,
  req: IncomingMessage,
  body: Buffer | null,
  trace: Trace,
): Promise<FaultOutcome> {
  if (!faults.active) return NONE
  const decision = faults.decide(factsOf(route, req, body))
  if (!decision) return NONE
  trace.add('fault', 'info', describeDecision(decision))
  const { effect } = decision
  switch (effect.type) {
    case 'error':
    case 'body':
      return { kind: 'reply', reply: faultReply(effect)! }
    case 'drop':
      return { kind: 'drop' }
    case 'delay':
      await wait(effect.ms, req)
      return NONE
    case 'ttl':
      return {
        kind: 'issue',
        overrides: {
          ...(effect.accessTokenTtl !== undefined && { accessTokenTtl: effect.accessTokenTtl }),
          ...(effect.refreshTokenTtl !== undefined && { refreshTokenTtl: effect.refreshTokenTtl }),
        },
      }
    case 'clock':
      return { kind: 'issue', overrides: { clockSkewSeconds: effect.skewSeconds } }
  }
}
