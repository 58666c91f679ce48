// The HTTPS listener's certificate: self-signed, for the loopback names a local client uses
// (RFC 6125 §6.4: clients match the DNS name or IP address against the SubjectAltName, not the CN).
// It is an end-entity certificate (basicConstraints cA false, RFC 5280 §4.2.1.9): a client trusts it
// directly (`curl --cacert`, Node's `ca`), and it can sign nothing else, so trusting it never lets
// anyone mint certificates for other sites. ECDSA P-256: fast to make, accepted by every TLS stack.
import { KeyObject, X509Certificate, createPrivateKey, randomBytes, webcrypto } from 'node:crypto'
import { loadX509 } from './x509-library'

/** The Web Crypto type @peculiar/x509 takes. */
type X509Crypto = NonNullable<
  Parameters<(typeof import('@peculiar/x509'))['SubjectKeyIdentifierExtension']['create']>[2]
>

export const CERTIFICATE_DNS_NAMES = ['localhost'] as const
export const CERTIFICATE_IP_ADDRESSES = ['127.0.0.1', '::1'] as const
export const CERTIFICATE_VALIDITY_DAYS = 365
/** Backdated so a client whose clock is a little behind still accepts a certificate made just now. */
const BACKDATE_MS = 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

export interface TlsMaterial {
  certPem: string
  /** PKCS#8 PEM; never exported, logged or sent over the LabApi. */
  keyPem: string
  /** SHA-256 of the DER certificate, colon-separated uppercase hex, as browsers show it. */
  fingerprintSha256: string
  /** Validity, ms since the epoch. */
  notBefore: number
  notAfter: number
}

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }

/** A positive serial of 16 random bytes (RFC 5280 §4.1.2.2: at most 20 octets, unique per issuer). */
function serialNumber(): string {
  const bytes = randomBytes(16)
  bytes[0] = bytes[0]! & 0x7f
  if (bytes[0] === 0) bytes[0] = 0x01
  return bytes.toString('hex')
}

export function fingerprintSha256(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256
}

/** Makes a new key pair and a self-signed certificate valid from (about) `now` for `validityDays`. */
export async function generateCertificate(
  now: number = Date.now(),
  validityDays: number = CERTIFICATE_VALIDITY_DAYS,
): Promise<TlsMaterial> {
  const x509 = await loadX509()
  // Node's WebCrypto is the Web Crypto API @peculiar/x509 takes; its types name the DOM's `Crypto`.
  const crypto = webcrypto as unknown as X509Crypto
  const keys = (await crypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair
  const publicKey = keys.publicKey
  const notBefore = new Date(Math.floor((now - BACKDATE_MS) / 1000) * 1000)
  const notAfter = new Date(Math.floor((now + validityDays * DAY_MS) / 1000) * 1000)
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialNumber(),
      name: 'CN=localhost, O=ROPC Lab',
      notBefore,
      notAfter,
      signingAlgorithm: ECDSA_P256,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        // ECDHE key exchange: the key only signs the handshake (RFC 5280 §4.2.1.3, RFC 8446 §4.4.3).
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension([
          ...CERTIFICATE_DNS_NAMES.map((value) => ({ type: 'dns' as const, value })),
          ...CERTIFICATE_IP_ADDRESSES.map((value) => ({ type: 'ip' as const, value })),
        ]),
        await x509.SubjectKeyIdentifierExtension.create(publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(publicKey, false, crypto),
      ],
    },
    crypto,
  )
  const certPem = cert.toString('pem')
  const keyPem = KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString()
  return {
    certPem,
    keyPem,
    fingerprintSha256: fingerprintSha256(certPem),
    notBefore: notBefore.getTime(),
    notAfter: notAfter.getTime(),
  }
}

/** Renewed a day before it ends, so a listener started just before expiry does not serve an expired one. */
export const RENEW_BEFORE_MS = DAY_MS

/** True when the stored pair parses, belongs together and is valid for at least another day. */
export function isUsable(m: Pick<TlsMaterial, 'certPem' | 'keyPem'>, now: number): boolean {
  try {
    const cert = new X509Certificate(m.certPem)
    if (!cert.checkPrivateKey(createPrivateKey(m.keyPem))) return false
    return Date.parse(cert.validTo) - RENEW_BEFORE_MS > now && Date.parse(cert.validFrom) <= now + BACKDATE_MS
  } catch {
    return false
  }
}
