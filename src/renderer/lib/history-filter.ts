// History filters: sent to `exchanges.list`, and applied locally to live `exchange.recorded`
// events so a new row shows only when it matches what is on screen.
import type { ExchangeSummary } from '../../shared/exchange'
import type { LabInput } from '../../shared/lab-api'

export interface HistoryFilter {
  clientId: string
  username: string
  /** '' for any, else a status code as text. */
  status: string
  error: string
  /** '' for any, 'composer' or 'external'. */
  origin: '' | 'composer' | 'external'
  text: string
}

export const EMPTY_FILTER: HistoryFilter = { clientId: '', username: '', status: '', error: '', origin: '', text: '' }

export function listInput(filter: HistoryFilter, offset: number, limit: number): LabInput<'exchanges.list'> {
  const status = Number.parseInt(filter.status, 10)
  return {
    limit,
    offset,
    ...(filter.clientId ? { clientId: filter.clientId } : {}),
    ...(filter.username ? { username: filter.username } : {}),
    ...(Number.isFinite(status) ? { status } : {}),
    ...(filter.error ? { error: filter.error } : {}),
    ...(filter.origin ? { origin: filter.origin } : {}),
    ...(filter.text.trim() ? { text: filter.text.trim() } : {}),
  }
}

export function matchesFilter(s: ExchangeSummary, filter: HistoryFilter): boolean {
  if (filter.clientId && s.clientId !== filter.clientId) return false
  if (filter.username && s.username !== filter.username) return false
  if (filter.status && String(s.status) !== filter.status) return false
  if (filter.error && s.error !== filter.error) return false
  if (filter.origin && s.origin !== filter.origin) return false
  const text = filter.text.trim().toLowerCase()
  if (text) {
    const haystack = [s.endpoint, s.clientId, s.username, s.error, s.grantType, String(s.status)]
    if (!haystack.some((v) => v?.toLowerCase().includes(text))) return false
  }
  return true
}

export function isFiltered(filter: HistoryFilter): boolean {
  return Object.values(filter).some((v) => v !== '')
}
