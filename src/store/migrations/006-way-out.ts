import type { Database } from 'better-sqlite3'

// Version 6: the flows that replace the password grant (way-out.md). Clients may now hold the
// authorization_code (RFC 6749 §4.1) and client_credentials (§4.4) grants — SQLite cannot change a
// CHECK constraint, so the grant table is rebuilt with its rows —, register redirect URIs (exact
// matching, RFC 9700 §4.1.3; a JSON array) and be marked first-party (the authorization challenge
// endpoint, draft-ietf-oauth-first-party-apps). A user may hold a TOTP secret (RFC 6238 §5.1: the
// verifier needs the key itself, so it is kept as given, base32, never exported unless asked and never
// logged). Each exchange records the flow it belongs to, so the migration report tells flows apart.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE client_grant_types_v6 (
      client_id  TEXT NOT NULL REFERENCES clients(client_id) ON DELETE CASCADE ON UPDATE CASCADE,
      grant_type TEXT NOT NULL
        CHECK (grant_type IN ('password', 'refresh_token', 'authorization_code', 'client_credentials')),
      PRIMARY KEY (client_id, grant_type)
    ) STRICT;
    INSERT INTO client_grant_types_v6 (client_id, grant_type) SELECT client_id, grant_type FROM client_grant_types;
    DROP TABLE client_grant_types;
    ALTER TABLE client_grant_types_v6 RENAME TO client_grant_types;

    ALTER TABLE clients ADD COLUMN redirect_uris TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE clients ADD COLUMN first_party INTEGER NOT NULL DEFAULT 0 CHECK (first_party IN (0, 1));
    ALTER TABLE users ADD COLUMN totp_secret TEXT;
    ALTER TABLE exchanges ADD COLUMN flow TEXT;
  `)
}
