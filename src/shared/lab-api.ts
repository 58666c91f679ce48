// The LabApi: one map of `'area.verb' → (input) => Promise<output>`, typed once here.
// The IPC bridge, the HTTP bridge of `serve --ui` and the tests' fake all implement it.
// Inputs are validated with these zod schemas on the side that owns the data (the renderer
// is untrusted).
import { z } from 'zod'
import { CLIENT_FIELDS } from './client-fields'
import {
  clientIdSchema,
  defaultedShape,
  passwordSchema,
  patchShape,
  scopeName,
  secretSchema,
  usernameSchema,
} from './fields'
import { SCOPE_FIELDS } from './scope-fields'
import { SETTINGS_FIELDS } from './settings-fields'
import { USER_FIELDS } from './user-fields'
import { EXCHANGE_ORIGINS, type Exchange, type ExchangeSummary } from './exchange'
import type { ClientView, Scope, Settings, UserView, WorkspaceSnapshot } from './model'
import { relayApiInputs, type RelayApiOutputs } from './relay-api'
import { REPORT_FORMATS, type MigrationReport, type RenderedReport } from './migration-report'
import { scenariosApiInputs, type ScenarioProgress, type ScenariosApiOutputs } from './scenarios-api'
import { faultsApiInputs, type FaultsApiOutputs, type FaultsStatus } from './faults-api'
import { tlsApiInputs, type TlsApiOutputs } from './tls-api'
import { historyApiInputs, type HistoryApiOutputs } from './history-api'
import { snippetsApiInputs, type SnippetsApiOutputs } from './snippets-api'

export { clientIdSchema, passwordSchema, scopeName, secretSchema, usernameSchema } from './fields'

// The settings, client and user fields come from their tables (one definition each, shared with the
// workspace file); here only how each call takes them.
export const settingsPatchSchema = z.strictObject(patchShape(SETTINGS_FIELDS))

export const scopeInputSchema = z.strictObject({ name: scopeName, ...defaultedShape(SCOPE_FIELDS) })

/** Absent fields: the defaults of CLIENT_FIELDS on create, unchanged on update. */
export const clientFieldsSchema = z.strictObject(patchShape(CLIENT_FIELDS))

export const clientCreateSchema = clientFieldsSchema.extend({
  clientId: clientIdSchema,
  /** Omit to have one generated (shown once in the result). Ignored for public clients. */
  secret: secretSchema.optional(),
})
export const clientUpdateSchema = clientFieldsSchema.extend({ clientId: clientIdSchema })

export const userCreateSchema = z.strictObject({
  username: usernameSchema,
  password: passwordSchema,
  ...defaultedShape(USER_FIELDS),
})
export const userUpdateSchema = z.strictObject({ username: usernameSchema, ...patchShape(USER_FIELDS) })

/** The embedded server's endpoints a request can name instead of a URL. */
export const RUNNER_ENDPOINTS = ['token', 'introspect', 'revoke', 'metadata', 'jwks'] as const

/**
 * A request the lab sends (the composer, a scenario, a pack), through one request builder
 * (shared/token-request.ts). Params are a list so a repeated parameter can be sent on purpose.
 */
export const runnerRequestSchema = z
  .object({
    /** An endpoint of the embedded server, or any absolute http(s) URL. */
    target: z.union([z.enum(RUNNER_ENDPOINTS), z.string().url()]),
    /** Default POST (GET for metadata and jwks): any method, to see how a server answers a wrong one. */
    method: z
      .string()
      .regex(/^[A-Z]{1,20}$/, 'an HTTP method in capitals, e.g. POST')
      .optional(),
    auth: z.object({
      method: z.enum(['basic', 'body', 'none']),
      clientId: z.string().max(500).default(''),
      clientSecret: z.string().max(500).default(''),
      /** RFC 6749 §2.3.1 says form-encode before base64; off reproduces clients that skip it. */
      formEncodeBasic: z.boolean().default(true),
    }),
    params: z.array(z.tuple([z.string().max(200), z.string().max(10_000)])).max(50),
    extraHeaders: z
      .array(z.tuple([z.string().max(200), z.string().max(2000)]))
      .max(20)
      .default([]),
    /** Sent as is instead of the form-encoded params (to test malformed bodies). */
    rawBody: z.string().max(70_000).optional(),
  })
  .strict()
