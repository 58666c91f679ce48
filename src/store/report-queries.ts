// The migration report's aggregates (lab/report/), computed by SQLite over the exchange log instead
// of loading every exchange: one grouped scan per question, json_each reading the JSON columns
// (request headers, response headers, trace, findings) where the answer lives there. No index is
// added (001-initial.ts explains why): the log is bounded by its retention, and a report is rare.
import type { Database, Statement } from 'better-sqlite3'
import type { ExchangeOrigin } from '../shared/exchange'
import { ENDPOINT_PATHS } from '../shared/wire'

/** Which exchanges a report counts: a time window (ISO 8601, either end open) and their origins. */
export interface ReportWindow {
  /** Inclusive. */
  since?: string
  /** Exclusive. */
  until?: string
  origins: readonly ExchangeOrigin[]
}

export interface GrantAggregate {
  clientId: string
  grantType: 'password' | 'refresh_token'
  requests: number
  successes: number
  distinctUsers: number
  onlyUser: string | null
  firstAt: string
  lastAt: string
}
export interface ErrorAggregate {
  clientId: string
  error: string
  count: number
}
export interface AuthAggregate {
  clientId: string
  /** As read: a method name, or `unknown`; a trace detail's first word is not checked here. */
  method: string
  fromTrace: boolean
  count: number
}
export interface FindingAggregate {
  clientId: string
  code: string
  count: number
}
export interface UserAgentAggregate {
  clientId: string
  userAgent: string
  count: number
}
export interface DeprecationAggregate {
  clientId: string
  answers: number
  firstAt: string
  lastAt: string
  grantsAfter: number
}
/** One flow of one client at the token endpoint (the exchange's recorded flow, else its grant type). */
export interface FlowAggregate {
  clientId: string
  flow: string
  requests: number
  successes: number
  firstSuccessAt: string | null
  lastSuccessAt: string | null
  lastAt: string
}
export interface ReportTotals {
  passwordRequests: number
  passwordSuccesses: number
  distinctUsers: number
  withoutClient: number
  refreshRequests: number
  firstAt: string | null
  lastAt: string | null
  /** Password grants in the window from the origins not counted. */
  excludedPasswordRequests: number
}

export interface ReportAggregates {
  grants: GrantAggregate[]
  errors: ErrorAggregate[]
  auth: AuthAggregate[]
  findings: FindingAggregate[]
  userAgents: UserAgentAggregate[]
  deprecation: DeprecationAggregate[]
  flows: FlowAggregate[]
  totals: ReportTotals
}

const WINDOW = `(@since IS NULL OR at >= @since) AND (@until IS NULL OR at < @until)`
const COUNTED = `${WINDOW} AND origin IN (SELECT value FROM json_each(@origins))`
/**
 * The grant a request asked for: as recorded, or — for a request refused before the server read
 * its grant type (a client authentication problem, RFC 6749 §2.3) — the `grant_type` of its
 * stored form body, so such failures count with the grant they were for. coalesce() stops at
 * the first value, so the body is read only where the column is empty.
 */
const formGrant = (grant: string) => `instr('&' || json_extract(request, '$.body') || '&', '&grant_type=${grant}&') > 0`
const GRANT_TYPE = `coalesce(grant_type, CASE WHEN ${formGrant('password')} THEN 'password'
  WHEN ${formGrant('refresh_token')} THEN 'refresh_token' END)`
/**
 * Token requests only: the authorize and challenge endpoints' exchanges carry a flow (and the
 * authorize endpoint a grant type) too, but a client *uses* a flow when it redeems it at the token
 * endpoint (RFC 6749 §4.1.3, §4.4.2) — the person's sign-in alone is not the client's move.
 */
