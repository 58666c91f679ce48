import BetterSqlite3, { type Database } from 'better-sqlite3'
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { BACKSTOP_AUTOCHECKPOINT_PAGES } from './background-checkpoint'
import { runMigrations, type Migration, MIGRATIONS } from './migrations/index'

export const IN_MEMORY = ':memory:'

/** Owner only: the database holds the signing keys, the TLS key, hashes and the exchange log. */
export const PRIVATE_FILE_MODE = 0o600
export const PRIVATE_DIR_MODE = 0o700

/** Group or others can read or write it: chmod to `mode`. No-op on Windows, where modes do not apply. */
function tighten(path: string, mode: number): void {
  if (process.platform === 'win32' || !existsSync(path)) return
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, mode)
}

/**
 * Before SQLite opens `path`: a missing folder is made 0700, a missing database file is made empty
 * at 0600 (SQLite would make it 0644 under the usual umask; its WAL and SHM files take the database
 * file's mode), and existing db, WAL and SHM files left looser are made 0600.
 */
function preparePrivateFiles(path: string): void {
  const folder = dirname(path)
  if (!existsSync(folder)) {
    mkdirSync(folder, { recursive: true, mode: PRIVATE_DIR_MODE })
    tighten(folder, PRIVATE_DIR_MODE)
  }
  if (!existsSync(path)) closeSync(openSync(path, 'a', PRIVATE_FILE_MODE))
  for (const file of [path, `${path}-wal`, `${path}-shm`]) tighten(file, PRIVATE_FILE_MODE)
}

/** Opens (creating if needed) a database file with WAL, foreign keys, and runs migrations. */
export function openDatabase(path: string, migrations: readonly Migration[] = MIGRATIONS): Database {
  if (path !== IN_MEMORY) preparePrivateFiles(path)
  const db = new BetterSqlite3(path)
  try {
    if (path !== IN_MEMORY) db.pragma('journal_mode = WAL')
    // NORMAL is durable with WAL at each checkpoint and never corrupts on a crash.
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    // Checkpoints run on a worker thread (background-checkpoint.ts); this is only the backstop.
    if (path !== IN_MEMORY) db.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`)
    runMigrations(db, migrations)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}
