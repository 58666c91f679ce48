import type { Database } from 'better-sqlite3'
import type { Exchange, ExchangeFilter, ExchangeOrigin, ExchangeSummary } from '../shared/exchange'
import { filterCriteria, type FilterableField, type FilterCriterion } from '../shared/exchange-filter'
import type { ClientFindingCount, FindingsSummary } from '../shared/lab-api'
import type { Flow } from '../shared/wire'

interface SummaryRow {
  id: string
  at: string
  origin: Exchange['origin']
  endpoint: string
  method: string
  status: number
  grant_type: string | null
  flow: string | null
  client_id: string | null
  username: string | null
  error: string | null
  duration_ms: number
  finding_count: number
}
interface ExchangeRow extends SummaryRow {
  hash_ms: number
  request: string
  response: string
  trace: string
  findings: string
}

const SUMMARY_COLUMNS =
  'id, at, origin, endpoint, method, status, grant_type, flow, client_id, username, error, duration_ms, finding_count'

function toSummary(r: SummaryRow): ExchangeSummary {
  return {
    id: r.id,
    at: r.at,
    origin: r.origin,
    endpoint: r.endpoint,
    method: r.method,
    status: r.status,
    ...(r.grant_type !== null && { grantType: r.grant_type }),
    ...(r.flow !== null && { flow: r.flow as Flow }),
    ...(r.client_id !== null && { clientId: r.client_id }),
    ...(r.username !== null && { username: r.username }),
    ...(r.error !== null && { error: r.error }),
    durationMs: r.duration_ms,
    findingCount: r.finding_count,
  }
}

/** The column of each field the filter reads (shared/exchange-filter.ts). */
const FILTER_COLUMNS: Record<FilterableField, string> = {
  endpoint: 'endpoint',
  clientId: 'client_id',
  username: 'username',
  error: 'error',
  grantType: 'grant_type',
  status: 'status',
  origin: 'origin',
}

