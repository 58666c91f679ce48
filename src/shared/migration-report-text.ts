// The words the migration report uses for the model's values, once, so the Markdown, the HTML
// (lab/report/) and the app's Migration screen say the same thing. Plain text: each escapes it
// for its own format (React escapes by itself).
import type {
  ClientMigration,
  DeprecationSeen,
  MigrationStatus,
  MigrationReport,
  ModeSource,
  PasswordGrantMode,
  RecommendationKind,
} from './migration-report'
import type { Flow } from './wire'

export const REPORT_TITLE = 'Password grant migration report'

export const CAUTION =
  "RFC 9700 §2.4: the resource owner password credentials grant MUST NOT be used. It hands the user's " +
  'password to the client, cannot do multi-factor sign-in, and lets the client pick the scope without consent; ' +
  'OAuth 2.1 drops it.'

/** `2030-01-01T12:00:00.000Z` → `2030-01-01 12:00:00 UTC`; anything else as it is. */
export function formatTime(iso: string | null): string {
  if (iso === null) return '—'
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso)
  return m ? `${m[1]} ${m[2]} UTC` : iso
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

const MODE_SOURCES: Record<ModeSource, string> = {
  client: 'set on the client',
  settings: 'from the workspace settings',
  default: 'no password grant mode on the client or in the settings: read as enabled',
  not_registered: 'not a client of this workspace',
}

export function modeLabel(c: Pick<ClientMigration, 'mode' | 'modeSource'>): string {
  const short: Record<ModeSource, string> = {
    client: '',
    settings: ' (settings)',
    default: ' (default)',
    not_registered: ' (not registered)',
  }
  return `${c.mode}${short[c.modeSource]}`
}

export function modeNote(c: Pick<ClientMigration, 'mode' | 'modeSource'>): string {
  return `${c.mode} — ${MODE_SOURCES[c.modeSource]}`
}

export function deprecationLabel(d: DeprecationSeen): string {
  if (d.status === 'not_deprecated') return '—'
  if (d.status === 'ignored') return `ignored (${plural(d.grantsAfterNotice, 'grant')} after)`
  return 'no grants since'
}

export function deprecationNote(d: DeprecationSeen): string {
  if (d.status === 'not_deprecated') return 'no answer to its password grants carried a Deprecation header.'
  const seen = `${plural(d.answersWithHeader, 'answer')} carried a Deprecation header (first ${formatTime(d.firstNoticeAt)}, last ${formatTime(d.lastNoticeAt)})`
  return d.status === 'ignored'
    ? `${seen}; it sent ${plural(d.grantsAfterNotice, 'password grant')} after the first — it did not notice.`
    : `${seen}; no password grant since the first.`
}

export function authSummary(c: ClientMigration): string {
  if (c.authentication.length === 0) return '—'
  return c.authentication.map((a) => `${a.method} ${a.exchanges}`).join(', ')
}

export function authNote(c: ClientMigration): string[] {
  return c.authentication.map((a) => {
    const where = [
      a.fromTrace ? `${a.fromTrace} from the server's trace (client_auth.method)` : '',
      a.fromRequest ? `${a.fromRequest} from the stored request (Authorization header or body parameters)` : '',
    ].filter(Boolean)
    return `${a.method}: ${plural(a.exchanges, 'grant')}, read ${where.join(' and ')}`
  })
}

export function passwordNote(c: ClientMigration): string {
  const g = c.passwordGrants
  if (g.requests === 0) return 'none in the period.'
  const errors = g.failuresByError.map((e) => `${e.error} ${e.count}`).join(', ')
  return (
    `${g.requests} (${g.successes} succeeded, ${g.failures} failed${errors ? `: ${errors}` : ''}), ` +
    `${plural(g.distinctUsers, 'distinct user')}, first ${formatTime(g.firstSeen)}, last ${formatTime(g.lastSeen)}.`
  )
}

export function refreshNote(c: ClientMigration): string {
  const r = c.refresh
  if (r.requests === 0) return 'none.'
  const reuse = [
    r.reuseDetected ? `rotation reuse detected ${plural(r.reuseDetected, 'time')} (RFC 9700 §4.14.2)` : '',
    r.reuseAccepted ? `reuse accepted by the server ${plural(r.reuseAccepted, 'time')}` : '',
  ].filter(Boolean)
  return `${r.requests} (${r.successes} succeeded, ${r.failures} failed)${reuse.length ? `; ${reuse.join('; ')}` : ''}.`
}

const KIND_SHORT: Record<RecommendationKind, string> = {
  authorization_code_pkce: 'authorization code with PKCE',
  authorization_challenge: 'authorization challenge',
  device_authorization: 'device authorization',
  client_credentials: 'client credentials',
  remove_password_grant: 'remove the grant',
}