export type RunnerRequest = z.input<typeof runnerRequestSchema>

export const exchangeListSchema = z
  .object({
    limit: z.number().int().min(1).max(10_000).default(200),
    offset: z.number().int().min(0).default(0),
    clientId: z.string().optional(),
    username: z.string().optional(),
    status: z.number().int().optional(),
    error: z.string().optional(),
    origin: z.enum(EXCHANGE_ORIGINS).optional(),
    /** Exchanges whose findings include this code (shared/exchange-filter.ts). */
    findingCode: z.string().max(100).optional(),
    text: z.string().max(200).optional(),
  })
  .strict()

/** Which exchanges the migration report counts (shared/migration-report.ts). */
const reportWindowShape = {
  /** ISO 8601 with an offset or Z; inclusive. Absent: from the oldest exchange in the log. */
  since: z.iso.datetime({ offset: true }).optional(),
  /** ISO 8601, exclusive. Absent: up to now. */
  until: z.iso.datetime({ offset: true }).optional(),
  /** Count the composer's and the scenarios' requests too (by default only outside clients and the proxy). */
  includeLabTraffic: z.boolean().default(false),
}

/** An ISO 8601 instant; with an offset it is read as that instant. */
const instant = z.iso.datetime({ offset: true })

/** `findings.summary`: the client findings of the exchange log per client id, optionally within [from, to]. */
export const findingsSummarySchema = z.object({ from: instant.optional(), to: instant.optional() }).strict()

export interface ClientFindingCount {
  /** A catalogue code; one stored by an older or newer version may be one the catalogue does not know. */
  code: string
  /** Exchanges of this client that carry the finding. */
  count: number
  /** ISO 8601 times of the first and the last of them. */
  firstAt: string
  lastAt: string
}

/** "What this client did wrong": every client id of the log (null: no client id), most findings first. */
export interface FindingsSummary {
  clients: Array<{ clientId: string | null; exchanges: number; findings: ClientFindingCount[] }>
}

export interface ServerStatus {
  running: boolean
  baseUrl: string | null
  issuer: string | null
  host: string
  port: number | null
  requestedPort: number
  /** Said to the user when the requested port was busy and another was taken. */
  note: string | null
}

export interface DecodedToken {
  kind: 'jwt' | 'opaque'
  header?: Record<string, unknown>
  payload?: Record<string, unknown>
  /** Signature checked against the embedded server's JWKS. */
  signature?: { verified: boolean; kid?: string; alg?: string; error?: string }
}

export interface ImportResult {
  scopes: number
  clients: number
  users: number
}

// ---- The "Why caution" lesson (src/lab/lesson/): a second, in-memory lab of its own ----

/** The lesson's own demo values (documented on purpose, like the demo workspace's): never the person's. */
export const LESSON_CAST = {
  /** The confidential "legacy app" of the login form (Basic authentication). */
  legacyClient: 'legacy-app',
  /** A second confidential client the same password also opens (step 5). */
  partnerClient: 'partner-portal',
  /** A public client: its id is no secret, so a look-alike form can send it too (step 5). */
  publicClient: 'legacy-mobile',
  /** Signs in through the legacy app (steps 1, 3, 5). */
  signInUser: 'dana',
  signInPassword: 'Dana-loves-2-ski',
  /** The target of the guessing run: a weak password from the word list (step 2). */
  guessedUser: 'sam',
  /** A name no user has: its answers must look like those of a known user (step 2). */
  unknownUser: 'sam.smith',
  /** Must use a second factor (step 4). */
  mfaUser: 'mia',
  /** Must change the password first (step 4). */
  expiredUser: 'leo',
  /** Changes the password while a refresh token is out (step 6). */
  tokenUser: 'tom',
} as const

