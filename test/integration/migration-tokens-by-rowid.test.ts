// Migration 8 rebuilds the tokens table keyed by rowid (the digest a unique index): every token of a version-7
// database comes through with every column, the store finds, rotates and revokes them as before, and a second
// token with the same digest is refused as the primary key refused it.
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { MIGRATIONS, runMigrations } from '../../src/store/migrations/index'
import { openStore } from '../../src/store/index'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-migration-8-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

it('keeps every token of a version-7 database, and the store uses them as before', () => {
  const path = join(dir, 'lab.db')
  const old = new Database(path)
  runMigrations(
    old,
    MIGRATIONS.filter((m) => m.version <= 7),
  )
  expect(old.prepare("SELECT sql FROM sqlite_master WHERE name = 'tokens'").pluck().get()).toMatch(/WITHOUT ROWID/)
  old
    .prepare('INSERT INTO refresh_families (id, client_id, username, scope, created_at) VALUES (?, ?, ?, ?, ?)')
    .run('fam-1', 'app', 'alice', 'api', 1_000)
  const insert = old.prepare(
    `INSERT INTO tokens (digest, kind, format, family_id, client_id, username, scope, jti, issued_at, expires_at,
       used_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const rows = [
    ['d-refresh-used', 'refresh', 'opaque', 'fam-1', 'app', 'alice', 'api', 'j1', 1_000, 9e12, 1_500, null],
    ['d-refresh', 'refresh', 'opaque', 'fam-1', 'app', 'alice', 'api', 'j2', 1_500, 9e12, null, null],
    ['d-access', 'access', 'jwt', 'fam-1', 'app', 'alice', 'api', 'j3', 1_500, 9e12, null, null],
    ['d-revoked', 'access', 'opaque', null, 'svc', '', 'api', 'j4', 2_000, 9e12, null, 2_500],
  ] as const
  for (const row of rows) insert.run(...row)
  old.close()

  const store = openStore(path)
  try {
    const sql = store.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'tokens'").pluck().get() as string
    expect(sql).not.toMatch(/WITHOUT ROWID/)
    expect(sql).toMatch(/digest\s+TEXT NOT NULL UNIQUE/)
    expect(
      store.db.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'tokens' AND type = 'index'").pluck().all(),
    ).toContain('tokens_family')
    const all = store.db
      .prepare(
        `SELECT digest, kind, format, family_id, client_id, username, scope, jti, issued_at, expires_at, used_at,
           revoked_at FROM tokens ORDER BY digest`,
      )
      .raw()
      .all()
    expect(all).toEqual([...rows].sort((a, b) => a[0].localeCompare(b[0])).map((r) => [...r]))

    expect(store.tokens.find('d-access')).toMatchObject({ kind: 'access', format: 'jwt', familyId: 'fam-1' })
    expect(store.tokens.markUsed('d-refresh', 3_000)).toBe(true)
    expect(store.tokens.markUsed('d-refresh', 3_001)).toBe(false) // the compare-and-set still holds
    store.tokens.revokeFamily('fam-1', 'refresh_token_reuse', 4_000)
    expect(store.tokens.find('d-access')!.revokedAt).toBe(4_000)
    expect(() =>
      store.tokens.insertAll([
        {
          digest: 'd-access',
          kind: 'access',
          format: 'opaque',
          familyId: null,
          clientId: 'app',
          username: 'bob',
          scope: '',
          jti: 'j5',
          issuedAt: 5_000,
          expiresAt: 9e12,
        },
      ]),
    ).toThrow(/UNIQUE constraint failed: tokens.digest/)
  } finally {
    store.close()
  }
})
