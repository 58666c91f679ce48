import type { Database } from 'better-sqlite3'
import type { ClientView } from '../shared/model'
import type { PasswordGrantMode } from '../shared/password-grant'
import type { AuthMethod, GrantType, TokenFormat } from '../shared/wire'
import { CLIENT_CACHE_ENTRIES } from '../shared/limits'

/** A client as the server needs it: the view plus the secret's bcrypt hash. */
export interface ClientRecord extends ClientView {
  secretHash: string | null
}

interface ClientRow {
  /** JSON arrays of the relations, gathered in the same statement as the row. */
  grant_types: string
  auth_methods: string
  scope_names: string
  client_id: string
  is_public: number
  secret_hash: string | null
  default_scopes: string | null
  token_format: TokenFormat | null
  access_token_ttl: number | null
  refresh_token_ttl: number | null
  lenient_basic_auth: number
  password_grant: PasswordGrantMode | null
  redirect_uris: string
  first_party: number
}

function frozen(c: ClientRecord): ClientRecord {
  for (const list of [c.grantTypes, c.authMethods, c.scopes, c.defaultScopes, c.redirectUris]) {
    if (list) Object.freeze(list)
  }
  return Object.freeze(c)
}

export class ClientsRepo {
  #commonPrefix: string | null | undefined = undefined
  /**
   * Clients as read, valid while the change counter (migration 007's triggers) still reads #keptAt: the token
   * endpoint reads its client on every request, and the counter costs a fraction of the client's four-table read.
   */
  readonly #kept = new Map<string, ClientRecord>()
  #keptAt = -1
  private readonly versionStmt
  private readonly selectOne
  private readonly selectAll
  private readonly insertStmt
  private readonly updateStmt
  private readonly secretStmt
  private readonly deleteStmt
  private readonly revokeTokensStmt
  private readonly revokeFamiliesStmt
  private readonly commonPrefixStmt

  constructor(private readonly db: Database) {
    // One statement per client (the token endpoint reads a client on every request): the relations
    // come back as JSON arrays instead of three more queries.
    const withRelations = `SELECT c.*,
        (SELECT json_group_array(grant_type) FROM (SELECT grant_type FROM client_grant_types
           WHERE client_id = c.client_id ORDER BY grant_type)) AS grant_types,
        (SELECT json_group_array(method) FROM (SELECT method FROM client_auth_methods
           WHERE client_id = c.client_id ORDER BY method)) AS auth_methods,
        (SELECT json_group_array(scope_name) FROM (SELECT scope_name FROM client_scopes
           WHERE client_id = c.client_id ORDER BY scope_name)) AS scope_names
      FROM clients c`
    this.selectOne = db.prepare<[string], ClientRow>(`${withRelations} WHERE c.client_id = ?`)
    this.versionStmt = db.prepare<[], number>('SELECT n FROM clients_version WHERE id = 1').pluck()
    this.selectAll = db.prepare<[], ClientRow>(`${withRelations} ORDER BY c.client_id`)
    this.insertStmt = db.prepare(
      `INSERT INTO clients (client_id, is_public, secret_hash, default_scopes, token_format, access_token_ttl,
         refresh_token_ttl, lenient_basic_auth, password_grant, redirect_uris, first_party, created_at)
       VALUES (@client_id, @is_public, @secret_hash, @default_scopes, @token_format, @access_token_ttl,
         @refresh_token_ttl, @lenient_basic_auth, @password_grant, @redirect_uris, @first_party, @created_at)`,
    )
    this.updateStmt = db.prepare(
      `UPDATE clients SET is_public = @is_public, secret_hash = @secret_hash, default_scopes = @default_scopes,
         token_format = @token_format, access_token_ttl = @access_token_ttl, refresh_token_ttl = @refresh_token_ttl,
         lenient_basic_auth = @lenient_basic_auth, password_grant = @password_grant,
         redirect_uris = @redirect_uris, first_party = @first_party WHERE client_id = @client_id`,
    )
    this.secretStmt = db.prepare('UPDATE clients SET secret_hash = ? WHERE client_id = ?')
    this.deleteStmt = db.prepare('DELETE FROM clients WHERE client_id = ?')
    this.commonPrefixStmt = db.prepare<[], { prefix: string }>(
      `SELECT substr(secret_hash, 1, 7) AS prefix FROM clients WHERE secret_hash IS NOT NULL
       GROUP BY 1 ORDER BY count(*) DESC, 1 DESC LIMIT 1`,
    )
    this.revokeTokensStmt = db.prepare<[number, string]>(
      'UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE client_id = ?',
    )
    this.revokeFamiliesStmt = db.prepare<[number, string, string]>(
      `UPDATE refresh_families SET revoked_at = COALESCE(revoked_at, ?),
         revoked_reason = COALESCE(revoked_reason, ?) WHERE client_id = ?`,
    )
  }

