import type { Database } from 'better-sqlite3'

// Version 2: the certificate of the HTTPS listener (`serve --https`, `ropc-lab cert`). One row at most
// (id = 1): the lab has one listener identity, made on first use and replaced when it expires. The
// private key is PKCS#8 PEM; like the JWT signing keys it stays in the database and is never exported.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE tls_certificate (
      id                 INTEGER PRIMARY KEY CHECK (id = 1),
      cert_pem           TEXT NOT NULL,
      key_pem            TEXT NOT NULL,
      fingerprint_sha256 TEXT NOT NULL,
      not_before         INTEGER NOT NULL,
      not_after          INTEGER NOT NULL,
      created_at         INTEGER NOT NULL
    ) STRICT;
  `)
}
