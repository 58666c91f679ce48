// The request being composed. Secrets typed here live in this store only: never persisted,
// gone when the window closes.
import { demoClientSecret } from '../../shared/demo-secrets'
import type { ClientView } from '../../shared/model'
import { EMPTY_DRAFT, runnerRequestFromDraft, type ComposerAuthMethod } from '../lib/composer-request'
import type { LabClient } from '../transport/lab-client'
import type { ComposerSlice, SliceCreator } from './types'

/** The method a client is set up for, in the order a learner expects (RFC 6749 §2.3.1 first). */
export function preferredAuthMethod(client: ClientView): ComposerAuthMethod {
  if (client.public) return 'none'
  if (client.authMethods.includes('client_secret_basic')) return 'basic'
  if (client.authMethods.includes('client_secret_post')) return 'body'
  return 'none'
}

export const createComposerSlice =
  (client: LabClient): SliceCreator<ComposerSlice> =>
  (set, get) => {
    let nextParamId = 1
    return {
      draft: EMPTY_DRAFT,
      hidePassword: false,
      sending: false,
      sendProblem: null,
      setDraft: (patch) => set({ draft: { ...get().draft, ...patch } }),
      pickClient(clientId) {
        const picked = get().workspace?.clients.find((c) => c.clientId === clientId)
        const draft = get().draft
        if (!picked) {
          set({ draft: { ...draft, clientId } })
          return
        }
        set({
          draft: {
            ...draft,
            clientId,
            authMethod: preferredAuthMethod(picked),
            // The secret shown once at creation (kept for the session), else the demo workspace's
            // documented one, so the first Send with a demo client authenticates (RFC 6749 §2.3.1).
            clientSecret: picked.public ? '' : (get().sessionSecrets[clientId] ?? demoClientSecret(clientId) ?? ''),
          },
        })
      },
      addParam() {
        const draft = get().draft
        set({ draft: { ...draft, extraParams: [...draft.extraParams, { id: nextParamId++, name: '', value: '' }] } })
      },
      updateParam(id, patch) {
        const draft = get().draft
        set({ draft: { ...draft, extraParams: draft.extraParams.map((p) => (p.id === id ? { ...p, ...patch } : p)) } })
      },
      removeParam(id) {
        const draft = get().draft
        set({ draft: { ...draft, extraParams: draft.extraParams.filter((p) => p.id !== id) } })
      },
      setHidePassword: (hidePassword) => set({ hidePassword }),
      async send() {
        if (get().sending) return null
        set({ sending: true, sendProblem: null })
        try {
          const exchange = await client.call('runner.send', runnerRequestFromDraft(get().draft))
          get().showExchange(exchange)
          return exchange
        } catch (err) {
          set({ sendProblem: err instanceof Error ? err.message : String(err) })
          return null
        } finally {
          set({ sending: false })
        }
      },
    }
  }