export const LESSON_DEFAULT_GUESSES = 50
export const LESSON_MAX_GUESSES = 300
/** No guessing run lasts longer than this, whatever it was asked. */
export const LESSON_MAX_RUN_SECONDS = 30

const lessonCredentials = z.object({ username: usernameSchema, password: passwordSchema }).strict()
const lessonNoInput = z.object({}).strict()

export const lessonApiInputs = {
  /** Where the lesson lab listens (null when not started) and what it waits for. */
  'lesson.status': lessonNoInput,
  /** Starts the lesson lab on 127.0.0.1 (port 0), if it is not running. */
  'lesson.start': lessonNoInput,
  /** Stops any run and closes the lesson lab: its users, clients, tokens and log are gone. */
  'lesson.reset': lessonNoInput,
  /** Step 1: the legacy app's login form sends the password grant. */
  'lesson.signIn': lessonCredentials,
  /** Any lesson exchange unmasked, as a careless log would keep it (memory only). */
  'lesson.reveal': z.object({ id: z.string().min(1).max(100) }).strict(),
  /** Step 2: a bounded guessing run against the lesson's user, loopback only; progress as `lesson.progress`. */
  'lesson.guess': z
    .object({
      lockout: z.boolean(),
      guesses: z.number().int().min(1).max(LESSON_MAX_GUESSES).default(LESSON_DEFAULT_GUESSES),
      /** A pause between guesses, so the chart can be watched. */
      paceMs: z.number().int().min(0).max(1000).default(40),
      maxSeconds: z.number().int().min(1).max(LESSON_MAX_RUN_SECONDS).default(LESSON_MAX_RUN_SECONDS),
    })
    .strict(),
  'lesson.stopGuessing': lessonNoInput,
  /** Step 2: the real user signs in with the right password after the run. */
  'lesson.realUser': lessonNoInput,
  /** Step 2: wrong passwords for a known and an unknown user, interleaved: the answers and their timing. */
  'lesson.compareUsers': z.object({ rounds: z.number().int().min(1).max(20).default(6) }).strict(),
  /** Step 3: the legacy app asks for a scope of its choosing. */
  'lesson.scope': z.object({ scope: scopeName.default('admin') }).strict(),
  /** Step 4: users who must use a second factor or change their password first. */
  'lesson.secondFactor': lessonNoInput,
  /** Step 5: the same password through two clients. */
  'lesson.sharedPassword': lessonNoInput,
  /** Step 5: what a look-alike form collected, sent with the public client's id. */
  'lesson.lookalike': lessonCredentials,
  /** Step 6: tokens, then a password change, then the refresh token again. */
  'lesson.tokensOutlive': z.object({ revokeOnPasswordChange: z.boolean() }).strict(),
  /** Step 7: which clients the lesson's passwords went through. */
  'lesson.wayOut': lessonNoInput,
  /**
   * Step 7: one sign-in with the grant deprecated (RFC 9745, RFC 8594 headers) or disabled
   * (unsupported_grant_type, as OAuth 2.1); the lesson lab is back to enabled afterwards.
   */
  'lesson.migrate': z.object({ mode: z.enum(['deprecated', 'disabled']) }).strict(),
} as const

export interface LessonStatus {
  running: boolean
  /** `http://127.0.0.1:<port>` of the lesson lab, never the person's server. */
  baseUrl: string | null
  guessing: boolean
}

/** How one guess ended, read from the server's decision trace. */
export type LessonGuessOutcome = 'wrong' | 'locked' | 'correct_but_locked' | 'accepted'

export interface LessonAttempt {
  /** 1-based. */
  n: number
  /** Since the run started. */
  atMs: number
  durationMs: number
  status: number
  error?: string
  outcome: LessonGuessOutcome
  /** This failure locked the user (RFC 6749 §4.3.2). */
  lockedNow: boolean
  exchangeId: string
}

export type LessonRunEnd = 'count' | 'found' | 'time' | 'stopped'

export interface LessonGuessRun {
  runId: string
  lockout: boolean
  maxFailures: number
  planned: number
  attempts: LessonAttempt[]
  endedBy: LessonRunEnd
  elapsedMs: number
  /** The attempt whose failure locked the user, or null. */
  lockedAt: number | null
  /** The attempt the server accepted, or null. */
  foundAt: number | null
  /** The target user after the run. */
  user: UserView
}

