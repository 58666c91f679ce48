// The exchange on display, the full records fetched so far, token decodes, and the follow-up
// requests (refresh, introspect, revoke) sent with the composer's client credentials.
import type { Exchange } from '../../shared/exchange'
import type { RunnerRequest } from '../../shared/lab-api'
import { authOf, targetOf } from '../lib/composer-request'
import { readResponse } from '../lib/response-body'
import type { LabClient } from '../transport/lab-client'
import type { FollowUp, InspectorSlice, LabState, SliceCreator } from './types'

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** The request each follow-up sends, or why it cannot be sent. */
export function followUpRequest(kind: FollowUp, exchange: Exchange, state: LabState): RunnerRequest | string {
  const { accessToken, refreshToken } = readResponse(exchange)
  const auth = authOf(state.draft)
  if (kind === 'refresh') {
    // RFC 6749 §6: same client authentication as the original grant.
    if (!refreshToken) return 'this response has no refresh_token'
    return {
      target: targetOf(state.draft),
      auth,
      params: [
        ['grant_type', 'refresh_token'],
        ['refresh_token', refreshToken],
      ],
    }
  }
  if (kind === 'introspect') {
    // RFC 7662 §2.1: the caller authenticates as a client.
    if (!accessToken) return 'this response has no access_token'
    return {
      target: 'introspect',
      auth,
      params: [
        ['token', accessToken],
        ['token_type_hint', 'access_token'],
      ],
    }
  }
  // RFC 7009 §2.1: revoking the refresh token also revokes the access tokens issued from it.
  const token = refreshToken ?? accessToken
  if (!token) return 'this response has no token to revoke'
  return {
    target: 'revoke',
    auth,
    params: [
      ['token', token],
      ['token_type_hint', refreshToken ? 'refresh_token' : 'access_token'],
    ],
  }
}

export const createInspectorSlice =
  (client: LabClient): SliceCreator<InspectorSlice> =>
  (set, get) => ({
    selectedId: null,
    backStack: [],
    exchanges: {},
    revealedRequests: {},
    decodes: {},
    followUpBusy: null,
    inspectorProblem: null,
    showExchange(exchange) {
      const { selectedId, backStack, exchanges } = get()
      set({
        exchanges: { ...exchanges, [exchange.id]: exchange },
        selectedId: exchange.id,
        backStack: selectedId && selectedId !== exchange.id ? [...backStack, selectedId] : backStack,
        inspectorProblem: null,
      })
    },
    async openExchange(id) {
      const { selectedId, backStack } = get()
      if (id === selectedId) return
      set({
        selectedId: id,
        backStack: selectedId ? [...backStack, selectedId] : backStack,
        inspectorProblem: null,
      })
      await get().ensureExchange(id)
    },
    async ensureExchange(id) {
      const cached = get().exchanges[id]
      if (cached) return cached
      try {
        const exchange = await client.call('exchanges.get', { id, reveal: false })
        set({ exchanges: { ...get().exchanges, [id]: exchange } })
        return exchange
      } catch (err) {
        if (get().selectedId === id) set({ inspectorProblem: message(err) })
        return undefined
      }
    },
    goBack() {
      const backStack = [...get().backStack]
      const previous = backStack.pop()
      if (previous) set({ selectedId: previous, backStack, inspectorProblem: null })
    },
    async toggleReveal(id) {
      const revealed = { ...get().revealedRequests }
      if (revealed[id]) {
        delete revealed[id]
        set({ revealedRequests: revealed })
        return
      }
      try {
        const exchange = await client.call('exchanges.get', { id, reveal: true })
        set({ revealedRequests: { ...get().revealedRequests, [id]: exchange.request } })
      } catch (err) {
        set({ inspectorProblem: message(err) })
      }
    },
    async decodeToken(token) {
      if (get().decodes[token]) return
      set({ decodes: { ...get().decodes, [token]: { status: 'loading' } } })
      try {
        const decoded = await client.call('tokens.decode', { token })
        set({ decodes: { ...get().decodes, [token]: { status: 'done', decoded } } })
      } catch (err) {
        set({ decodes: { ...get().decodes, [token]: { status: 'error', message: message(err) } } })
      }
    },
    async followUp(kind, exchange) {
      const request = followUpRequest(kind, exchange, get())
      if (typeof request === 'string') {
        set({ inspectorProblem: request })
        return
      }
      set({ followUpBusy: kind, inspectorProblem: null })
      try {
        get().showExchange(await client.call('runner.send', request))
      } catch (err) {
        set({ inspectorProblem: `${kind} failed: ${message(err)}` })
      } finally {
        set({ followUpBusy: null })
      }
    },
  })
