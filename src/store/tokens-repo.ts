import type { Database } from 'better-sqlite3'
import type { TokenFormat } from '../shared/wire'

/** A token as stored: its SHA-256 digest, never the token as issued. */
export interface TokenRecord {
  digest: string
  kind: 'access' | 'refresh'
  format: TokenFormat
  familyId: string | null
  clientId: string
  username: string
  scope: string
  jti: string
  issuedAt: number
  expiresAt: number
  usedAt: number | null
  revokedAt: number | null
}

/** A token as written when issued: not used, not revoked yet. */
type NewTokenRecord = Omit<TokenRecord, 'usedAt' | 'revokedAt'>

export interface RefreshFamily {
  id: string
  clientId: string
  username: string
  scope: string
  createdAt: number
  revokedAt: number | null
  revokedReason: string | null
}

interface TokenRow {
  digest: string
  kind: 'access' | 'refresh'
  format: TokenFormat
  family_id: string | null
  client_id: string
  username: string
  scope: string
  jti: string
  issued_at: number
  expires_at: number
  used_at: number | null
  revoked_at: number | null
}
const toToken = (r: TokenRow): TokenRecord => ({
  digest: r.digest,
  kind: r.kind,
  format: r.format,
  familyId: r.family_id,
  clientId: r.client_id,
  username: r.username,
  scope: r.scope,
  jti: r.jti,
  issuedAt: r.issued_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  revokedAt: r.revoked_at,
})

export class TokensRepo {
  private readonly insertStmt
  private readonly findStmt
  private readonly markUsedStmt
  private readonly revokeStmt
  private readonly insertFamilyStmt
  private readonly familyStmt
  private readonly revokeFamilyStmt
  private readonly revokeFamilyTokensStmt
  private readonly revokeFamilyAccessStmt
  private readonly pruneStmt
  private readonly revokeUserTokensStmt
  private readonly revokeUserFamiliesStmt

  constructor(private readonly db: Database) {
    // Positional parameters: binding by name costs a lookup per column on every token issued.
    this.insertStmt = db.prepare(
      `INSERT INTO tokens (digest, kind, format, family_id, client_id, username, scope, jti, issued_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.findStmt = db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE digest = ?')
    this.markUsedStmt = db.prepare(
      'UPDATE tokens SET used_at = ? WHERE digest = ? AND used_at IS NULL AND revoked_at IS NULL',
    )
    this.revokeStmt = db.prepare('UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE digest = ?')
    this.insertFamilyStmt = db.prepare(
      'INSERT INTO refresh_families (id, client_id, username, scope, created_at) VALUES (?, ?, ?, ?, ?)',
    )
    this.familyStmt = db.prepare<
      [string],
      {
        id: string
        client_id: string
        username: string
        scope: string
        created_at: number
        revoked_at: number | null
        revoked_reason: string | null
      }
    >('SELECT * FROM refresh_families WHERE id = ?')
    this.revokeFamilyStmt = db.prepare(
      'UPDATE refresh_families SET revoked_at = COALESCE(revoked_at, ?), revoked_reason = COALESCE(revoked_reason, ?) WHERE id = ?',
    )
    this.revokeFamilyTokensStmt = db.prepare(
      'UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE family_id = ?',
    )
    this.revokeFamilyAccessStmt = db.prepare(
      "UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE family_id = ? AND kind = 'access'",
    )
    this.pruneStmt = db.prepare('DELETE FROM tokens WHERE expires_at < ?')
    this.revokeUserTokensStmt = db.prepare(
      `UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?)
       WHERE family_id IN (SELECT id FROM refresh_families WHERE username = ? AND revoked_at IS NULL)`,
    )
    this.revokeUserFamiliesStmt = db.prepare(
      'UPDATE refresh_families SET revoked_at = ?, revoked_reason = ? WHERE username = ? AND revoked_at IS NULL',
    )
  }

  /**
   * The rows of one response, without a transaction of their own: the caller's savepoint holds them with the rest of
   * the response's writes (TokenService), so there is one savepoint per response rather than two nested.
   */
  insertAll(tokens: NewTokenRecord[], family?: RefreshFamily): void {
    if (family) {
      this.insertFamilyStmt.run(family.id, family.clientId, family.username, family.scope, family.createdAt)
    }
    for (const t of tokens) {
      this.insertStmt.run(
        t.digest,
        t.kind,
        t.format,
        t.familyId,
        t.clientId,
        t.username,
        t.scope,
        t.jti,
        t.issuedAt,
        t.expiresAt,
      )
    }
  }

  find(digest: string): TokenRecord | null {
    const row = this.findStmt.get(digest)
    return row ? toToken(row) : null
  }

  /**
   * Rotation (RFC 9700 §4.14.2): marks a refresh token used, only if nobody used it first.
   * Returns false when it was already used or revoked: the caller treats that as reuse.
   */
  markUsed(digest: string, now: number): boolean {
    return this.markUsedStmt.run(now, digest).changes === 1
  }

  revoke(digest: string, now: number): void {
    this.revokeStmt.run(now, digest)
  }

  family(id: string): RefreshFamily | null {
    const r = this.familyStmt.get(id)
    return r
      ? {
          id: r.id,
          clientId: r.client_id,
          username: r.username,
          scope: r.scope,
          createdAt: r.created_at,
          revokedAt: r.revoked_at,
          revokedReason: r.revoked_reason,
        }
      : null
  }

  /** Revokes a whole family: every refresh and access token issued in it. */
  revokeFamily(id: string, reason: string, now: number): void {
    this.db.transaction(() => {
      this.revokeFamilyStmt.run(now, reason, id)
      this.revokeFamilyTokensStmt.run(now, id)
    })()
  }

  /**
   * Revokes every live refresh-token family of a user, with every refresh and access token in it
   * (RFC 6819 §5.2.2.3: on a password change). Returns how many families were revoked.
   */
  revokeUserFamilies(username: string, reason: string, now: number): number {
    return this.db.transaction(() => {
      this.revokeUserTokensStmt.run(now, username)
      return this.revokeUserFamiliesStmt.run(now, reason, username).changes
    })()
  }

  /** RFC 7009 §2.1: revoking a refresh token also revokes the access tokens issued from it. */
  revokeFamilyAccessTokens(id: string, now: number): void {
    this.revokeFamilyAccessStmt.run(now, id)
  }

  /** Drop tokens expired for longer than `graceMs` (their digests no longer serve anything). */
  pruneExpired(now: number, graceMs = 24 * 3600_000): number {
    return this.pruneStmt.run(now - graceMs).changes
  }
}
