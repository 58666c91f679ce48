// The HTTPS listener's identity, kept in the database (table tls_certificate): made on first use,
// made again when it is about to expire, the same across restarts so a client trusts it once.
import type { ServerOptions } from 'node:https'
import type { Store, TlsCertificateRecord } from '../../store/index'
import { generateCertificate, isUsable, type TlsMaterial } from './certificate'

export {
  CERTIFICATE_DNS_NAMES,
  CERTIFICATE_IP_ADDRESSES,
  CERTIFICATE_VALIDITY_DAYS,
  fingerprintSha256,
  generateCertificate,
  type TlsMaterial,
} from './certificate'

export interface EnsureCertificateOptions {
  /** The clock (ms since the epoch); tests move it. */
  now?: () => number
}

const pending = new WeakMap<Store, Promise<TlsMaterial>>()

const material = (r: TlsCertificateRecord): TlsMaterial => ({
  certPem: r.certPem,
  keyPem: r.keyPem,
  fingerprintSha256: r.fingerprintSha256,
  notBefore: r.notBefore,
  notAfter: r.notAfter,
})

/** The stored certificate, or a new one (stored) when there is none or it is expired or unreadable. */
export function ensureCertificate(store: Store, options: EnsureCertificateOptions = {}): Promise<TlsMaterial> {
  const now = options.now ?? Date.now
  const stored = store.tls.get()
  if (stored && isUsable(stored, now())) return Promise.resolve(material(stored))
  // Two callers at once (serve --https and `cert` in one process) get the same new certificate.
  let making = pending.get(store)
  if (!making) {
    making = generateAndStore(store, now).finally(() => pending.delete(store))
    pending.set(store, making)
  }
  return making
}

async function generateAndStore(store: Store, now: () => number): Promise<TlsMaterial> {
  const made = await generateCertificate(now())
  return store.transaction(() => {
    // Another process on the same database file may have stored one while this one was being made:
    // keep that one, so every listener of this database presents the certificate its clients trust.
    const current = store.tls.get()
    if (current && isUsable(current, now())) return material(current)
    store.tls.put({ ...made, createdAt: now() })
    return made
  })
}

/** The PEM certificate for clients to trust (`ropc-lab cert`, `curl --cacert`); made if needed. */
export async function certificatePem(store: Store, options: EnsureCertificateOptions = {}): Promise<string> {
  return (await ensureCertificate(store, options)).certPem
}

/**
 * The options of `https.createServer` (TLS 1.2 at least, RFC 9325 §3.1.1). The same object given to
 * `server.setSecureContext()` swaps in a renewed certificate without restarting the listener.
 */
export function httpsServerOptions(m: Pick<TlsMaterial, 'certPem' | 'keyPem'>): ServerOptions {
  return { cert: m.certPem, key: m.keyPem, minVersion: 'TLSv1.2' }
}
