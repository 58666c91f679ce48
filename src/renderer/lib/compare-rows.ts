// Pinned exchanges side by side: one row per thing that can differ (status, headers, body and
// error fields, token claims, trace steps, findings), marked when the columns disagree.
import type { Exchange } from '../../shared/exchange'
import { formatClaimValue } from './claims'
import { readJwtPayload } from './jwt'
import { readResponse } from './response-body'

export type CompareSection =
  'Summary' | 'Response headers' | 'Response body' | 'Token claims' | 'Decision trace' | 'Findings'

export interface CompareRow {
  section: CompareSection
  label: string
  /** One per exchange; undefined when the exchange has no such thing. */
  values: Array<string | undefined>
  differs: boolean
}

const SUMMARY: Array<[string, (e: Exchange) => string | undefined]> = [
  ['Status', (e) => String(e.status)],
  ['Endpoint', (e) => e.endpoint],
  ['Grant type', (e) => e.grantType],
  ['Client', (e) => e.clientId],
  ['User', (e) => e.username],
  ['Error', (e) => e.error],
]

/** Long token strings are compared whole but shown shortened. */
export function shorten(value: string, max = 48): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value
}

function keyedRows(
  section: CompareSection,
  exchanges: readonly Exchange[],
  entriesOf: (e: Exchange) => Array<[string, string]>,
): CompareRow[] {
  const maps = exchanges.map((e) => new Map(entriesOf(e)))
  const labels: string[] = []
  for (const m of maps) for (const k of m.keys()) if (!labels.includes(k)) labels.push(k)
  return labels.map((label) =>
    row(
      section,
      label,
      maps.map((m) => m.get(label)),
    ),
  )
}

function row(section: CompareSection, label: string, values: Array<string | undefined>): CompareRow {
  return { section, label, values, differs: values.some((v) => v !== values[0]) }
}

function tokenClaims(e: Exchange): Array<[string, string]> {
  const meaning = readResponse(e)
  const claims = (meaning.accessToken && readJwtPayload(meaning.accessToken)) || meaning.introspection
  return claims ? Object.entries(claims).map(([k, v]) => [k, formatClaimValue(v)]) : []
}

export function buildComparison(exchanges: readonly Exchange[]): CompareRow[] {
  return [
    ...SUMMARY.map(([label, read]) => row('Summary', label, exchanges.map(read))),
    ...keyedRows('Response headers', exchanges, (e) => e.response.headers.map(([k, v]) => [k.toLowerCase(), v])),
    ...keyedRows('Response body', exchanges, (e) =>
      Object.entries(readResponse(e).json ?? {}).map(([k, v]) => [k, formatClaimValue(v)]),
    ),
    ...keyedRows('Token claims', exchanges, tokenClaims),
    // Step timings always differ; the decision (outcome and detail) is what is compared.
    ...keyedRows('Decision trace', exchanges, (e) => e.trace.map((s) => [s.step, `${s.outcome}: ${s.detail}`])),
    ...keyedRows('Findings', exchanges, (e) =>
      e.findings.map((f) => [f.code, `${f.severity} (${f.rfc}): ${f.message}`]),
    ),
  ]
}
