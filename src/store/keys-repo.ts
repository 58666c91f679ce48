import type { Database } from 'better-sqlite3'

export interface SigningKeyRecord {
  kid: string
  alg: string
  privateJwk: string
  publicJwk: string
  createdAt: number
  active: boolean
}

interface KeyRow {
  kid: string
  alg: string
  private_jwk: string
  public_jwk: string
  created_at: number
  active: number
}
const toRecord = (r: KeyRow): SigningKeyRecord => ({
  kid: r.kid,
  alg: r.alg,
  privateJwk: r.private_jwk,
  publicJwk: r.public_jwk,
  createdAt: r.created_at,
  active: r.active === 1,
})

export class KeysRepo {
  constructor(private readonly db: Database) {}

  /** The newest active key of that algorithm. */
  active(alg: string): SigningKeyRecord | null {
    const row = this.db
      .prepare<[string], KeyRow>(
        'SELECT * FROM signing_keys WHERE active = 1 AND alg = ? ORDER BY created_at DESC LIMIT 1',
      )
      .get(alg)
    return row ? toRecord(row) : null
  }

  /** Every key still published in the JWKS (tokens signed by an older one stay verifiable). */
  all(): SigningKeyRecord[] {
    return this.db.prepare<[], KeyRow>('SELECT * FROM signing_keys ORDER BY created_at').all().map(toRecord)
  }

  insert(k: SigningKeyRecord): void {
    this.db
      .prepare(
        'INSERT INTO signing_keys (kid, alg, private_jwk, public_jwk, created_at, active) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(k.kid, k.alg, k.privateJwk, k.publicJwk, k.createdAt, k.active ? 1 : 0)
  }
}
