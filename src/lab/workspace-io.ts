// Import and export of the workspace file (docs/workspace-format.md). An import is all or
// nothing: the file is validated whole, every plaintext is hashed first (on the worker pool,
// with progress), then one synchronous transaction replaces the workspace.
import { LabError, type ImportResult } from '../shared/lab-api'
import type { Settings } from '../shared/model'
import {
  parseWorkspace,
  workspaceProblemsMessage,
  type ExportedWorkspace,
  type WorkspaceFile,
  TOTP_SECRET_MASKED,
} from '../shared/workspace-schema'
import type { HashPool } from '../server/credentials/hash-pool'
import type { Store } from '../store/index'
import { recordDeprecationStart } from './workspace-crud'

export type ImportProgress = (done: number, total: number) => void

/** Validates a parsed JSON value as a workspace file; throws a LabError listing every problem. */
export function validateWorkspace(input: unknown): WorkspaceFile {
  const parsed = parseWorkspace(input)
  if (!parsed.ok) throw new LabError('workspace_invalid', workspaceProblemsMessage(parsed.problems), parsed.problems)
  return parsed.workspace
}

export async function importWorkspace(
  store: Store,
  pool: HashPool,
  input: unknown,
  onProgress?: ImportProgress,
): Promise<ImportResult> {
  const ws = validateWorkspace(input)
  const cost = ws.settings.bcryptCost
  const toHash = ws.clients.filter((c) => c.secret !== null).length + ws.users.filter((u) => u.password !== null).length
  let done = 0
  const hashOne = async (plaintext: string): Promise<string> => {
    const h = await pool.hash(plaintext, cost)
    onProgress?.(++done, toHash)
    return h
  }
  // Hash before the transaction: better-sqlite3 transactions are synchronous.
  const clientHashes = await Promise.all(ws.clients.map((c) => (c.secret !== null ? hashOne(c.secret) : c.secretHash)))
  const userHashes = await Promise.all(
    ws.users.map((u) => (u.password !== null ? hashOne(u.password) : u.passwordHash)),
  )

  store.transaction(() => {
    // The desktop preferences of SETTINGS_FIELDS (port, retention, signing algorithm) are absent from
    // ws.settings unless the file sets them: the current values survive an import that omits them.
    const settings: Settings = { ...store.settings.get(), ...ws.settings }
    store.db.exec('DELETE FROM tokens; DELETE FROM refresh_families;')
    store.clients.deleteAll()
    store.db.exec('DELETE FROM scopes')
    store.users.deleteAll()
    store.settings.replace(settings)
    markInitialized(store)
    for (const s of ws.scopes) store.scopes.upsert(s)
    ws.clients.forEach((c, i) => {
      store.clients.insert({ ...c, hasSecret: !c.public, secretHash: c.public ? null : clientHashes[i]! })
    })
    ws.users.forEach(({ password: _plaintext, passwordHash: _given, ...fields }, i) => {
      store.users.insert({ ...fields, passwordHash: userHashes[i]! })
    })
    // The file's rules replace the workspace's (none in the file: none afterwards).
    store.faults.replace(ws.faults)
    // RFC 9745 §2: a file that deprecates the grant without saying since when starts the clock now.
    // (Every password is new here, and every token was dropped above: none outlives its password.)
    recordDeprecationStart(store, Date.now())
    // The scenarios are part of the workspace: a file without any leaves none.
    store.scenarios.replaceAll(ws.scenarios)
  })
  return { scopes: ws.scopes.length, clients: ws.clients.length, users: ws.users.length }
}

/** The workspace as a file: hashes only, never plaintext. */
export interface ExportOptions {
  /** Write users' TOTP secrets in clear (a file that must enrol the same phones elsewhere). */
  includeTotpSecrets?: boolean
}

export function exportWorkspace(store: Store, options: ExportOptions = {}): ExportedWorkspace {
  const { port: _port, ...settings } = store.settings.get()
  const faults = store.faults.list()
  return {
    version: 1,
    settings,
    scopes: store.scopes.list(),
    clients: store.clients.list().map(({ hasSecret: _h, secretHash, ...c }) => ({
      ...c,
      ...(secretHash !== null && { secretHash }),
    })),
    // Every field of the user, the lock state aside (it is the server's, not the workspace's). A TOTP
    // key is a shared secret (RFC 6238 §5.1): in clear only when asked, masked otherwise.
    users: store.users
      .list()
      .map(({ failedAttempts: _f, lockedUntil: _l, lockedUntilMs: _ms, hasTotp: _t, totpSecret, ...u }) => ({
        ...u,
        ...(totpSecret !== null && { totpSecret: options.includeTotpSecrets ? totpSecret : TOTP_SECRET_MASKED }),
      })),
    scenarios: store.scenarios.list().map((s) => s.definition),
    ...(faults.length > 0 && { faults }),
  }
}

const INITIALIZED_KEY = 'workspaceInitialized'

function markInitialized(store: Store): void {
  store.db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES (?, 'true')").run(INITIALIZED_KEY)
}

/**
 * True until a workspace was seeded or imported once: a user who deletes every client later
 * does not get the demo back on the next start.
 */
export function isWorkspaceUninitialized(store: Store): boolean {
  return !store.db.prepare('SELECT 1 FROM settings WHERE key = ?').get(INITIALIZED_KEY)
}
