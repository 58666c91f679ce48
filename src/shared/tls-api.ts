// The LabApi call of the HTTPS listener's certificate (server/tls): what a client needs to trust it.
// The private key never crosses the LabApi.
import { z } from 'zod'

export const tlsApiInputs = {
  'tls.certificate': z.object({}).strict(),
} as const

export interface TlsCertificateInfo {
  /** The certificate for clients to trust (`curl --cacert`, Node's `ca`). */
  certPem: string
  /** SHA-256 of the DER certificate, colon-separated uppercase hex, as browsers show it. */
  fingerprintSha256: string
  /** Validity, ms since the epoch. */
  notBefore: number
  notAfter: number
}

export interface TlsApiOutputs {
  'tls.certificate': TlsCertificateInfo
}
