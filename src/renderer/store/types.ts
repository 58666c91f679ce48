// The renderer's state, one slice per area. Slices reach each other through `get()` of the
// combined store; the transport is injected into each slice creator so tests pass a fake.
import type { StateCreator } from 'zustand/vanilla'
import type { Exchange, ExchangeOrigin, ExchangeSummary } from '../../shared/exchange'
import type { DecodedToken, FindingsSummary, ImportResult, LabInput, ServerStatus } from '../../shared/lab-api'
import type { MigrationReport, RenderedReport, ReportFormat } from '../../shared/migration-report'
import type { ClientView, Scope, Settings, UserView, WorkspaceSnapshot } from '../../shared/model'
import type { ComposerDraft, ExtraParam } from '../lib/composer-request'
import type { HistoryFilter } from '../lib/history-filter'
import type { LessonSlice } from '../lessons/lesson-types'
import type { RelaySlice } from './relay-slice'
import type { ScenariosSlice } from './scenarios-slice'
import type { FaultsSlice } from './faults-slice'
import type { TrafficSlice } from './traffic-slice'
import type { WayOutSlice } from './way-out-slice'

export type Screen =
  'workspace' | 'composer' | 'history' | 'compare' | 'scenarios' | 'findings' | 'migration' | 'lesson'

export interface UiSlice {
  screen: Screen
  cautionDismissed: boolean
  serverStatus: ServerStatus | null
  startupProblem: string | null
  setScreen(screen: Screen): void
  dismissCaution(): void
  /** Loads everything and subscribes to live events; returns the function that unsubscribes. */
  start(): () => void
}

export interface WorkspaceSlice {
  workspace: WorkspaceSnapshot | null
  /** Secrets generated or set during this session, so the composer can use them. Memory only. */
  sessionSecrets: Record<string, string>
  /** A client secret to show once (after create or reset); cleared when dismissed. */
  secretOnce: { clientId: string; secret: string } | null
  loadWorkspace(): Promise<void>
  /** The workspace file (hashes only); the caller decides where it goes. */
  exportWorkspace(): Promise<unknown>
  /** Replaces the whole workspace with a parsed file, then reloads it; throws `workspace_invalid` with every problem. */
  importWorkspace(file: unknown): Promise<ImportResult>
  updateSettings(patch: LabInput<'settings.update'>): Promise<Settings>
  createScope(input: LabInput<'scopes.create'>): Promise<Scope>
  updateScope(input: LabInput<'scopes.update'>): Promise<Scope>
  deleteScope(name: string): Promise<void>
  createClient(input: LabInput<'clients.create'>): Promise<ClientView>
  updateClient(input: LabInput<'clients.update'>): Promise<ClientView>
  deleteClient(clientId: string): Promise<void>
  resetSecret(clientId: string): Promise<void>
  dismissSecret(): void
  createUser(input: LabInput<'users.create'>): Promise<UserView>
  updateUser(input: LabInput<'users.update'>): Promise<UserView>
  setPassword(username: string, password: string): Promise<UserView>
  unlockUser(username: string): Promise<UserView>
  deleteUser(username: string): Promise<void>
}

export interface ComposerSlice {
  draft: ComposerDraft
  hidePassword: boolean
  sending: boolean
  sendProblem: string | null
  setDraft(patch: Partial<ComposerDraft>): void
  /** Fills Client ID, the authentication method the client allows, and a secret known this session. */
  pickClient(clientId: string): void
  addParam(): void
  updateParam(id: number, patch: Partial<Omit<ExtraParam, 'id'>>): void
  removeParam(id: number): void
  setHidePassword(hide: boolean): void
  send(): Promise<Exchange | null>
}

export type DecodeState =
  { status: 'loading' } | { status: 'done'; decoded: DecodedToken } | { status: 'error'; message: string }

export type FollowUp = 'refresh' | 'introspect' | 'revoke'

export interface InspectorSlice {
  selectedId: string | null
  /** Exchanges opened before the current one (a follow-up or a history click), to go back. */
  backStack: string[]
  /** Full exchanges fetched so far, by id (history rows are only summaries). */
  exchanges: Record<string, Exchange>
  /**
   * The request and response as sent and received, fetched with `reveal: true` (the password, live
   * tokens, a JWT with its signature); kept in memory only, forgotten on Hide.
   */
  revealed: Record<string, Pick<Exchange, 'request' | 'response'>>
  /** The last follow-up sent from an exchange: the Inspector stays on that exchange and links to it. */
  followUpResult: { forId: string; kind: FollowUp; exchangeId: string } | null
  decodes: Record<string, DecodeState>
  followUpBusy: FollowUp | null
  inspectorProblem: string | null
  showExchange(exchange: Exchange): void
  openExchange(id: string): Promise<void>
  ensureExchange(id: string): Promise<Exchange | undefined>
  goBack(): void
  toggleReveal(id: string): Promise<void>
  decodeToken(token: string): Promise<void>
  followUp(kind: FollowUp, exchange: Exchange): Promise<void>
}

export interface HistorySlice {
  historyItems: ExchangeSummary[]
  historyTotal: number
  historyFilter: HistoryFilter
  historyLoading: boolean
  historyProblem: string | null
  loadHistory(): Promise<void>
  loadMoreHistory(): Promise<void>
  setHistoryFilter(patch: Partial<HistoryFilter>): void
  clearHistory(): Promise<void>
  onExchangeRecorded(summary: ExchangeSummary): void
  onHistoryCleared(): void
}

export interface CompareSlice {
  pinned: string[]
  togglePin(id: string): void
  unpin(id: string): void
  clearPins(): void
}

export interface ReportSlice {
  /** The migration report last loaded (Migration screen). */
  report: MigrationReport | null
  reportLoading: boolean
  reportProblem: string | null
  /** A client is *moved* after this many days without a password grant, a successor in use. */
  movedAfterDays: number
  setMovedAfterDays(days: number): void
  loadReport(): Promise<void>
  /** The report as Markdown, HTML or JSON text, for Export. */
  renderReport(format: ReportFormat): Promise<RenderedReport>
}

export interface FindingsSlice {
  findingsSummary: FindingsSummary | null
  findingsLoading: boolean
  findingsProblem: string | null
  /** Only the exchanges of one origin ('' for every origin). */
  findingsOrigin: '' | ExchangeOrigin
  setFindingsOrigin(origin: '' | ExchangeOrigin): Promise<void>
  loadFindingsSummary(): Promise<void>
  /** History, filtered to this client's exchanges (of this origin) that carry `code` (any client when null). */
  showFindingExchanges(clientId: string | null, code: string, origin?: ExchangeOrigin): void
}

export type LabState = UiSlice &
  WorkspaceSlice &
  ComposerSlice &
  InspectorSlice &
  HistorySlice &
  CompareSlice &
  RelaySlice &
  ReportSlice &
  FindingsSlice &
  LessonSlice &
  ScenariosSlice &
  FaultsSlice &
  TrafficSlice &
  WayOutSlice

export type SliceCreator<S> = StateCreator<LabState, [], [], S>
