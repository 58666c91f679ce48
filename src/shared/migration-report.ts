// The migration report's model (cli.md `report`, the app's Migration screen): which clients still
// use the password grant, how, and what to move each of them to. RFC 9700 §2.4: the grant "MUST
// NOT be used"; OAuth 2.1 drops it. Built in lab/report/ from SQL aggregates of the exchange log;
// here only its shape, so the LabApi, the renderer and the JSON format share one definition.
import type { ExchangeOrigin } from './exchange'
import type { FindingSeverity } from './findings/types'
import type { AuthMethod, Flow } from './wire'

export const REPORT_FORMATS = ['md', 'html', 'json'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

/** A report rendered for saving: its text, and the name and media type to save it under. */
export interface RenderedReport {
  format: ReportFormat
  /** e.g. `ropc-lab-migration-report.md`. */
  fileName: string
  mediaType: string
  text: string
}

/** The per-client (and settings) `passwordGrant` mode: RFC 9745 / RFC 8594 headers when deprecated. */
export const PASSWORD_GRANT_MODES = ['enabled', 'deprecated', 'disabled'] as const
export type PasswordGrantMode = (typeof PASSWORD_GRANT_MODES)[number]

/**
 * Where a client's mode was read: its own record, the workspace settings, or neither (then
 * `enabled`, the server's behaviour before modes existed). `not_registered`: the client id is not
 * in this workspace (an unknown client, or one seen through the proxy), so it has no mode here.
 */
export type ModeSource = 'client' | 'settings' | 'default' | 'not_registered'

/** What the client used to authenticate; `unknown` when neither the trace nor the request tells. */
export type ReportAuthMethod = AuthMethod | 'unknown'

export const RECOMMENDATION_KINDS = [
  'authorization_code_pkce',
  'authorization_challenge',
  'device_authorization',
  'client_credentials',
  'remove_password_grant',
] as const
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number]

export interface Recommendation {
  kind: RecommendationKind
  /** e.g. "Authorization code with PKCE". */
  title: string
  /** e.g. "RFC 9700 §2.1.1, RFC 7636". */
  rfc: string
  /** Why this client gets it: the facts of the log that chose it (the heuristics are in RECOMMENDATION_RULES). */
  reason: string
}

export interface AuthMethodUse {
  method: ReportAuthMethod
  /** Password and refresh grants authenticated this way. */
  exchanges: number
  /** Of those, read from the server's decision trace (the `client_auth.method` step that passed). */
  fromTrace: number
  /**
   * Read from the stored request instead (no such trace step: the proxy, or a request refused
   * before the method was settled): an `Authorization: Basic` header, else a `client_secret`
   * body parameter, else a `client_id` body parameter (public client).
   */
  fromRequest: number
}

export interface PasswordGrantUse {
  requests: number
  /** 2xx answers. */
  successes: number
  failures: number
  failuresByError: Array<{ error: string; count: number }>
  /** Distinct `username` values over the client's password grants (attempts included). */
  distinctUsers: number
  /** The one username when distinctUsers is 1 (a technical user), else null. */
  onlyUser: string | null
  firstSeen: string | null
  lastSeen: string | null
}

export interface RefreshUse {
  requests: number
  successes: number
  failures: number
  /** Exchanges with `refresh_token_reuse`: a rotated-away token presented again (RFC 9700 §4.14.2). */
  reuseDetected: number
  /** Exchanges with `refresh_reuse_accepted`: another server accepted such a reuse. */
  reuseAccepted: number
}

/** RFC 9745 `Deprecation` headers on the answers to the client's password grants. */
export interface DeprecationSeen {
  answersWithHeader: number
  firstNoticeAt: string | null
  lastNoticeAt: string | null
  /** Password grants sent after the first answer that carried the header. */
  grantsAfterNotice: number
  /**
   * `not_deprecated`: no answer carried the header. `ignored`: it kept sending password grants
   * after the first notice (it did not notice). `no_grants_since`: none after the first notice.
   */
  status: 'not_deprecated' | 'ignored' | 'no_grants_since'
}

export interface ClientFindingCount {
  code: string
  count: number
  /** From the findings catalogue; absent for a code it does not (or no longer) know. */
  title?: string
  rfc?: string
  severity?: FindingSeverity
}

/** The flows that replace the password grant (RFC 9700 §2.4, way-out.md): a client using one has begun to move. */
export const SUCCESSOR_FLOWS = ['authorization_code', 'authorization_challenge', 'client_credentials'] as const
export type SuccessorFlow = (typeof SUCCESSOR_FLOWS)[number]

/** How many days without a password grant, a successor in use, make a client *moved* when the report is not told. */
export const DEFAULT_MOVED_AFTER_DAYS = 14

