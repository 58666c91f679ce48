// The exchange on display, the full records fetched so far, token decodes, and the follow-up
// requests (refresh, introspect, revoke) sent with the composer's client credentials.
import type { Exchange } from '../../shared/exchange'
import { buildFollowUpRequest, type FollowUpRequest } from '../../shared/token-request'
import { authOf, targetOf, type ComposerDraft } from '../lib/composer-request'
import type { LabClient } from '../transport/lab-client'
import type { FollowUp, InspectorSlice, SliceCreator } from './types'

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/**
 * The request a follow-up sends (shared/token-request.ts builds it), with the composer's client
 * authentication; a refresh goes where the composer sends (RFC 6749 §6: the same token endpoint
 * and client as the grant).
 */
export function followUpRequest(kind: FollowUp, exchange: Exchange, draft: ComposerDraft): FollowUpRequest {
  return buildFollowUpRequest(kind, {
    responseBody: exchange.response.body,
    auth: authOf(draft),
    ...(kind === 'refresh' ? { target: targetOf(draft) } : {}),
  })
}

export const createInspectorSlice =
  (client: LabClient): SliceCreator<InspectorSlice> =>
  (set, get) => ({
    selectedId: null,
    backStack: [],
    exchanges: {},
    revealed: {},
    followUpResult: null,
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
      if (get().revealed[id]) {
        const revealed = { ...get().revealed }
        delete revealed[id]
        set({ revealed })
        return
      }
      try {
        const { request, response } = await client.call('exchanges.get', { id, reveal: true })
        set({ revealed: { ...get().revealed, [id]: { request, response } } })
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
      const built = followUpRequest(kind, exchange, get().draft)
      if (!built.ok) {
        set({ inspectorProblem: built.reason })
        return
      }
      set({ followUpBusy: kind, inspectorProblem: null })
      try {
        // The Inspector stays on the exchange the follow-up came from (its tokens remain usable);
        // the new exchange is kept and linked from there.
        const sent = await client.call('runner.send', built.request)
        set({
          exchanges: { ...get().exchanges, [sent.id]: sent },
          followUpResult: { forId: exchange.id, kind, exchangeId: sent.id },
        })
      } catch (err) {
        set({ inspectorProblem: `${kind} failed: ${message(err)}` })
      } finally {
        set({ followUpBusy: null })
      }
    },
  })
