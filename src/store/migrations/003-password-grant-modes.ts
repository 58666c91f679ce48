import type { Database } from 'better-sqlite3'

// Version 3: the password grant's deprecation (rfc-checklist.md "Deprecating the grant") and the
// users it can never serve. A client's own mode (NULL: the server-wide setting, kept in `settings`
// like every setting); a user who must use a second factor, or whose password has expired, is
// refused the password grant (RFC 9700 §2.4).
// No index on refresh_families(username): revoking a user's families runs on a password change,
// rarely, while the token endpoint inserts a family on every password grant.
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE clients ADD COLUMN password_grant TEXT
      CHECK (password_grant IN ('enabled', 'deprecated', 'disabled'));
    ALTER TABLE users ADD COLUMN requires_mfa INTEGER NOT NULL DEFAULT 0 CHECK (requires_mfa IN (0, 1));
    ALTER TABLE users ADD COLUMN password_expired INTEGER NOT NULL DEFAULT 0 CHECK (password_expired IN (0, 1));
  `)
}
