import type { Database } from 'better-sqlite3'

// Version 1: the workspace (settings, scopes, clients, users), signing keys, tokens and
// refresh-token families, and the exchange log. Tokens are stored as SHA-256 digests only.
// Tokens are keyed by their digest alone (WITHOUT ROWID: one B-tree write per token, not two);
// exchanges use the rowid as their order (no AUTOINCREMENT bookkeeping table on each insert).
// No index on expiry or on the exchanges' client/user: pruning runs every few minutes and the
// history filters scan at most the retention (10,000 rows by default), while every index is one
// more page written per request on the token endpoint's hot path.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE scopes (
      name        TEXT PRIMARY KEY,
      description TEXT NOT NULL DEFAULT '',
      is_default  INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1))
    ) STRICT;

    CREATE TABLE clients (
      client_id          TEXT PRIMARY KEY,
      is_public          INTEGER NOT NULL DEFAULT 0 CHECK (is_public IN (0, 1)),
      secret_hash        TEXT,
      default_scopes     TEXT,
      token_format       TEXT CHECK (token_format IN ('opaque', 'jwt')),
      access_token_ttl   INTEGER,
      refresh_token_ttl  INTEGER,
      lenient_basic_auth INTEGER NOT NULL DEFAULT 0 CHECK (lenient_basic_auth IN (0, 1)),
      created_at         INTEGER NOT NULL,
      CHECK ((is_public = 1 AND secret_hash IS NULL) OR (is_public = 0 AND secret_hash IS NOT NULL))
    ) STRICT;

    CREATE TABLE client_grant_types (
      client_id  TEXT NOT NULL REFERENCES clients(client_id) ON DELETE CASCADE ON UPDATE CASCADE,
      grant_type TEXT NOT NULL CHECK (grant_type IN ('password', 'refresh_token')),
      PRIMARY KEY (client_id, grant_type)
    ) STRICT;

    CREATE TABLE client_auth_methods (
      client_id TEXT NOT NULL REFERENCES clients(client_id) ON DELETE CASCADE ON UPDATE CASCADE,
      method    TEXT NOT NULL CHECK (method IN ('client_secret_basic', 'client_secret_post', 'none')),
      PRIMARY KEY (client_id, method)
    ) STRICT;

    CREATE TABLE client_scopes (
      client_id  TEXT NOT NULL REFERENCES clients(client_id) ON DELETE CASCADE ON UPDATE CASCADE,
      scope_name TEXT NOT NULL REFERENCES scopes(name) ON DELETE CASCADE ON UPDATE CASCADE,
      PRIMARY KEY (client_id, scope_name)
    ) STRICT;

    CREATE TABLE users (
      username        TEXT PRIMARY KEY,
      password_hash   TEXT NOT NULL,
      disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
      claims          TEXT NOT NULL DEFAULT '{}',
      failed_attempts INTEGER NOT NULL DEFAULT 0,
      locked_until    INTEGER,
      created_at      INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE signing_keys (
      kid         TEXT PRIMARY KEY,
      alg         TEXT NOT NULL,
      private_jwk TEXT NOT NULL,
      public_jwk  TEXT NOT NULL,
      created_at  INTEGER NOT NULL,
      active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
    ) STRICT;

    CREATE TABLE refresh_families (
      id             TEXT PRIMARY KEY,
      client_id      TEXT NOT NULL,
      username       TEXT NOT NULL,
      scope          TEXT NOT NULL,
      created_at     INTEGER NOT NULL,
      revoked_at     INTEGER,
      revoked_reason TEXT
    ) STRICT;

    CREATE TABLE tokens (
      digest      TEXT PRIMARY KEY,
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
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX tokens_family ON tokens(family_id);

    CREATE TABLE exchanges (
      seq           INTEGER PRIMARY KEY,
      id            TEXT NOT NULL UNIQUE,
      at            TEXT NOT NULL,
      origin        TEXT NOT NULL,
      endpoint      TEXT NOT NULL,
      method        TEXT NOT NULL,
      status        INTEGER NOT NULL,
      grant_type    TEXT,
      client_id     TEXT,
      username      TEXT,
      error         TEXT,
      duration_ms   REAL NOT NULL,
      hash_ms       REAL NOT NULL,
      finding_count INTEGER NOT NULL,
      request       TEXT NOT NULL,
      response      TEXT NOT NULL,
      trace         TEXT NOT NULL,
      findings      TEXT NOT NULL
    ) STRICT;
  `)
}
