import type { Database } from 'better-sqlite3'

/** The HTTPS listener's certificate and key. `keyPem` never leaves the core (no export, log or LabApi). */
export interface TlsCertificateRecord {
  certPem: string
  /** PKCS#8 PEM. */
  keyPem: string
  /** SHA-256 of the DER certificate, colon-separated uppercase hex (as browsers show it). */
  fingerprintSha256: string
  /** Validity, ms since the epoch. */
  notBefore: number
  notAfter: number
  createdAt: number
}

interface TlsRow {
  cert_pem: string
  key_pem: string
  fingerprint_sha256: string
  not_before: number
  not_after: number
  created_at: number
}

export class TlsRepo {
  constructor(private readonly db: Database) {}

  get(): TlsCertificateRecord | null {
    const row = this.db.prepare<[], TlsRow>('SELECT * FROM tls_certificate WHERE id = 1').get()
    if (!row) return null
    return {
      certPem: row.cert_pem,
      keyPem: row.key_pem,
      fingerprintSha256: row.fingerprint_sha256,
      notBefore: row.not_before,
      notAfter: row.not_after,
      createdAt: row.created_at,
    }
  }

  /** Stores `r` as the one certificate, replacing the previous one. */
  put(r: TlsCertificateRecord): void {
    this.db
      .prepare(
        `INSERT INTO tls_certificate (id, cert_pem, key_pem, fingerprint_sha256, not_before, not_after, created_at)
         VALUES (1, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET cert_pem = excluded.cert_pem, key_pem = excluded.key_pem,
           fingerprint_sha256 = excluded.fingerprint_sha256, not_before = excluded.not_before,
           not_after = excluded.not_after, created_at = excluded.created_at`,
      )
      .run(r.certPem, r.keyPem, r.fingerprintSha256, r.notBefore, r.notAfter, r.createdAt)
  }
}