export type LessonProgress =
  | { kind: 'attempt'; runId: string; lockout: boolean; planned: number; attempt: LessonAttempt }
  | { kind: 'done'; runId: string; run: LessonGuessRun }

export interface LessonUserSample {
  username: string
  known: boolean
  status: number
  body: string
  durationsMs: number[]
  medianMs: number
}

export interface LessonApiOutputs {
  'lesson.status': LessonStatus
  'lesson.start': LessonStatus
  'lesson.reset': LessonStatus
  /** `request` is what the legacy app sent (the password in it); `exchange` as the lab's log keeps it. */
  'lesson.signIn': { baseUrl: string; request: RunnerRequest; exchange: Exchange }
  'lesson.reveal': Exchange
  'lesson.guess': LessonGuessRun
  'lesson.stopGuessing': { stopped: boolean }
  'lesson.realUser': { exchange: Exchange; user: UserView }
  'lesson.compareUsers': { samples: LessonUserSample[]; sameAnswer: boolean }
  'lesson.scope': { requested: string; granted: string | null; exchange: Exchange }
  'lesson.secondFactor': { mfa: Exchange; expired: Exchange }
  'lesson.sharedPassword': { exchanges: Exchange[] }
  'lesson.lookalike': { exchange: Exchange }
  'lesson.tokensOutlive': {
    revokeOnPasswordChange: boolean
    signIn: Exchange
    oldPassword: Exchange
    refresh: Exchange
  }
  'lesson.wayOut': {
    /** Password grants the lesson lab received, by client. */
    clients: Array<{ clientId: string; requests: number; accepted: number; users: string[] }>
    total: number
  }
  'lesson.migrate': { mode: 'deprecated' | 'disabled'; exchange: Exchange }
}

/** Every call of the lab, with its input schema. The output types are below. */
export const labApiInputs = {
  'workspace.get': z.object({}).strict(),
  'workspace.export': z.object({}).strict(),
  'workspace.import': z.object({ file: z.unknown() }).strict(),
  'settings.update': settingsPatchSchema,
  'scopes.create': scopeInputSchema,
  'scopes.update': scopeInputSchema,
  'scopes.delete': z.object({ name: scopeName }).strict(),
  'clients.create': clientCreateSchema,
  'clients.update': clientUpdateSchema,
  'clients.delete': z.object({ clientId: clientIdSchema }).strict(),
  'clients.resetSecret': z.object({ clientId: clientIdSchema, secret: secretSchema.optional() }).strict(),
  'users.create': userCreateSchema,
  'users.update': userUpdateSchema,
  'users.setPassword': z.object({ username: usernameSchema, password: passwordSchema }).strict(),
  'users.unlock': z.object({ username: usernameSchema }).strict(),
  'users.delete': z.object({ username: usernameSchema }).strict(),
  'server.status': z.object({}).strict(),
  /** Closes the embedded server and listens again on the same port, with the settings as they are now (`https`). */
  'server.restart': z.object({}).strict(),
  'runner.send': runnerRequestSchema,
  'exchanges.list': exchangeListSchema,
  'exchanges.get': z.object({ id: z.string().min(1).max(100), reveal: z.boolean().default(false) }).strict(),
  'exchanges.clear': z.object({}).strict(),
  'tokens.decode': z.object({ token: z.string().min(1).max(20_000) }).strict(),
  ...lessonApiInputs,
  ...relayApiInputs,
  'report.get': z.object(reportWindowShape).strict(),
  'report.render': z.object({ format: z.enum(REPORT_FORMATS), ...reportWindowShape }).strict(),
  'findings.summary': findingsSummarySchema,
  ...scenariosApiInputs,
  ...faultsApiInputs,
  ...tlsApiInputs,
  ...historyApiInputs,
  ...snippetsApiInputs(runnerRequestSchema),
} as const

