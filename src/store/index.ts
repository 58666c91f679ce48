import type { Database } from 'better-sqlite3'
import { startBackgroundCheckpoint } from './background-checkpoint'
import { IN_MEMORY, openDatabase } from './database'
import { ClientsRepo } from './clients-repo'
import { ExchangesRepo } from './exchanges-repo'
import { FaultsRepo } from './faults-repo'
import { KeysRepo } from './keys-repo'
import { ReportQueries } from './report-queries'
import { ScenariosRepo } from './scenarios-repo'
import { ScopesRepo } from './scopes-repo'
import { SettingsRepo } from './settings-repo'
import { TlsRepo } from './tls-repo'
import { TokensRepo } from './tokens-repo'
import { UsersRepo } from './users-repo'

export { IN_MEMORY } from './database'
export { SchemaTooNewError, LATEST_SCHEMA_VERSION } from './migrations/index'
export type { ClientRecord } from './clients-repo'
export type { NewUser, UserFields, UserRecord } from './users-repo'
export type { ScenarioRecord } from './scenarios-repo'
export { toUserView } from './users-repo'
export type { TokenRecord, RefreshFamily } from './tokens-repo'
export type { SigningKeyRecord } from './keys-repo'
export type { TlsCertificateRecord } from './tls-repo'
export type { ReportAggregates, ReportWindow } from './report-queries'

export interface Store {
  db: Database
  path: string
  settings: SettingsRepo
  scopes: ScopesRepo
  clients: ClientsRepo
  users: UsersRepo
  keys: KeysRepo
  /** The HTTPS listener's certificate (server/tls). */
  tls: TlsRepo
  tokens: TokensRepo
  exchanges: ExchangesRepo
  /** The migration report's aggregates over the exchange log. */
  report: ReportQueries
  scenarios: ScenariosRepo
  /** The workspace's fault rules (server/faults applies them). */
  faults: FaultsRepo
  /** Runs fn in one synchronous transaction (hash before, never inside). */
  transaction<T>(fn: () => T): T
  /** Stops background checkpoints, then closes the database (which checkpoints what is left). */
  close(): Promise<void>
}

export function openStore(path: string): Store {
  const db = openDatabase(path)
  const checkpoints = path === IN_MEMORY ? null : startBackgroundCheckpoint(path)
  return {
    db,
    path,
    settings: new SettingsRepo(db),
    scopes: new ScopesRepo(db),
    clients: new ClientsRepo(db),
    users: new UsersRepo(db),
    keys: new KeysRepo(db),
    tls: new TlsRepo(db),
    tokens: new TokensRepo(db),
    exchanges: new ExchangesRepo(db),
    report: new ReportQueries(db),
    scenarios: new ScenariosRepo(db),
    faults: new FaultsRepo(db),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    close: async () => {
      await checkpoints?.stop()
      if (db.open) db.close()
    },
  }
}
