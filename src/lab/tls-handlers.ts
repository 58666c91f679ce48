// The HTTPS listener's certificate as the UI shows it (Settings: fingerprint, Export certificate).
// Made on first use and kept in the database (server/tls); the private key never leaves the core.
import type { LabAreaHandlers } from '../shared/lab-api'
import { ensureCertificate } from '../server/tls/index'
import type { Store } from '../store/index'

export function createTlsHandlers(store: Store): LabAreaHandlers<'tls'> {
  return {
    async 'tls.certificate'() {
      const { certPem, fingerprintSha256, notBefore, notAfter } = await ensureCertificate(store)
      return { certPem, fingerprintSha256, notBefore, notAfter }
    },
  }
}
