// The History screen's filter form. What each criterion matches is defined once, in
// shared/exchange-filter.ts: the form becomes an ExchangeFilter, sent to `exchanges.list` and used
// to match live `exchange.recorded` events, so a new row shows only when the list query would
// have returned it.
import type { ExchangeFilter, ExchangeOrigin } from '../../shared/exchange'
import {
  filterNeedsFindings,
  matchesExchangeFilter,
  normalizeExchangeFilter,
  type FilterableExchange,
} from '../../shared/exchange-filter'
import type { LabInput } from '../../shared/lab-api'

export interface HistoryFilter {
  clientId: string
  username: string
  /** '' for any, else a status code as text. */
  status: string
  error: string
  /** '' for any. */
  origin: '' | ExchangeOrigin
  /** '' for any, else a finding code such as `basic_not_form_encoded`. */
  findingCode: string
  text: string
}

export const EMPTY_FILTER: HistoryFilter = {
  clientId: '',
  username: '',
  status: '',
  error: '',
  origin: '',
  findingCode: '',
  text: '',
}

/** How each origin is named: in the Source filter, and on a history row. */
export const ORIGIN_LABELS: Record<ExchangeOrigin, { filter: string; row: string }> = {
  external: { filter: 'Outside clients', row: 'outside client' },
  composer: { filter: 'Composer', row: 'composer' },
  scenario: { filter: 'Scenarios', row: 'scenario' },
  proxy: { filter: 'Proxy', row: 'proxy' },
}

export function toExchangeFilter(form: HistoryFilter): ExchangeFilter {
  const status = /^\d+$/.test(form.status.trim()) ? Number(form.status.trim()) : undefined
  return normalizeExchangeFilter({
    clientId: form.clientId,
    username: form.username,
    status,
    error: form.error,
    origin: form.origin || undefined,
    findingCode: form.findingCode.trim(),
    text: form.text,
  })
}

export function listInput(form: HistoryFilter, offset: number, limit: number): LabInput<'exchanges.list'> {
  return { limit, offset, ...toExchangeFilter(form) }
}

export function matchesFilter(row: FilterableExchange, form: HistoryFilter): boolean {
  return matchesExchangeFilter(row, toExchangeFilter(form))
}

/** A finding-code criterion needs the exchange's findings: a live summary carries only their count. */
export function needsFindings(form: HistoryFilter): boolean {
  return filterNeedsFindings(toExchangeFilter(form))
}

export function isFiltered(form: HistoryFilter): boolean {
  return Object.values(form).some((v) => v !== '')
}
