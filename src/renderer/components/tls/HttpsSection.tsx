// Settings → HTTPS: the embedded server over TLS, with the lab's own certificate (server/tls). A client
// trusts that certificate once (`curl --cacert ropc-lab.pem`); its SHA-256 fingerprint is what to compare
// with the one the client sees. The private key never leaves the lab.
import { useEffect, useState } from 'react'
import { downloadText } from '../../lib/download'
import { useLab } from '../../store'
import { Checkbox, ProblemList } from '../common/Field'

export const CERTIFICATE_FILE_NAME = 'ropc-lab-certificate.pem'

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err))

export function HttpsSection() {
  const https = useLab((s) => s.workspace?.settings.https ?? false)
  const baseUrl = useLab((s) => s.serverStatus?.baseUrl ?? null)
  const certificate = useLab((s) => s.certificate)
  const loadCertificate = useLab((s) => s.loadCertificate)
  const setHttps = useLab((s) => s.setHttps)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  useEffect(() => {
    loadCertificate().catch((err: unknown) => setProblem(message(err)))
  }, [loadCertificate])

  async function toggle(on: boolean) {
    setBusy(true)
    setProblem(null)
    try {
      await setHttps(on)
    } catch (err) {
      setProblem(message(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="https-section sub-panel" aria-labelledby="https-heading">
      <h3 id="https-heading">HTTPS</h3>
      <Checkbox
        label="Serve over HTTPS"
        asSwitch
        checked={https}
        disabled={busy}
        onChange={(on) => void toggle(on)}
        hint="The embedded server restarts on the same port. Clients must trust the certificate below."
      />
      <p role="status" aria-live="polite">
        {busy ? 'Restarting the embedded server…' : baseUrl ? `Listening on ${baseUrl}` : ''}
      </p>
      {certificate ? (
        <dl className="certificate">
          <dt>SHA-256 fingerprint</dt>
          <dd className="mono" aria-label="SHA-256 fingerprint">
            {certificate.fingerprintSha256}
          </dd>
          <dt>Valid</dt>
          <dd>
            {new Date(certificate.notBefore).toLocaleDateString()} –{' '}
            {new Date(certificate.notAfter).toLocaleDateString()} (for localhost, 127.0.0.1 and ::1)
          </dd>
        </dl>
      ) : null}
      <div className="actions">
        <button
          type="button"
          disabled={!certificate}
          onClick={() =>
            certificate && downloadText(CERTIFICATE_FILE_NAME, certificate.certPem, 'application/x-pem-file')
          }
        >
          Export certificate
        </button>
        <span className="muted">
          e.g. <span className="mono">curl --cacert {CERTIFICATE_FILE_NAME} …</span>
        </span>
      </div>
      <ProblemList problems={problem ? [problem] : []} />
    </section>
  )
}
