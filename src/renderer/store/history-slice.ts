// Every exchange the lab recorded, newest first, loaded a page at a time and kept live by
// `exchange.recorded` events.
import type { ExchangeSummary } from '../../shared/exchange'
import { EMPTY_FILTER, listInput, matchesFilter, needsFindings } from '../lib/history-filter'
import type { LabClient } from '../transport/lab-client'
import type { HistorySlice, SliceCreator } from './types'

export const HISTORY_PAGE = 500

export const createHistorySlice =
  (client: LabClient): SliceCreator<HistorySlice> =>
  (set, get) => {
    // A newer load makes older answers stale (the filter changed while they were in flight).
    let generation = 0
    async function fetchPage(offset: number): Promise<void> {
      const mine = ++generation
      set({ historyLoading: true, historyProblem: null })
      try {
        const page = await client.call('exchanges.list', listInput(get().historyFilter, offset, HISTORY_PAGE))
        if (mine !== generation) return
        const existing = offset === 0 ? [] : get().historyItems
        const seen = new Set(existing.map((s) => s.id))
        set({ historyItems: [...existing, ...page.items.filter((s) => !seen.has(s.id))], historyTotal: page.total })
      } catch (err) {
        if (mine === generation) set({ historyProblem: err instanceof Error ? err.message : String(err) })
      } finally {
        if (mine === generation) set({ historyLoading: false })
      }
    }
    function addLive(summary: ExchangeSummary): void {
      const { historyItems, historyTotal } = get()
      if (historyItems.some((s) => s.id === summary.id)) return
      set({ historyItems: [summary, ...historyItems], historyTotal: historyTotal + 1 })
    }
    // A finding-code filter needs the findings, which a summary does not carry: such rows are
    // matched against the full record, one after the other so they keep their order.
    let withFindings: Promise<void> = Promise.resolve()
    function matchWithFindings(summary: ExchangeSummary): void {
      const filter = get().historyFilter
      withFindings = withFindings.then(async () => {
        try {
          const exchange = await client.call('exchanges.get', { id: summary.id, reveal: false })
          if (get().historyFilter === filter && matchesFilter(exchange, filter)) addLive(summary)
        } catch {
          // Gone already (cleared or pruned): nothing to show.
        }
      })
    }
    return {
      historyItems: [],
      historyTotal: 0,
      historyFilter: EMPTY_FILTER,
      historyLoading: false,
      historyProblem: null,
      loadHistory: () => fetchPage(0),
      async loadMoreHistory() {
        const { historyItems, historyTotal, historyLoading } = get()
        if (historyLoading || historyItems.length >= historyTotal) return
        await fetchPage(historyItems.length)
      },
      setHistoryFilter(patch) {
        set({ historyFilter: { ...get().historyFilter, ...patch } })
        void get().loadHistory()
      },
      async clearHistory() {
        try {
          await client.call('exchanges.clear', {})
          get().onHistoryCleared()
        } catch (err) {
          set({ historyProblem: err instanceof Error ? err.message : String(err) })
        }
      },
      onExchangeRecorded(summary) {
        const filter = get().historyFilter
        // Every criterion but the finding code is judged on the summary, without a fetch.
        if (!matchesFilter(summary, { ...filter, findingCode: '' })) return
        if (!needsFindings(filter)) addLive(summary)
        else if (summary.findingCount > 0) matchWithFindings(summary)
      },
      onHistoryCleared: () => set({ historyItems: [], historyTotal: 0 }),
    }
  }
