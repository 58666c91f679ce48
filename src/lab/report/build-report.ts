// The migration report's model from the store's aggregates (store/report-queries.ts) and the
// workspace: one entry per client that used the password or refresh grant in the period, plus the
// registered clients allowed the password grant that never used it (they can lose it at once).
// Pure: the same aggregates give the same report, whichever face asks.
import type { ExchangeOrigin } from '../../shared/exchange'
import { lookupFinding } from '../../shared/findings/index'
import {
  MIGRATION_STATUSES,
  PASSWORD_GRANT_MODES,
  RECOMMENDATION_KINDS,
  type AuthMethodUse,
  type ClientMigration,
  type DeprecationSeen,
  type MigrationReport,
  type MigrationReportSummary,
  type ModeSource,
  type PasswordGrantMode,
  type PasswordGrantUse,
  type RefreshUse,
  type ReportAuthMethod,
} from '../../shared/migration-report'
import { AUTH_METHODS, FLOWS, type Flow, type GrantType } from '../../shared/wire'
import type { ReportAggregates } from '../../store/index'
import { migrationPath } from './migration-path'
import { flowUses, isSuccessor, movementOf } from './movement'
import { recommend } from './recommend'

/** What the report needs of a registered client; `passwordGrant` is read only if the record has it. */
export interface ReportClient {
  clientId: string
  public: boolean
  grantTypes: readonly GrantType[]
  /** Absent in databases older than the way out: not first-party. */
  firstParty?: boolean
}

export interface BuildReportInput {
  aggregates: ReportAggregates
  clients: readonly ReportClient[]
  /** The workspace settings, as stored; `passwordGrant` is read only if present. */
  settings: object
  since: string | null
  until: string | null
  origins: readonly ExchangeOrigin[]
  movedAfterDays: number
  generatedAt: string
}

const USER_AGENTS_SHOWN = 5

const isSuccessorName = (flow: string): boolean =>
  (FLOWS as readonly string[]).includes(flow) && isSuccessor(flow as Flow)

/**
 * The `passwordGrant` mode is newer than some databases and workspaces: read it only when it is
 * one of the known values, else fall back (client → settings → `enabled`, what the server did
 * before modes existed) and say where it came from.
 */
function readMode(holder: object | undefined): PasswordGrantMode | null {
  const value = holder === undefined ? undefined : (holder as Record<string, unknown>)['passwordGrant']
  return typeof value === 'string' && (PASSWORD_GRANT_MODES as readonly string[]).includes(value)
    ? (value as PasswordGrantMode)
    : null
}

function modeOf(
  client: ReportClient | undefined,
  settings: object,
): { mode: PasswordGrantMode; modeSource: ModeSource } {
  const fromSettings = readMode(settings)
  if (client === undefined) return { mode: fromSettings ?? 'enabled', modeSource: 'not_registered' }
  const own = readMode(client)
  if (own) return { mode: own, modeSource: 'client' }
  return fromSettings ? { mode: fromSettings, modeSource: 'settings' } : { mode: 'enabled', modeSource: 'default' }
}

function groupBy<T extends { clientId: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const r of rows) {
    const list = out.get(r.clientId)
    if (list) list.push(r)
    else out.set(r.clientId, [r])
  }
  return out
}

function authMethods(rows: ReportAggregates['auth']): AuthMethodUse[] {
  const byMethod = new Map<ReportAuthMethod, AuthMethodUse>()
  for (const r of rows) {
    const method: ReportAuthMethod = (AUTH_METHODS as readonly string[]).includes(r.method)
      ? (r.method as ReportAuthMethod)
      : 'unknown'
    const use = byMethod.get(method) ?? { method, exchanges: 0, fromTrace: 0, fromRequest: 0 }
    use.exchanges += r.count
    if (r.fromTrace) use.fromTrace += r.count
    else use.fromRequest += r.count
    byMethod.set(method, use)
  }
  return [...byMethod.values()].sort((a, b) => b.exchanges - a.exchanges || a.method.localeCompare(b.method))
}

function clientType(registered: ReportClient | undefined, auth: AuthMethodUse[]): ClientMigration['type'] {
  if (registered) return registered.public ? 'public' : 'confidential'
  const known = auth.filter((a) => a.method !== 'unknown')
  if (known.length === 0) return 'unknown'
  return known.every((a) => a.method === 'none') ? 'public' : 'confidential'
}

function deprecationOf(row: ReportAggregates['deprecation'][number] | undefined): DeprecationSeen {
  if (!row) {
    return {
      answersWithHeader: 0,
      firstNoticeAt: null,
      lastNoticeAt: null,
      grantsAfterNotice: 0,
      status: 'not_deprecated',
    }
  }
  return {
    answersWithHeader: row.answers,
    firstNoticeAt: row.firstAt,
    lastNoticeAt: row.lastAt,
    grantsAfterNotice: row.grantsAfter,
    status: row.grantsAfter > 0 ? 'ignored' : 'no_grants_since',
  }
}

interface ClientRows {
  grants: ReportAggregates['grants']
  errors: ReportAggregates['errors']
  auth: ReportAggregates['auth']
  findings: ReportAggregates['findings']
  userAgents: ReportAggregates['userAgents']
  deprecation: ReportAggregates['deprecation'][number] | undefined
  flows: ReportAggregates['flows']
}

interface ReportContext {
  settings: object
  /** The report's end: its `until`, else its time. */
  end: string
  movedAfterDays: number
}

