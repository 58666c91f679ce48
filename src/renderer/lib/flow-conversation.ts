// The exchanges of one way-out flow, found from any one of them (the Inspector's conversation): the
// client's exchanges of the same flow in time order, cut after each token request — a flow ends when
// its code is redeemed (RFC 6749 §4.1.3; draft-ietf-oauth-first-party-apps §6.1).
import type { ExchangeSummary } from '../../shared/exchange'
import { ENDPOINT_PATHS, endpointPath } from '../../shared/wire'
import { FLOW_CONVERSATION_MAX_STEPS } from '../../shared/limits'

const CONVERSATION_FLOWS = new Set(['authorization_code', 'authorization_challenge'])
const MAX_STEPS = FLOW_CONVERSATION_MAX_STEPS

export const isTokenRequest = (e: Pick<ExchangeSummary, 'endpoint'>) =>
  endpointPath(e.endpoint) === ENDPOINT_PATHS.token

export function conversationOf(
  exchange: Pick<ExchangeSummary, 'id' | 'flow' | 'clientId'>,
  log: readonly ExchangeSummary[],
): ExchangeSummary[] {
  if (!exchange.flow || !CONVERSATION_FLOWS.has(exchange.flow) || !exchange.clientId) return []
  const same = log
    .filter((e) => e.flow === exchange.flow && e.clientId === exchange.clientId)
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
  let start = 0
  for (let i = 0; i < same.length; i++) {
    const end = isTokenRequest(same[i]!) || i === same.length - 1
    if (!end) continue
    const segment = same.slice(start, i + 1)
    if (segment.some((e) => e.id === exchange.id)) return segment.slice(-MAX_STEPS)
    start = i + 1
  }
  return []
}
