// History out of the lab: the recorded exchanges as a HAR 1.2 file (the UI's Export HAR, and
// `ropc-lab history --format har`) or as JSON (`--format json`). Both carry the exchanges masked as
// stored, and mask again whatever is not (har.ts says why); the filter is History's own.
import type { Exchange, ExchangeFilter } from '../shared/exchange'
import { normalizeExchangeFilter } from '../shared/exchange-filter'
import { HAR_FILE_NAME, JSON_FILE_NAME, type HistoryExport } from '../shared/history-api'
import type { LabHandlers } from '../shared/lab-api'
import { maskRequest, maskResponse } from '../shared/masking'
import type { Store } from '../store/index'
import { exchangesToHar } from './har'

/**
 * Where the embedded server listens when it is not running now (the CLI reads a database on its own):
 * loopback, the port of the settings, https when the settings ask for it. Its exchanges store the path
 * only; a HAR URL is absolute.
 */
export function configuredBaseUrl(store: Store): string {
  const { port, https } = store.settings.get()
  return `${https ? 'https' : 'http'}://127.0.0.1:${port === 0 ? 8443 : port}`
}

/** The newest `limit` exchanges that match, oldest first (a log's order, and HAR's), masked. */
export function historyExchanges(store: Store, filter: ExchangeFilter, limit: number): Exchange[] {
  const { items } = store.exchanges.list(normalizeExchangeFilter(filter), limit, 0)
  const out: Exchange[] = []
  for (const summary of items.reverse()) {
    const e = store.exchanges.get(summary.id)
    // Pruned between the two reads: it is gone, as it would be a moment later.
    if (e) out.push({ ...e, request: maskRequest(e.request), response: maskResponse(e.response) })
  }
  return out
}

export function historyHar(store: Store, filter: ExchangeFilter, limit: number, baseUrl: string): HistoryExport {
  const exchanges = historyExchanges(store, filter, limit)
  return {
    text: `${JSON.stringify(exchangesToHar(exchanges, { baseUrl }), null, 2)}\n`,
    entries: exchanges.length,
    fileName: HAR_FILE_NAME,
  }
}

export function historyJson(store: Store, filter: ExchangeFilter, limit: number): HistoryExport {
  const exchanges = historyExchanges(store, filter, limit)
  return { text: `${JSON.stringify(exchanges, null, 2)}\n`, entries: exchanges.length, fileName: JSON_FILE_NAME }
}

export interface HistoryHandlerDeps {
  store: Store
  /** The embedded server's base URL while it listens, else null. */
  listeningOn: () => string | null
}

export function createHistoryHandlers({
  store,
  listeningOn,
}: HistoryHandlerDeps): Pick<LabHandlers, 'exchanges.exportHar' | 'exchanges.exportJson'> {
  return {
    async 'exchanges.exportHar'({ limit, ...filter }) {
      return historyHar(store, filter, limit, listeningOn() ?? configuredBaseUrl(store))
    },
    async 'exchanges.exportJson'({ limit, ...filter }) {
      return historyJson(store, filter, limit)
    },
  }
}