function clientMigration(
  clientId: string,
  rows: ClientRows,
  registered: ReportClient | undefined,
  ctx: ReportContext,
): ClientMigration {
  const pw = rows.grants.find((g) => g.grantType === 'password')
  const rt = rows.grants.find((g) => g.grantType === 'refresh_token')
  const passwordGrants: PasswordGrantUse = {
    requests: pw?.requests ?? 0,
    successes: pw?.successes ?? 0,
    failures: (pw?.requests ?? 0) - (pw?.successes ?? 0),
    failuresByError: rows.errors.map((e) => ({ error: e.error, count: e.count })),
    distinctUsers: pw?.distinctUsers ?? 0,
    onlyUser: pw?.onlyUser ?? null,
    firstSeen: pw?.firstAt ?? null,
    lastSeen: pw?.lastAt ?? null,
  }
  const count = (code: string) => rows.findings.find((f) => f.code === code)?.count ?? 0
  const refresh: RefreshUse = {
    requests: rt?.requests ?? 0,
    successes: rt?.successes ?? 0,
    failures: (rt?.requests ?? 0) - (rt?.successes ?? 0),
    reuseDetected: count('refresh_token_reuse'),
    reuseAccepted: count('refresh_reuse_accepted'),
  }
  const authentication = authMethods(rows.auth)
  const flows = flowUses(rows.flows)
  const facts = {
    clientId,
    registered: registered !== undefined,
    type: clientType(registered, authentication),
    passwordGrants,
    refresh,
    userAgents: rows.userAgents.slice(0, USER_AGENTS_SHOWN).map((u) => ({ value: u.userAgent, count: u.count })),
    firstParty: registered?.firstParty === true,
    flows,
    movement: movementOf(flows, ctx.end, ctx.movedAfterDays),
  }
  return {
    ...facts,
    ...modeOf(registered, ctx.settings),
    authentication,
    findings: rows.findings.map((f) => {
      const def = lookupFinding(f.code)
      return { code: f.code, count: f.count, ...(def && { title: def.title, rfc: def.rfc, severity: def.severity }) }
    }),
    deprecation: deprecationOf(rows.deprecation),
    recommendation: recommend(facts),
  }
}

function summarize(input: BuildReportInput, clients: ClientMigration[]): MigrationReportSummary {
  const t = input.aggregates.totals
  const using = clients.filter((c) => c.passwordGrants.requests > 0)
  const modes = Object.fromEntries(PASSWORD_GRANT_MODES.map((m) => [m, 0])) as Record<PasswordGrantMode, number>
  const recommendations = Object.fromEntries(
    RECOMMENDATION_KINDS.map((k) => [k, 0]),
  ) as MigrationReportSummary['recommendations']
  const movement = Object.fromEntries(MIGRATION_STATUSES.map((m) => [m, 0])) as MigrationReportSummary['movement']
  for (const c of clients) {
    movement[c.movement.status] += 1
    modes[c.mode] += 1
    recommendations[c.recommendation.kind] += 1
  }
  return {
    clientsUsingGrant: using.length,
    clientsWithSuccess: using.filter((c) => c.passwordGrants.successes > 0).length,
    passwordGrants: {
      requests: t.passwordRequests,
      successes: t.passwordSuccesses,
      failures: t.passwordRequests - t.passwordSuccesses,
      distinctUsers: t.distinctUsers,
    },
    grantsWithoutClient: t.withoutClient,
    refreshGrants: t.refreshRequests,
    firstSeen: t.firstAt,
    lastSeen: t.lastAt,
    modes,
    clientsIgnoringDeprecation: clients.filter((c) => c.deprecation.status === 'ignored').length,
    recommendations,
    movement,
    migrationPath: migrationPath(clients),
  }
}

export function buildMigrationReport(input: BuildReportInput): MigrationReport {
  const a = input.aggregates
  const registered = new Map(input.clients.map((c) => [c.clientId, c]))
  const grants = groupBy(a.grants)
  const errors = groupBy(a.errors)
  const auth = groupBy(a.auth)
  const findings = groupBy(a.findings)
  const userAgents = groupBy(a.userAgents)
  const deprecation = new Map(a.deprecation.map((d) => [d.clientId, d]))
  const flows = groupBy(a.flows)
  const ctx: ReportContext = {
    settings: input.settings,
    end: input.until ?? input.generatedAt,
    movedAfterDays: input.movedAfterDays,
  }
  const ids = new Set([
    ...grants.keys(),
    // A client that only uses a successor now is listed too: the report shows it moved.
    ...a.flows.filter((f) => isSuccessorName(f.flow) && f.successes > 0).map((f) => f.clientId),
    ...input.clients.filter((c) => c.grantTypes.includes('password')).map((c) => c.clientId),
  ])
  const clients = [...ids]
    .map((id) =>
      clientMigration(
        id,
        {
          grants: grants.get(id) ?? [],
          errors: errors.get(id) ?? [],
          auth: auth.get(id) ?? [],
          findings: findings.get(id) ?? [],
          userAgents: userAgents.get(id) ?? [],
          deprecation: deprecation.get(id),
          flows: flows.get(id) ?? [],
        },
        registered.get(id),
        ctx,
      ),
    )
    .sort(
      (x, y) =>
        y.passwordGrants.requests - x.passwordGrants.requests ||
        y.refresh.requests - x.refresh.requests ||
        (x.clientId < y.clientId ? -1 : x.clientId > y.clientId ? 1 : 0),
    )
  return {
    reportVersion: 1,
    generatedAt: input.generatedAt,
    scope: {
      since: input.since,
      until: input.until,
      origins: [...input.origins],
      excludedLabGrants: a.totals.excludedPasswordRequests,
      movedAfterDays: input.movedAfterDays,
    },
    summary: summarize(input, clients),
    clients,
  }
}