const FLOW_NAMES: Record<Flow, string> = {
  password: 'password grant',
  refresh_token: 'refresh',
  authorization_code: 'code + PKCE',
  authorization_challenge: 'authorization challenge',
  client_credentials: 'client credentials',
}

const STATUS_NAMES: Record<MigrationStatus, string> = {
  password_only: 'password grant only',
  both: 'both',
  moved: 'moved',
  not_seen: 'no token request',
}

/** The Way out column: the status, and the day each successor was first used. */
export function movementLabel(c: Pick<ClientMigration, 'movement'>): string {
  const m = c.movement
  const since = m.successors.map((s) => `${FLOW_NAMES[s.flow]} since ${s.firstUsedAt.slice(0, 10)}`)
  return since.length ? `${STATUS_NAMES[m.status]} — ${since.join(', ')}` : STATUS_NAMES[m.status]
}

/** Each flow the client used at the token endpoint, with its counts and last success. */
export function flowsNote(c: Pick<ClientMigration, 'flows'>): string {
  if (c.flows.length === 0) return 'no token request in the period.'
  return c.flows
    .map(
      (f) =>
        `${FLOW_NAMES[f.flow]} ${f.requests} (${f.successes} succeeded` +
        `${f.lastSuccessAt ? `, first ${formatTime(f.firstSuccessAt)}, last ${formatTime(f.lastSuccessAt)}` : ''})`,
    )
    .join('; ')
}

export function movementNote(c: Pick<ClientMigration, 'movement'>, movedAfterDays: number): string {
  const m = c.movement
  const days =
    m.daysSincePasswordGrant === null
      ? 'no password grant in the period'
      : `last password grant ${plural(m.daysSincePasswordGrant, 'day')} before the report's end`
  return `${movementLabel(c)} (${days}; moved means a successor in use and no password grant for ${plural(movedAfterDays, 'day')}).`
}

/** The summary's lines, in order. */
export function summaryLines(r: MigrationReport): string[] {
  const s = r.summary
  const g = s.passwordGrants
  const modes = (Object.entries(s.modes) as Array<[PasswordGrantMode, number]>).map(([m, n]) => `${n} ${m}`)
  const recs = (Object.entries(s.recommendations) as Array<[RecommendationKind, number]>)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${KIND_SHORT[k]}`)
  return [
    `${plural(s.clientsUsingGrant, 'client')} still ${s.clientsUsingGrant === 1 ? 'uses' : 'use'} the password grant (${s.clientsWithSuccess} with a successful grant).`,
    `${plural(g.requests, 'password grant')} in the period (${formatTime(s.firstSeen)} to ${formatTime(s.lastSeen)}): ` +
      `${g.successes} succeeded, ${g.failures} failed, ${plural(g.distinctUsers, 'distinct user')}.`,
    ...(s.grantsWithoutClient ? [`${plural(s.grantsWithoutClient, 'password grant')} named no client.`] : []),
    `${plural(s.refreshGrants, 'refresh grant')}.`,
    `Modes of the clients listed: ${modes.join(', ')}.`,
    `${plural(s.clientsIgnoringDeprecation, 'client')} kept sending password grants after a Deprecation header.`,
    `Recommendations: ${recs.join(', ') || 'none'}.`,
    `Way out: ${s.movement.moved} moved, ${s.movement.both} using both, ${s.movement.password_only} on the password grant only ` +
      `(moved: a successor in use and no password grant for ${plural(r.scope.movedAfterDays, 'day')}).`,
  ]
}

/** Which exchanges were counted, in one sentence. */
export function scopeLine(r: MigrationReport): string {
  const window =
    r.scope.since || r.scope.until
      ? `between ${r.scope.since ? formatTime(r.scope.since) : 'the start'} and ${r.scope.until ? formatTime(r.scope.until) : 'now'}`
      : 'the whole log'
  const excluded = r.scope.excludedLabGrants
    ? `; ${plural(r.scope.excludedLabGrants, 'password grant')} from other origins left out`
    : ''
  return `Generated ${formatTime(r.generatedAt)} from the exchange log (${window}; origins ${r.scope.origins.join(', ')}${excluded}).`
}

/** The columns of the table of clients in the Markdown and on the Migration screen (the HTML shortens two to fit A4). */
export const CLIENT_TABLE_COLUMNS = [
  'Client',
  'Type',
  'Mode',
  'Password grants',
  'OK',
  'Failed',
  'Users',
  'Client authentication',
  'Refreshes',
  'Deprecation',
  'Recommendation',
  'Way out',
] as const
