// The history filter, defined once: which criteria there are, what each one matches and how free
// text is searched. Both sides are derived from this table: the live matcher (the renderer checks
// the exchanges announced while a filtered list is on screen) and the SQL of the store's list
// query (exchanges-repo.ts). So a row the list query returns is a row the live matcher accepts,
// and the reverse.
import type { ExchangeFilter, ExchangeSummary, Finding } from './exchange'

/** The summary fields a criterion reads. The store maps each one to its column. */
export type FilterableField = 'endpoint' | 'clientId' | 'username' | 'error' | 'grantType' | 'status' | 'origin'

export type FilterRule =
  /** The exchange's field equals the value (case-sensitive; an exchange without the field never matches). */
  | { match: 'equals'; field: FilterableField }
  /** One of the exchange's findings has this code. */
  | { match: 'finding_code' }
  /** The value occurs in one of the fields, as `textOccursIn` says. */
  | { match: 'text'; fields: readonly FilterableField[] }

/** Every criterion of ExchangeFilter and its rule; all given criteria must hold. */
export const EXCHANGE_FILTER_RULES = {
  clientId: { match: 'equals', field: 'clientId' },
  username: { match: 'equals', field: 'username' },
  status: { match: 'equals', field: 'status' },
  error: { match: 'equals', field: 'error' },
  origin: { match: 'equals', field: 'origin' },
  findingCode: { match: 'finding_code' },
  text: { match: 'text', fields: ['endpoint', 'clientId', 'username', 'error', 'grantType', 'status'] },
} as const satisfies { [K in keyof Required<ExchangeFilter>]: FilterRule }

export type FilterKey = keyof typeof EXCHANGE_FILTER_RULES

/** One criterion the filter sets, with its rule. `key` is a plain identifier (the store names SQL parameters by it). */
export type FilterCriterion =
  | { match: 'equals'; key: FilterKey; field: FilterableField; value: string | number }
  | { match: 'finding_code'; key: FilterKey; value: string }
  | { match: 'text'; key: FilterKey; fields: readonly FilterableField[]; value: string }

/**
 * The criteria a filter sets: a criterion that is absent or empty sets nothing, and the free text
 * is trimmed first (only spaces is no search).
 */
export function filterCriteria(filter: ExchangeFilter): FilterCriterion[] {
  const out: FilterCriterion[] = []
  for (const key of Object.keys(EXCHANGE_FILTER_RULES) as FilterKey[]) {
    const raw = filter[key]
    if (raw === undefined || raw === '') continue
    const rule: FilterRule = EXCHANGE_FILTER_RULES[key]
    if (rule.match === 'equals') out.push({ match: 'equals', key, field: rule.field, value: raw })
    else if (rule.match === 'finding_code') out.push({ match: 'finding_code', key, value: String(raw) })
    else {
      const text = String(raw).trim()
      if (text) out.push({ match: 'text', key, fields: rule.fields, value: text })
    }
  }
  return out
}

/** The filter with only the criteria it sets (what a list request needs to carry). */
export function normalizeExchangeFilter(filter: ExchangeFilter): ExchangeFilter {
  const out: Record<string, string | number> = {}
  for (const c of filterCriteria(filter)) out[c.key] = c.value
  return out as ExchangeFilter
}

/**
 * Case folding of the free text: A–Z only, exactly as SQLite's LIKE folds (it leaves every
 * non-ASCII letter as it is), so "Ä" finds "Ä" and not "ä" on both sides.
 */
export function foldAsciiCase(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase())
}

/**
 * Free text: a substring of the value, ASCII case-insensitive, taken literally (`%`, `_` and `\`
 * are characters, not wildcards). A number is searched as its decimal digits (status 401 is found
 * by "40").
 */
export function textOccursIn(value: string | number | undefined, text: string): boolean {
  if (value === undefined) return false
  return foldAsciiCase(String(value)).includes(foldAsciiCase(text))
}

/**
 * What the live matcher reads: a summary, plus the findings when a criterion needs them
 * (`filterNeedsFindings`): the summary carries their count, not their codes.
 */
export type FilterableExchange = ExchangeSummary & { findings?: ReadonlyArray<Pick<Finding, 'code'>> }

export function filterNeedsFindings(filter: ExchangeFilter): boolean {
  return filterCriteria(filter).some((c) => c.match === 'finding_code')
}

function holds(e: FilterableExchange, c: FilterCriterion): boolean {
  if (c.match === 'equals') return e[c.field] === c.value
  // Without its findings only an exchange that has none is known not to match: pass the full
  // exchange when filterNeedsFindings says so.
  if (c.match === 'finding_code') return (e.findings ?? []).some((f) => f.code === c.value)
  return c.fields.some((field) => textOccursIn(e[field], c.value))
}

/** True when the exchange meets every criterion the filter sets. */
export function matchesExchangeFilter(e: FilterableExchange, filter: ExchangeFilter): boolean {
  return filterCriteria(filter).every((c) => holds(e, c))
}