/** A LIKE pattern that finds `text` literally: `%`, `_` and the escape character itself escaped. */
function likeSubstring(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/**
 * The SQL of each criterion, as exchange-filter.ts defines it. Text: SQLite's LIKE folds A–Z only,
 * which is the folding the shared definition prescribes; CAST reads the status as its digits.
 * Findings are stored as a JSON array of objects with a `code`.
 */
function criterionSql(c: FilterCriterion): { sql: string; arg: string | number } {
  const param = `@${c.key}`
  if (c.match === 'equals') return { sql: `${FILTER_COLUMNS[c.field]} = ${param}`, arg: c.value }
  if (c.match === 'finding_code') {
    return {
      sql: `EXISTS (SELECT 1 FROM json_each(exchanges.findings) AS f WHERE json_extract(f.value, '$.code') = ${param})`,
      arg: c.value,
    }
  }
  const alternatives = c.fields.map((field) => `CAST(${FILTER_COLUMNS[field]} AS TEXT) LIKE ${param} ESCAPE '\\'`)
  return { sql: `(${alternatives.join(' OR ')})`, arg: likeSubstring(c.value) }
}

function whereClause(filter: ExchangeFilter): { clause: string; args: Record<string, unknown> } {
  const where: string[] = []
  const args: Record<string, unknown> = {}
  for (const c of filterCriteria(filter)) {
    const { sql, arg } = criterionSql(c)
    where.push(sql)
    args[c.key] = arg
  }
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', args }
}

/** ISO 8601 instants as stored (toISOString, UTC): they compare as text in time order. */
export interface TimeRange {
  from?: string
  to?: string
}

const IN_RANGE =
  '(@from IS NULL OR e.at >= @from) AND (@to IS NULL OR e.at <= @to) AND (@origin IS NULL OR e.origin = @origin)'

interface ClientCountRow {
  client_id: string | null
  origin: ExchangeOrigin
  n: number
}
interface FindingCountRow {
  client_id: string | null
  origin: ExchangeOrigin
  code: string
  n: number
  first_at: string
  last_at: string
}

/**
 * Per client id, the client findings of its exchanges: one row per (client, code). A finding stored
 * before findings had a side counts as a client one (it was). Each exchange holds a code once, so
 * COUNT(DISTINCT) is the exchanges that carry it.
 */
const FINDINGS_BY_CLIENT = `
  SELECT e.client_id AS client_id, e.origin AS origin, json_extract(f.value, '$.code') AS code,
         COUNT(DISTINCT e.id) AS n,
         MIN(e.at) AS first_at, MAX(e.at) AS last_at
  FROM exchanges AS e, json_each(e.findings) AS f
  WHERE e.finding_count > 0 AND COALESCE(json_extract(f.value, '$.side'), 'client') = 'client' AND ${IN_RANGE}
  GROUP BY e.client_id, e.origin, code`
const EXCHANGES_BY_CLIENT = `SELECT e.client_id AS client_id, e.origin AS origin, COUNT(*) AS n
  FROM exchanges AS e WHERE ${IN_RANGE} GROUP BY e.client_id, e.origin`

function byCountThenCode(a: ClientFindingCount, b: ClientFindingCount): number {
  return b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
}

/** The exchange log: bodies are stored masked (the recorder masks before calling insert). */
export class ExchangesRepo {
  private readonly insertStmt
  private readonly getStmt
  private readonly pruneStmt

  constructor(private readonly db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO exchanges (id, at, origin, endpoint, method, status, grant_type, flow, client_id, username, error,
         duration_ms, hash_ms, finding_count, request, response, trace, findings)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.getStmt = db.prepare<[string], ExchangeRow>('SELECT * FROM exchanges WHERE id = ?')
    // The newest `retain` rows are those above max(seq) − retain: seq is the rowid, a new row takes max + 1 and rows
    // leave only from the oldest end (prune) or all at once (clear), so the seqs kept have no gaps. Found by
    // OFFSET instead, the cutoff walked every retained row, ~5,000 pages for 10,000 exchanges, at each prune.
    this.pruneStmt = db.prepare('DELETE FROM exchanges WHERE seq <= (SELECT max(seq) FROM exchanges) - ?')
  }

  insert(e: Exchange): void {
    // Positional parameters, in the column order above: binding by name costs a lookup per column on every request.
    this.insertStmt.run(
      e.id,
      e.at,
      e.origin,
      e.endpoint,
      e.method,
      e.status,
      e.grantType ?? null,
      e.flow ?? null,
      e.clientId ?? null,
      e.username ?? null,
      e.error ?? null,
      e.durationMs,
      e.hashMs,
      e.findings.length,
      JSON.stringify(e.request),
      JSON.stringify(e.response),
      JSON.stringify(e.trace),
      JSON.stringify(e.findings),
    )
  }

  /** Keep the newest `retain` exchanges (bounded retention). */
  prune(retain: number): number {
    return this.pruneStmt.run(retain).changes
  }

  get(id: string): Exchange | null {
    const r = this.getStmt.get(id)
    if (!r) return null
    return {
      ...toSummary(r),
      hashMs: r.hash_ms,
      request: JSON.parse(r.request) as Exchange['request'],
      response: JSON.parse(r.response) as Exchange['response'],
      trace: JSON.parse(r.trace) as Exchange['trace'],
      findings: JSON.parse(r.findings) as Exchange['findings'],
    }
  }

  /** Newest first; the filter's criteria as shared/exchange-filter.ts defines them. */
  list(filter: ExchangeFilter, limit: number, offset: number): { items: ExchangeSummary[]; total: number } {
    const { clause, args } = whereClause(filter)
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM exchanges ${clause}`).get(args) as { n: number }).n
    const items = this.db
      .prepare<Record<string, unknown>, SummaryRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM exchanges ${clause} ORDER BY seq DESC LIMIT @limit OFFSET @offset`,
      )
      .all({ ...args, limit, offset })
      .map(toSummary)
    return { items, total }
  }

  /** "What each client did wrong": every client id in the range, those with most findings first. */
  findingsByClient(range: TimeRange = {}, origin?: ExchangeOrigin): FindingsSummary {
    const args = { from: range.from ?? null, to: range.to ?? null, origin: origin ?? null }
    // One entry per client and origin: what a scenario or the conformance pack sent on purpose under a
    // client's id is not what that client's own requests did.
    const key = (r: { client_id: string | null; origin: string }) => JSON.stringify([r.client_id, r.origin])
    const clients = new Map<string, FindingsSummary['clients'][number]>()
    for (const r of this.db.prepare<typeof args, ClientCountRow>(EXCHANGES_BY_CLIENT).all(args)) {
      clients.set(key(r), { clientId: r.client_id, origin: r.origin, exchanges: r.n, findings: [] })
    }
    for (const r of this.db.prepare<typeof args, FindingCountRow>(FINDINGS_BY_CLIENT).all(args)) {
      clients.get(key(r))?.findings.push({ code: r.code, count: r.n, firstAt: r.first_at, lastAt: r.last_at })
    }
    const total = (c: FindingsSummary['clients'][number]) => c.findings.reduce((sum, f) => sum + f.count, 0)
    const list = [...clients.values()]
    for (const c of list) c.findings.sort(byCountThenCode)
    list.sort(
      (a, b) =>
        total(b) - total(a) ||
        b.exchanges - a.exchanges ||
        (a.clientId === null ? 1 : b.clientId === null ? -1 : a.clientId.localeCompare(b.clientId)),
    )
    return { clients: list }
  }

  clear(): number {
    return this.db.prepare('DELETE FROM exchanges').run().changes
  }
}
