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
import { EXCHANGE_ORIGINS, type Exchange, type ExchangeOrigin, type ExchangeSummary } from './exchange'
import type { ClientView, Scope, Settings, UserView, WorkspaceSnapshot } from './model'
import { lessonApiInputs, type LessonApiOutputs, type LessonProgress } from './lesson-api'
// The lesson's types and limits are read through lab-api.ts by the lab and the renderer alike.
export * from './lesson-api'
import { relayApiInputs, type RelayApiOutputs } from './relay-api'
import { REPORT_FORMATS, type MigrationReport, type RenderedReport } from './migration-report'
import { scenariosApiInputs, type ScenarioProgress, type ScenariosApiOutputs } from './scenarios-api'
import { faultsApiInputs, type FaultsApiOutputs, type FaultsStatus } from './faults-api'
import { tlsApiInputs, type TlsApiOutputs } from './tls-api'
import { wayOutApiInputs, type WayOutApiOutputs } from './way-out-api'
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
  /** A client that uses a successor flow is *moved* after this many days without a password grant (default 14). */
  movedAfterDays: z.number().int().min(0).max(3650).optional(),
}

/** An ISO 8601 instant; with an offset it is read as that instant. */
const instant = z.iso.datetime({ offset: true })

/** `findings.summary`: the client findings of the exchange log per client id, optionally within [from, to]. */
export const findingsSummarySchema = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    /** Only the exchanges of this origin (a client's own requests are `external`). */
    origin: z.enum(EXCHANGE_ORIGINS).optional(),
  })
  .strict()

export interface ClientFindingCount {
  /** A catalogue code; one stored by an older or newer version may be one the catalogue does not know. */
  code: string
  /** Exchanges of this client that carry the finding. */
  count: number
  /** ISO 8601 times of the first and the last of them. */
  firstAt: string
  lastAt: string
}

/**
 * "What this client did wrong": every client id of the log (null: no client id) and origin, most
 * findings first. A scenario's or the conformance pack's requests (origin `scenario`) count apart from
 * the client's own, so deliberate violations are never blamed on the client whose id they used.
 */
export interface FindingsSummary {
  clients: Array<{
    clientId: string | null
    origin: ExchangeOrigin
    exchanges: number
    findings: ClientFindingCount[]
  }>
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

/** Every call of the lab, with its input schema. The output types are below. */
export const labApiInputs = {
  'workspace.get': z.object({}).strict(),
  // A TOTP secret is written in clear only when asked (workspace-format.md).
  'workspace.export': z.object({ includeTotpSecrets: z.boolean().optional() }).strict(),
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
  ...wayOutApiInputs,
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
    WayOutApiOutputs,
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
