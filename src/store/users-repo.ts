import type { Database } from 'better-sqlite3'
import type { LockoutPolicy, UserView } from '../shared/model'

export interface UserRecord extends UserView {
  passwordHash: string
  /** Epoch ms until which the user is locked, or null. */
  lockedUntilMs: number | null
  /** RFC 6238 shared key, base32, or null: the verifier needs the key itself. */
  totpSecret: string | null
}

interface UserRow {
  username: string
  password_hash: string
  disabled: number
  claims: string
  requires_mfa: number
  password_expired: number
  failed_attempts: number
  locked_until: number | null
  totp_secret: string | null
}

const toRecord = (r: UserRow): UserRecord => ({
  username: r.username,
  passwordHash: r.password_hash,
  disabled: r.disabled === 1,
  claims: JSON.parse(r.claims) as Record<string, unknown>,
  requiresMfa: r.requires_mfa === 1,
  passwordExpired: r.password_expired === 1,
  failedAttempts: r.failed_attempts,
  lockedUntilMs: r.locked_until,
  lockedUntil: r.locked_until === null ? null : new Date(r.locked_until).toISOString(),
  totpSecret: r.totp_secret,
  hasTotp: r.totp_secret !== null,
})

/** What a user is made of, besides the lock state: the fields of USER_FIELDS and the password's hash. */
export type UserFields = Omit<UserView, 'username' | 'failedAttempts' | 'lockedUntil' | 'hasTotp'>
export type NewUser = { username: string; passwordHash: string; totpSecret?: string | null } & UserFields

const fieldParams = (f: UserFields) => ({
  disabled: f.disabled ? 1 : 0,
  claims: JSON.stringify(f.claims),
  requires_mfa: f.requiresMfa ? 1 : 0,
  password_expired: f.passwordExpired ? 1 : 0,
})

export function toUserView(u: UserRecord): UserView {
  const { passwordHash: _hash, lockedUntilMs: _ms, totpSecret: _totp, ...view } = u
  return view
}

export class UsersRepo {
  #commonPrefix: string | null | undefined = undefined
  private readonly selectOne
  private readonly selectAll
  private readonly insertStmt
  private readonly updateStmt
  private readonly passwordStmt
  private readonly failureStmt
  private readonly resetStmt
  private readonly deleteStmt
  private readonly revokeTokensStmt
  private readonly revokeFamiliesStmt
  private readonly totpStmt
  private readonly commonPrefixStmt

  constructor(private readonly db: Database) {
    this.selectOne = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?')
    this.selectAll = db.prepare<[], UserRow>('SELECT * FROM users ORDER BY username')
    this.insertStmt = db.prepare(
      `INSERT INTO users (username, password_hash, disabled, claims, requires_mfa, password_expired, totp_secret,
         created_at)
       VALUES (@username, @password_hash, @disabled, @claims, @requires_mfa, @password_expired, @totp_secret,
         @created_at)`,
    )
    this.updateStmt = db.prepare(
      `UPDATE users SET disabled = @disabled, claims = @claims, requires_mfa = @requires_mfa,
         password_expired = @password_expired WHERE username = @username`,
    )
    this.passwordStmt = db.prepare(
      'UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = NULL WHERE username = ?',
    )
    this.failureStmt = db.prepare<[number | null, string]>(
      'UPDATE users SET failed_attempts = failed_attempts + 1, locked_until = COALESCE(?, locked_until) WHERE username = ?',
    )
    this.resetStmt = db.prepare('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE username = ?')
    this.deleteStmt = db.prepare('DELETE FROM users WHERE username = ?')
    this.revokeTokensStmt = db.prepare<[number, string]>(
      'UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE username = ?',
    )
    this.revokeFamiliesStmt = db.prepare<[number, string, string]>(
      `UPDATE refresh_families SET revoked_at = COALESCE(revoked_at, ?),
         revoked_reason = COALESCE(revoked_reason, ?) WHERE username = ?`,
    )
    this.totpStmt = db.prepare('UPDATE users SET totp_secret = ? WHERE username = ?')
    this.commonPrefixStmt = db.prepare<[], { prefix: string }>(
      'SELECT substr(password_hash, 1, 7) AS prefix FROM users GROUP BY 1 ORDER BY count(*) DESC, 1 DESC LIMIT 1',
    )
  }

  /** Enrols (or, with null, removes) the user's RFC 6238 key. */
  setTotpSecret(username: string, secret: string | null): boolean {
    return this.totpStmt.run(secret, username).changes > 0
  }

  /**
   * The start (`$2b$10$`) most stored password hashes share: what an unknown user's dummy compare must
   * cost (RFC 6749 §4.3.2), whatever the bcryptCost setting says now. Null when there is no user.
   */
  commonHashPrefix(): string | null {
    // Read once and kept until a hash changes: it is asked on every refused sign-in, and the query
    // groups every row of the table.
    if (this.#commonPrefix === undefined) this.#commonPrefix = this.commonPrefixStmt.get()?.prefix ?? null
    return this.#commonPrefix
  }

  /** Every row goes (a workspace import, which then inserts the file's). */
  deleteAll(): void {
    this.#commonPrefix = undefined
    this.db.exec('DELETE FROM users')
  }

  get(username: string): UserRecord | null {
    const row = this.selectOne.get(username)
    return row ? toRecord(row) : null
  }
  list(): UserRecord[] {
    return this.selectAll.all().map(toRecord)
  }
  insert(u: NewUser): void {
    this.#commonPrefix = undefined
    this.insertStmt.run({
      username: u.username,
      password_hash: u.passwordHash,
      ...fieldParams(u),
      totp_secret: u.totpSecret ?? null,
      created_at: Date.now(),
    })
  }
  /** Changes the fields given; the others keep their value. */
  update(username: string, patch: Partial<UserFields>): void {
    this.db.transaction(() => {
      const current = this.get(username)
      if (!current) return
      const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))
      this.updateStmt.run({ username, ...fieldParams({ ...current, ...given }) })
    })()
  }
  setPasswordHash(username: string, hash: string): void {
    this.#commonPrefix = undefined
    this.passwordStmt.run(hash, username)
  }

  /**
   * RFC 6749 §4.3.2: protect the endpoint against brute force. One more consecutive failure;
   * at `maxFailures` the user is locked for `lockSeconds`. Atomic, so concurrent failures all count.
   */
  recordFailure(username: string, policy: LockoutPolicy, now: number): UserRecord | null {
    return this.db.transaction(() => {
      const before = this.selectOne.get(username)
      if (!before) return null
      const reaches = policy.enabled && before.failed_attempts + 1 >= policy.maxFailures
      this.failureStmt.run(reaches ? now + policy.lockSeconds * 1000 : null, username)
      return this.get(username)
    })()
  }

  /** A success (or an unlock) clears the count and the lock. */
  resetFailures(username: string): void {
    this.resetStmt.run(username)
  }

  /**
   * Deletes the user and revokes every token issued to it, in one transaction. Tokens name their
   * user by username only, so a token left active would belong to the next user created under the
   * same name (introspected active for them, refreshed into new tokens with their claims): a token
   * must not outlive the resource owner's grant (RFC 6749 §10.4, RFC 6819 §5.2.2.3).
   */
  delete(username: string, now: number = Date.now()): boolean {
    this.#commonPrefix = undefined
    return this.db.transaction(() => {
      if (this.deleteStmt.run(username).changes === 0) return false
      this.revokeTokensStmt.run(now, username)
      this.revokeFamiliesStmt.run(now, 'user_deleted', username)
      return true
    })()
  }
}