const TOKEN_FLOW = `coalesce(flow, ${GRANT_TYPE})`
const NOT_TOKEN_ENDPOINT = `endpoint NOT IN ('${ENDPOINT_PATHS.authorize}', '${ENDPOINT_PATHS.challenge}')`
const GRANTS = `${GRANT_TYPE} IN ('password', 'refresh_token') AND client_id IS NOT NULL AND ${COUNTED}`
const PASSWORD = `${GRANT_TYPE} = 'password'`
const SUCCESS = 'status BETWEEN 200 AND 299'
/** The value of the first header named `name` (lower case) in a HeaderList column path. */
const header = (column: string, name: string) =>
  `(SELECT json_extract(h.value, '$[1]') FROM json_each(${column}, '$.headers') AS h
     WHERE lower(json_extract(h.value, '$[0]')) = '${name}' LIMIT 1)`
/** Whether the stored form body carries parameter `name` (masked values still show the name). */
const bodyParam = (name: string) => `instr('&' || json_extract(request, '$.body'), '&${name}=') > 0`

const SQL = {
  grants: `SELECT client_id AS clientId, ${GRANT_TYPE} AS grantType, count(*) AS requests,
      sum(${SUCCESS}) AS successes, count(DISTINCT username) AS distinctUsers,
      CASE WHEN count(DISTINCT username) = 1 THEN max(username) END AS onlyUser,
      min(at) AS firstAt, max(at) AS lastAt
    FROM exchanges WHERE ${GRANTS} GROUP BY 1, 2`,

  errors: `SELECT client_id AS clientId, coalesce(error, 'status ' || status) AS error, count(*) AS count
    FROM exchanges WHERE ${PASSWORD} AND NOT (${SUCCESS}) AND client_id IS NOT NULL AND ${COUNTED}
    GROUP BY 1, 2 ORDER BY 3 DESC, 2`,

  // The trace's `client_auth.method` step that passed names the method as its detail's first word;
  // without one (the proxy records no server trace; a request refused before the method was
  // settled) the stored request tells: a Basic Authorization header, a client_secret, a client_id.
  auth: `WITH read AS (
      SELECT client_id,
        (SELECT substr(d, 1, instr(d || ' ', ' ') - 1) FROM
           (SELECT json_extract(t.value, '$.detail') AS d FROM json_each(exchanges.trace) AS t
             WHERE json_extract(t.value, '$.step') = 'client_auth.method'
               AND json_extract(t.value, '$.outcome') = 'ok' LIMIT 1)) AS traced,
        lower(substr(${header('request', 'authorization')}, 1, 6)) = 'basic ' AS basic,
        ${bodyParam('client_secret')} AS body_secret,
        ${bodyParam('client_id')} AS body_id
      FROM exchanges WHERE ${GRANTS})
    SELECT client_id AS clientId,
      CASE WHEN traced IS NOT NULL THEN traced
           WHEN basic THEN 'client_secret_basic'
           WHEN body_secret THEN 'client_secret_post'
           WHEN body_id THEN 'none'
           ELSE 'unknown' END AS method,
      traced IS NOT NULL AS fromTrace, count(*) AS count
    FROM read GROUP BY 1, 2, 3`,

  // Every exchange of the client in the window, whatever the endpoint (introspection and
  // revocation findings count too); one finding per code and exchange, so a count is of exchanges.
  findings: `SELECT e.client_id AS clientId, json_extract(f.value, '$.code') AS code, count(*) AS count
    FROM exchanges AS e, json_each(e.findings) AS f
    WHERE e.client_id IS NOT NULL AND e.finding_count > 0 AND ${COUNTED}
    GROUP BY 1, 2 ORDER BY 3 DESC, 2`,

  userAgents: `SELECT clientId, userAgent, count(*) AS count FROM
      (SELECT client_id AS clientId, ${header('request', 'user-agent')} AS userAgent FROM exchanges WHERE ${GRANTS})
    WHERE userAgent IS NOT NULL GROUP BY 1, 2 ORDER BY 3 DESC, 2`,

  // RFC 9745 §2: a `Deprecation` header on an answer. A client that sends password grants after
  // the first such answer did not act on it.
  deprecation: `WITH pw AS MATERIALIZED (
      SELECT client_id, at, ${header('response', 'deprecation')} IS NOT NULL AS notice
      FROM exchanges WHERE ${PASSWORD} AND client_id IS NOT NULL AND ${COUNTED}),
    notices AS (SELECT client_id, count(*) AS answers, min(at) AS firstAt, max(at) AS lastAt
      FROM pw WHERE notice GROUP BY client_id)
    SELECT n.client_id AS clientId, n.answers, n.firstAt, n.lastAt, sum(pw.at > n.firstAt) AS grantsAfter
    FROM notices AS n JOIN pw ON pw.client_id = n.client_id GROUP BY n.client_id`,

  flows: `SELECT client_id AS clientId, ${TOKEN_FLOW} AS flow, count(*) AS requests,
      sum(${SUCCESS}) AS successes, min(at) FILTER (WHERE ${SUCCESS}) AS firstSuccessAt,
      max(at) FILTER (WHERE ${SUCCESS}) AS lastSuccessAt, max(at) AS lastAt
    FROM exchanges WHERE client_id IS NOT NULL AND ${GRANT_TYPE} IS NOT NULL AND ${NOT_TOKEN_ENDPOINT} AND ${COUNTED}
    GROUP BY 1, 2 ORDER BY 3 DESC, 2`,

  totals: `SELECT
      count(*) FILTER (WHERE counted) AS passwordRequests,
      count(*) FILTER (WHERE counted AND ${SUCCESS}) AS passwordSuccesses,
      count(DISTINCT username) FILTER (WHERE counted) AS distinctUsers,
      count(*) FILTER (WHERE counted AND client_id IS NULL) AS withoutClient,
      min(at) FILTER (WHERE counted) AS firstAt,
      max(at) FILTER (WHERE counted) AS lastAt,
      count(*) FILTER (WHERE NOT counted) AS excludedPasswordRequests,
      (SELECT count(*) FROM exchanges WHERE ${GRANT_TYPE} = 'refresh_token' AND ${COUNTED}) AS refreshRequests
    FROM (SELECT *, origin IN (SELECT value FROM json_each(@origins)) AS counted
      FROM exchanges WHERE ${PASSWORD} AND ${WINDOW})`,
} as const