/** One flow's token requests by the client in the period (the exchanges' recorded flow, or their grant type). */
export interface FlowUse {
  flow: Flow
  requests: number
  successes: number
  /** The first and last successful token request of this flow: when the client used it. */
  firstSuccessAt: string | null
  lastSuccessAt: string | null
  lastAt: string
}

/**
 * `password_only`: no successor flow has succeeded. `both`: a successor succeeded, and a password grant
 * was sent within the last N days (`scope.movedAfterDays`). `moved`: a successor succeeded and no password
 * grant for N days. `not_seen`: no token request at all in the period.
 */
export const MIGRATION_STATUSES = ['password_only', 'both', 'moved', 'not_seen'] as const
export type MigrationStatus = (typeof MIGRATION_STATUSES)[number]

export interface ClientMovement {
  status: MigrationStatus
  /** The successors that succeeded, with the first time each did, earliest first. */
  successors: Array<{ flow: SuccessorFlow; firstUsedAt: string }>
  /** Whole days between the last password grant and the report's end (its `until`, else its time). */
  daysSincePasswordGrant: number | null
}

export interface ClientMigration {
  clientId: string
  /** In this workspace's clients. */
  registered: boolean
  /** Registered: the client's type. Otherwise inferred: public when every grant authenticated with `none`. */
  type: 'confidential' | 'public' | 'unknown'
  mode: PasswordGrantMode
  modeSource: ModeSource
  passwordGrants: PasswordGrantUse
  refresh: RefreshUse
  authentication: AuthMethodUse[]
  /** `User-Agent` values of its grant requests, most frequent first (at most 5). */
  userAgents: Array<{ value: string; count: number }>
  /** Over every exchange of the client in the period (any endpoint), most frequent first. */
  findings: ClientFindingCount[]
  deprecation: DeprecationSeen
  /** Registered and marked first-party (the authorization challenge's clients). */
  firstParty: boolean
  /** Every flow it used at the token endpoint, most requests first. */
  flows: FlowUse[]
  movement: ClientMovement
  recommendation: Recommendation
}

export interface MigrationStep {
  step: 'deprecate' | 'watch' | 'disable'
  title: string
  detail: string
}

export interface MigrationReportSummary {
  /** Clients that sent at least one password grant in the period. */
  clientsUsingGrant: number
  /** Of those, clients with at least one successful password grant. */
  clientsWithSuccess: number
  passwordGrants: { requests: number; successes: number; failures: number; distinctUsers: number }
  /** Password grants whose request named no client at all (not attributed to any client below). */
  grantsWithoutClient: number
  refreshGrants: number
  /** The first and last password grant counted. */
  firstSeen: string | null
  lastSeen: string | null
  /** How many listed clients are in each mode. */
  modes: Record<PasswordGrantMode, number>
  /** Clients that kept sending password grants after a Deprecation header. */
  clientsIgnoringDeprecation: number
  recommendations: Record<RecommendationKind, number>
  /** How many listed clients are in each migration status. */
  movement: Record<MigrationStatus, number>
  migrationPath: MigrationStep[]
}

export interface MigrationReport {
  reportVersion: 1
  generatedAt: string
  /** What was counted: the time window asked for (either end open) and the exchange origins. */
  scope: {
    since: string | null
    until: string | null
    origins: ExchangeOrigin[]
    /** Password grants in the window from the origins left out (the composer, scenarios). */
    excludedLabGrants: number
    /** A client is *moved* after this many days without a password grant, a successor in use. */
    movedAfterDays: number
  }
  summary: MigrationReportSummary
  /** Clients still using the grant first (most password grants first), then those that never did. */
  clients: ClientMigration[]
}

/** The heuristics behind each recommendation, in the order they are tried; the renderers print them. */
export const RECOMMENDATION_RULES: ReadonlyArray<{ kind: RecommendationKind; when: string }> = [
  {
    kind: 'remove_password_grant',
    when: 'no password grant recorded in the period although the client is allowed the grant',
  },
  {
    kind: 'device_authorization',
    when:
      'an input-constrained device: a public client whose User-Agent looks like a TV, console or command-line ' +
      'tool (e.g. SMART-TV, Tizen, webOS, Roku, curl, HTTPie), or a client id with a device word ' +
      '(tv, cli, console, device, kiosk, iot, terminal, stb)',
  },
  {
    kind: 'client_credentials',
    when: 'a confidential client whose password grants all name one username: one technical user serving one client',
  },
  {
    kind: 'authorization_challenge',
    when:
      'a first-party client (marked so in the workspace) whose users sign in: its own native sign-in form stays, ' +
      'the authorization server decides and can ask for a second factor (draft-ietf-oauth-first-party-apps)',
  },
  {
    kind: 'authorization_code_pkce',
    when: 'everything else: people sign in interactively (several users, or a public client)',
  },
]
