// The Inspector's conversation: one way-out flow's exchanges found from any of them, cut after each
// token request, other clients and flows left out.
import { describe, expect, it } from 'vitest'
import { conversationOf } from '../../src/renderer/lib/flow-conversation'
import type { ExchangeSummary } from '../../src/shared/exchange'
import { ENDPOINT_PATHS } from '../../src/shared/wire'

let n = 0
function ex(endpoint: keyof typeof ENDPOINT_PATHS, flow: ExchangeSummary['flow'], clientId = 'app'): ExchangeSummary {
  n += 1
  return {
    id: `e${n}`,
    at: `2030-01-01T00:00:${String(n).padStart(2, '0')}.000Z`,
    origin: 'external',
    endpoint: ENDPOINT_PATHS[endpoint],
    method: 'POST',
    status: 200,
    flow,
    clientId,
    durationMs: 1,
    findingCount: 0,
  }
}

describe('conversationOf', () => {
  it('groups authorize → sign-in → token, and the next flow apart', () => {
    const first = [
      ex('authorize', 'authorization_code'),
      ex('authorize', 'authorization_code'),
      ex('token', 'authorization_code'),
    ]
    const other = [
      ex('challenge', 'authorization_challenge'),
      ex('token', 'password', 'app'),
      ex('authorize', 'authorization_code', 'x'),
    ]
    const second = [ex('authorize', 'authorization_code'), ex('token', 'authorization_code')]
    // The log lists newest first.
    const log = [...first, ...other, ...second].reverse()
    expect(conversationOf(first[1]!, log).map((e) => e.id)).toEqual(first.map((e) => e.id))
    expect(conversationOf(second[1]!, log).map((e) => e.id)).toEqual(second.map((e) => e.id))
    expect(conversationOf(other[0]!, log).map((e) => e.id)).toEqual([other[0]!.id])
    expect(conversationOf({ id: 'p', flow: 'password', clientId: 'app' }, log)).toEqual([])
  })
})