type Params = { since: string | null; until: string | null; origins: string }

/** The report's queries, prepared once per database. */
export class ReportQueries {
  private readonly stmts: { [K in keyof typeof SQL]: Statement<[Params]> }

  constructor(private readonly db: Database) {
    this.stmts = Object.fromEntries(
      Object.entries(SQL).map(([name, sql]) => [name, db.prepare<[Params]>(sql)]),
    ) as ReportQueries['stmts']
  }

  /** Every aggregate of one report, read in one transaction so they agree with each other. */
  aggregates(window: ReportWindow): ReportAggregates {
    const p: Params = {
      since: window.since ?? null,
      until: window.until ?? null,
      origins: JSON.stringify(window.origins),
    }
    const all = <T>(name: keyof typeof SQL) => this.stmts[name].all(p) as T[]
    const read = () => {
      const totals = this.stmts.totals.get(p) as ReportTotals
      return {
        grants: all<GrantAggregate>('grants'),
        errors: all<ErrorAggregate>('errors'),
        auth: all<Omit<AuthAggregate, 'fromTrace'> & { fromTrace: number }>('auth').map((r) => ({
          ...r,
          fromTrace: r.fromTrace === 1,
        })),
        findings: all<FindingAggregate>('findings'),
        userAgents: all<UserAgentAggregate>('userAgents'),
        deprecation: all<DeprecationAggregate>('deprecation'),
        flows: all<FlowAggregate>('flows'),
        totals,
      }
    }
    return this.db.transaction(read)()
  }
}