  private toRecord(row: ClientRow): ClientRecord {
    return {
      clientId: row.client_id,
      public: row.is_public === 1,
      hasSecret: row.secret_hash !== null,
      secretHash: row.secret_hash,
      grantTypes: JSON.parse(row.grant_types) as GrantType[],
      authMethods: JSON.parse(row.auth_methods) as AuthMethod[],
      scopes: JSON.parse(row.scope_names) as string[],
      defaultScopes: row.default_scopes === null ? null : (JSON.parse(row.default_scopes) as string[]),
      tokenFormat: row.token_format,
      accessTokenTtl: row.access_token_ttl,
      refreshTokenTtl: row.refresh_token_ttl,
      lenientBasicAuth: row.lenient_basic_auth === 1,
      passwordGrant: row.password_grant,
      redirectUris: JSON.parse(row.redirect_uris) as string[],
      firstParty: row.first_party === 1,
    }
  }

  /** How many clients are kept in memory now (for tests: at most CLIENT_CACHE_ENTRIES). */
  get keptCount(): number {
    return this.#kept.size
  }

  /** The client, or null. Frozen: it may be the kept copy other requests read too. */
  get(clientId: string): ClientRecord | null {
    const version = this.versionStmt.get()
    if (version !== this.#keptAt) {
      this.#kept.clear()
      this.#keptAt = version ?? -1
    }
    const kept = this.#kept.get(clientId)
    if (kept) return kept
    const row = this.selectOne.get(clientId)
    // An unknown id is not kept: the map holds existing clients only, whatever ids requests make up.
    if (!row) return null
    const record = frozen(this.toRecord(row))
    if (this.#kept.size >= CLIENT_CACHE_ENTRIES) this.#kept.clear()
    this.#kept.set(clientId, record)
    return record
  }

  list(): ClientRecord[] {
    return this.selectAll.all().map((r) => this.toRecord(r))
  }

  private writeRelations(c: ClientRecord): void {
    const id = c.clientId
    this.db.prepare('DELETE FROM client_grant_types WHERE client_id = ?').run(id)
    this.db.prepare('DELETE FROM client_auth_methods WHERE client_id = ?').run(id)
    this.db.prepare('DELETE FROM client_scopes WHERE client_id = ?').run(id)
    const g = this.db.prepare('INSERT INTO client_grant_types (client_id, grant_type) VALUES (?, ?)')
    const m = this.db.prepare('INSERT INTO client_auth_methods (client_id, method) VALUES (?, ?)')
    const s = this.db.prepare('INSERT INTO client_scopes (client_id, scope_name) VALUES (?, ?)')
    for (const x of new Set(c.grantTypes)) g.run(id, x)
    for (const x of new Set(c.authMethods)) m.run(id, x)
    for (const x of new Set(c.scopes)) s.run(id, x)
  }

  private row(c: ClientRecord) {
    return {
      client_id: c.clientId,
      is_public: c.public ? 1 : 0,
      secret_hash: c.public ? null : c.secretHash,
      default_scopes: c.defaultScopes === null ? null : JSON.stringify(c.defaultScopes),
      token_format: c.tokenFormat,
      access_token_ttl: c.accessTokenTtl,
      refresh_token_ttl: c.refreshTokenTtl,
      lenient_basic_auth: c.lenientBasicAuth ? 1 : 0,
      password_grant: c.passwordGrant,
      redirect_uris: JSON.stringify(c.redirectUris),
      first_party: c.firstParty ? 1 : 0,
    }
  }

  /** Inserts the client and its relations atomically (hash first, outside: this is synchronous). */
  insert(c: ClientRecord): void {
    this.#commonPrefix = undefined
    this.db.transaction(() => {
      this.insertStmt.run({ ...this.row(c), created_at: Date.now() })
      this.writeRelations(c)
    })()
  }

  replace(c: ClientRecord): void {
    this.#commonPrefix = undefined
    this.db.transaction(() => {
      this.updateStmt.run(this.row(c))
      this.writeRelations(c)
    })()
  }

  /**
   * The start (`$2b$10$`) most stored secret hashes share: what an unknown client's dummy compare must
   * cost (RFC 6749 §2.3.1), whatever the bcryptCost setting says now. Null when no client has a secret.
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
    this.db.exec('DELETE FROM clients')
  }

  setSecretHash(clientId: string, hash: string): void {
    this.#commonPrefix = undefined
    this.secretStmt.run(hash, clientId)
  }

  /**
   * Deletes the client and revokes every token issued to it, in one transaction. Tokens name their
   * client by id only, so a token left active would pass the refresh binding (RFC 6749 §6) and the
   * introspection check (RFC 7662 §2.1) of the next client registered under the same id.
   */
  delete(clientId: string, now: number = Date.now()): boolean {
    this.#commonPrefix = undefined
    return this.db.transaction(() => {
      if (this.deleteStmt.run(clientId).changes === 0) return false
      this.revokeTokensStmt.run(now, clientId)
      this.revokeFamiliesStmt.run(now, 'client_deleted', clientId)
      return true
    })()
  }
}
