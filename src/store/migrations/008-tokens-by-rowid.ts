import type { Database } from 'better-sqlite3'

// Version 8: the tokens table keyed by rowid, its digest a unique index, instead of WITHOUT ROWID keyed by the
// digest. A digest is random (SHA-256 of a random token), so with the whole row in the digest's b-tree every token
// written (two per rotation) and every token marked used dirtied a random page of full rows: a refresh's commit
// wrote one page per row touched, and most of them missed SQLite's page cache first. Keyed by rowid, rows are
// appended to the last pages, a token marked used is one of the latest, and only the digest index (rows a quarter
// the size) takes a random page. The columns, the family index and every query stay as they were.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE tokens_v8 (
      seq         INTEGER PRIMARY KEY,
      digest      TEXT NOT NULL UNIQUE,
      kind        TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
      format      TEXT NOT NULL CHECK (format IN ('opaque', 'jwt')),
      family_id   TEXT REFERENCES refresh_families(id) ON DELETE CASCADE,
      client_id   TEXT NOT NULL,
      username    TEXT NOT NULL,
      scope       TEXT NOT NULL,
      jti         TEXT NOT NULL,
      issued_at   INTEGER NOT NULL,
      expires_at  INTEGER NOT NULL,
      used_at     INTEGER,
      revoked_at  INTEGER
    ) STRICT;
    INSERT INTO tokens_v8 (digest, kind, format, family_id, client_id, username, scope, jti, issued_at, expires_at,
        used_at, revoked_at)
      SELECT digest, kind, format, family_id, client_id, username, scope, jti, issued_at, expires_at, used_at,
        revoked_at
      FROM tokens ORDER BY issued_at;
    DROP TABLE tokens;
    ALTER TABLE tokens_v8 RENAME TO tokens;
    CREATE INDEX tokens_family ON tokens(family_id);
  `)
}
