// Numbered migrations, run in one transaction and recorded in PRAGMA user_version
// (the Signal-Desktop pattern). A database from a newer ROPC Lab is refused, never touched.
import type { Database } from 'better-sqlite3'
import { up as v1 } from './001-initial'
import { up as v2 } from './002-tls-certificate'
import { up as v3 } from './003-password-grant-modes'
import { up as v4 } from './004-scenarios'
import { up as v5 } from './005-faults'
import { up as v6 } from './006-way-out'
import { up as v7 } from './007-clients-version'
import { up as v8 } from './008-tokens-by-rowid'

export interface Migration {
  version: number
  name: string
  up(db: Database): void
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', up: v1 },
  { version: 2, name: 'tls certificate', up: v2 },
  { version: 3, name: 'password grant modes', up: v3 },
  { version: 4, name: 'scenarios', up: v4 },
  { version: 5, name: 'fault rules', up: v5 },
  { version: 6, name: 'the way out: new grants, redirect URIs, first-party clients, TOTP, flows', up: v6 },
  { version: 7, name: 'a change counter of the clients, for the token endpoint to keep them in memory', up: v7 },
  { version: 8, name: 'tokens keyed by rowid, the digest a unique index', up: v8 },
]

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version

export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `this database was written by a newer ROPC Lab (schema version ${found}; this version knows up to ${known}). ` +
        'Update ROPC Lab, or use another --db.',
    )
    this.name = 'SchemaTooNewError'
  }
}

export function runMigrations(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0
  if (current > latest) throw new SchemaTooNewError(current, latest)
  const pending = migrations.filter((m) => m.version > current)
  if (pending.length === 0) return current
  // All pending steps or none: a crash mid-way leaves the previous version intact.
  db.transaction(() => {
    for (const m of pending) {
      m.up(db)
      db.pragma(`user_version = ${m.version}`)
    }
  })()
  return latest
}
