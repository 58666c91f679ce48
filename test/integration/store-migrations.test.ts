import BetterSqlite3 from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/store/database'
import { LATEST_SCHEMA_VERSION, MIGRATIONS, SchemaTooNewError, runMigrations } from '../../src/store/migrations/index'
import { openStore } from '../../src/store/index'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-store-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('store migrations', () => {
  it('numbers the migrations 1, 2, 3 … with no gap (a gap would be skipped by a database already past it)', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1))
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length)
  })

  it('creates a fresh database at the latest version, with WAL and foreign keys', () => {
    const db = openDatabase(join(dir, 'fresh.db'))
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string
    }[]
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'clients',
        'exchanges',
        'refresh_families',
        'scopes',
        'settings',
        'signing_keys',
        'tokens',
        'users',
      ]),
    )
    db.close()
  })

  it('upgrades an older database step by step and keeps its rows', () => {
    const path = join(dir, 'old.db')
    const v1only = openDatabase(path, MIGRATIONS.slice(0, 1))
    v1only.prepare("INSERT INTO scopes (name, description, is_default) VALUES ('read', 'Read', 1)").run()
    v1only.close()
    const extra = [
      ...MIGRATIONS,
      {
        version: LATEST_SCHEMA_VERSION + 1,
        name: 'test-only column',
        up: (db: BetterSqlite3.Database) => db.exec('ALTER TABLE scopes ADD COLUMN note TEXT'),
      },
    ]
    const upgraded = openDatabase(path, extra)
    expect(upgraded.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1)
    expect(upgraded.prepare('SELECT name, note FROM scopes').all()).toEqual([{ name: 'read', note: null }])
    upgraded.close()
  })

  it('version 6 keeps the grant rows of a version-5 database and takes the new grant types', () => {
    const path = join(dir, 'v5.db')
    const v5 = openDatabase(path, MIGRATIONS.slice(0, 5))
    v5.prepare("INSERT INTO clients (client_id, is_public, created_at) VALUES ('m', 1, 0)").run()
    v5.prepare("INSERT INTO client_grant_types (client_id, grant_type) VALUES ('m', 'password')").run()
    expect(() =>
      v5.prepare("INSERT INTO client_grant_types (client_id, grant_type) VALUES ('m', 'client_credentials')").run(),
    ).toThrow(/CHECK/)
    v5.close()
    const store = openStore(path)
    const c = store.clients.get('m')!
    expect(c).toMatchObject({ grantTypes: ['password'], redirectUris: [], firstParty: false })
    store.clients.replace({
      ...c,
      grantTypes: ['password', 'authorization_code', 'client_credentials'],
      firstParty: true,
    })
    expect(store.clients.get('m')!.grantTypes).toEqual(['authorization_code', 'client_credentials', 'password'])
    expect(() =>
      store.db.prepare("INSERT INTO client_grant_types (client_id, grant_type) VALUES ('m', 'implicit')").run(),
    ).toThrow(/CHECK/)
    void store.close()
  })

  it('runs pending migrations in one transaction: a failing step leaves the previous version intact', () => {
    const path = join(dir, 'fail.db')
    openDatabase(path).close()
    const broken = [
      ...MIGRATIONS,
      {
        version: LATEST_SCHEMA_VERSION + 1,
        name: 'ok',
        up: (db: BetterSqlite3.Database) => db.exec('CREATE TABLE t1 (x)'),
      },
      { version: LATEST_SCHEMA_VERSION + 2, name: 'bad', up: (db: BetterSqlite3.Database) => db.exec('NOT SQL') },
    ]
    expect(() => openDatabase(path, broken)).toThrow()
    const db = new BetterSqlite3(path)
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 't1'").get()).toBeUndefined()
    db.close()
  })

  it('refuses a database written by a newer ROPC Lab, with a message that says so', () => {
    const path = join(dir, 'future.db')
    const raw = new BetterSqlite3(path)
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`)
    raw.close()
    expect(() => openDatabase(path)).toThrow(SchemaTooNewError)
    expect(() => openDatabase(path)).toThrow(/newer ROPC Lab \(schema version \d+; this version knows up to \d+\)/)
    const again = new BetterSqlite3(path)
    expect(again.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 5)
    again.close()
  })

  it('runMigrations is idempotent', () => {
    const db = openDatabase(join(dir, 'twice.db'))
    expect(runMigrations(db)).toBe(LATEST_SCHEMA_VERSION)
    db.close()
  })

  it('cascades a deleted scope out of the clients that named it (foreign keys)', async () => {
    const store = openStore(join(dir, 'fk.db'))
    store.scopes.upsert({ name: 'read', description: '', default: true })
    store.clients.insert({
      clientId: 'c',
      public: true,
      hasSecret: false,
      secretHash: null,
      grantTypes: ['password'],
      authMethods: ['none'],
      scopes: ['read'],
      defaultScopes: null,
      tokenFormat: null,
      accessTokenTtl: null,
      refreshTokenTtl: null,
      redirectUris: [],
      firstParty: false,
      lenientBasicAuth: false,
      passwordGrant: null,
    })
    store.scopes.delete('read')
    expect(store.clients.get('c')?.scopes).toEqual([])
    await store.close()
  })
})
