// The Findings view's per-client summary ("what this client did wrong"), loaded from
// `findings.summary` over the whole exchange log — the log History lists — and the one click from
// a count to the exchanges behind it.
import { EMPTY_FILTER } from '../lib/history-filter'
import type { LabClient } from '../transport/lab-client'
import type { FindingsSlice, SliceCreator } from './types'

export const createFindingsSlice =
  (client: LabClient): SliceCreator<FindingsSlice> =>
  (set, get) => {
    // A newer load makes older answers stale.
    let generation = 0
    return {
      findingsSummary: null,
      findingsLoading: false,
      findingsProblem: null,
      findingsOrigin: '',
      async setFindingsOrigin(findingsOrigin) {
        set({ findingsOrigin })
        await get().loadFindingsSummary()
      },
      async loadFindingsSummary() {
        const mine = ++generation
        const origin = get().findingsOrigin
        set({ findingsLoading: true, findingsProblem: null })
        try {
          const summary = await client.call('findings.summary', origin ? { origin } : {})
          if (mine === generation) set({ findingsSummary: summary })
        } catch (err) {
          if (mine === generation) set({ findingsProblem: err instanceof Error ? err.message : String(err) })
        } finally {
          if (mine === generation) set({ findingsLoading: false })
        }
      },
      showFindingExchanges(clientId, code, origin) {
        // Only these criteria: the list then shows exactly the exchanges the count counted.
        get().setHistoryFilter({ ...EMPTY_FILTER, clientId: clientId ?? '', findingCode: code, origin: origin ?? '' })
        get().setScreen('history')
      },
    }
  }
