import BetterSqlite3, { type Database } from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { BACKSTOP_AUTOCHECKPOINT_PAGES } from './background-checkpoint'
import { runMigrations, type Migration, MIGRATIONS } from './migrations/index'

export const IN_MEMORY = ':memory:'

/** Opens (creating if needed) a database file with WAL, foreign keys, and runs migrations. */
export function openDatabase(path: string, migrations: readonly Migration[] = MIGRATIONS): Database {
  if (path !== IN_MEMORY) mkdirSync(dirname(path), { recursive: true })
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