export interface LabApiOutputs
  extends
    LessonApiOutputs,
    RelayApiOutputs,
    ScenariosApiOutputs,
    FaultsApiOutputs,
    TlsApiOutputs,
    HistoryApiOutputs,
    SnippetsApiOutputs {
  'workspace.get': WorkspaceSnapshot
  'workspace.export': unknown
  'workspace.import': ImportResult
  'settings.update': Settings
  'scopes.create': Scope
  'scopes.update': Scope
  'scopes.delete': { deleted: true }
  /** `secret` is present once, when one was generated or given. */
  'clients.create': { client: ClientView; secret?: string }
  'clients.update': ClientView
  'clients.delete': { deleted: true }
  'clients.resetSecret': { client: ClientView; secret: string }
  'users.create': UserView
  'users.update': UserView
  'users.setPassword': UserView
  'users.unlock': UserView
  'users.delete': { deleted: true }
  'server.status': ServerStatus
  'server.restart': ServerStatus
  'runner.send': Exchange
  'exchanges.list': { items: ExchangeSummary[]; total: number }
  'exchanges.get': Exchange
  'exchanges.clear': { cleared: number }
  'tokens.decode': DecodedToken
  /** The migration report's model. */
  'report.get': MigrationReport
  /** The same report as Markdown, HTML or JSON text, with a file name for saving it. */
  'report.render': RenderedReport
  'findings.summary': FindingsSummary
}

export type LabMethod = keyof typeof labApiInputs
export type LabInput<M extends LabMethod> = z.input<(typeof labApiInputs)[M]>
export type LabParsedInput<M extends LabMethod> = z.output<(typeof labApiInputs)[M]>
export type LabOutput<M extends LabMethod> = LabApiOutputs[M]

/** What every transport implements: send one call, get its result (or a thrown LabError). */
export type LabApi = { [M in LabMethod]: (input: LabInput<M>) => Promise<LabOutput<M>> }
/** The handlers on the owning side receive already-validated input. */
export type LabHandlers = { [M in LabMethod]: (input: LabParsedInput<M>) => Promise<LabOutput<M>> }
/** The methods of one area (`'clients'` → `'clients.create' | …`). */
export type LabAreaMethod<A extends string> = Extract<LabMethod, `${A}.${string}`>
/** The handlers of some areas, as one `src/lab/<area>` module implements them. */
export type LabAreaHandlers<A extends string> = Pick<LabHandlers, LabAreaMethod<A>>

export const LAB_METHODS = Object.keys(labApiInputs) as LabMethod[]

/** Errors crossing a bridge: Electron keeps only an Error's message, so results are tagged. */
export type LabErrorKind = 'validation' | 'not_found' | 'conflict' | 'workspace_invalid' | 'internal'
export interface LabErrorShape {
  kind: LabErrorKind
  message: string
  details?: string[]
}
export type LabResult<T> = { ok: true; data: T } | { ok: false; error: LabErrorShape }

export class LabError extends Error {
  constructor(
    readonly kind: LabErrorKind,
    message: string,
    readonly details: string[] = [],
  ) {
    super(message)
    this.name = 'LabError'
  }
  toShape(): LabErrorShape {
    return { kind: this.kind, message: this.message, ...(this.details.length ? { details: this.details } : {}) }
  }
  static fromShape(shape: LabErrorShape): LabError {
    return new LabError(shape.kind, shape.message, shape.details ?? [])
  }
}

/** Live events from the lab to every UI. */
export interface LabEvents {
  'exchange.recorded': ExchangeSummary
  'exchanges.cleared': Record<string, never>
  'workspace.changed': { area: 'settings' | 'scopes' | 'clients' | 'users' | 'all' }
  'server.status': ServerStatus
  /** A guessing run of the lesson made one more attempt, or ended (src/lab/lesson/guessing.ts). */
  'lesson.progress': LessonProgress
  'scenarios.changed': { names: string[] }
  'scenarios.progress': ScenarioProgress
  /** The fault rules or their counts changed (a faulted exchange: at most twice a second). */
  'faults.changed': FaultsStatus
}
export type LabEventName = keyof LabEvents
