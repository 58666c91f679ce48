// A user's second factor (RFC 6238 TOTP, way-out.md): enrol a phone authenticator from the QR code
// or the otpauth URI, or — for a trainer without a phone — show the code an authenticator would show
// now. The secret stays in the lab: the page sees it only inside the URI and QR code it is asked for.
import { useEffect, useState } from 'react'
import type { UserView } from '../../../shared/model'
import type { TotpEnrolment } from '../../../shared/way-out-api'
import { useNow } from '../../lib/use-now'
import { useLab } from '../../store'
import { ConfirmButton } from '../common/Buttons'
import { ProblemList } from '../common/Field'

const message = (err: unknown) => (err instanceof Error ? err.message : String(err))

function CurrentCode({ username }: { username: string }) {
  const wayOut = useLab((s) => s.wayOut)
  const now = useNow(1000)
  const [code, setCode] = useState<{ code: string; expiresAt: string } | null>(null)
  const [problem, setProblem] = useState('')
  const expired = code === null || Date.parse(code.expiresAt) <= now
  useEffect(() => {
    if (!expired) return
    let live = true
    wayOut('wayOut.totpCurrent', { username }).then(
      (c) => live && setCode(c),
      (err: unknown) => live && setProblem(message(err)),
    )
    return () => {
      live = false
    }
  }, [expired, username, wayOut])
  if (problem) return <ProblemList problems={[problem]} />
  if (code === null) return <p className="muted">Reading the current code…</p>
  const left = Math.max(0, Math.ceil((Date.parse(code.expiresAt) - now) / 1000))
  return (
    <p className="totp-code" aria-live="polite">
      Current code:{' '}
      <output className="mono" aria-label="Current code">
        {code.code}
      </output>{' '}
      <span className="muted">(changes in {left} s)</span>
    </p>
  )
}

function Enrolment({ username, enrolment }: { username: string; enrolment: TotpEnrolment }) {
  return (
    <div className="totp-enrolment">
      <img
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`}
        alt={`QR code to enrol ${username}'s authenticator app`}
        width={160}
        height={160}
      />
      <div>
        <p className="muted">
          Scan with an authenticator app, or paste the URI into one. It holds the secret: show it to this user only.
        </p>
        <code className="mono totp-uri">{enrolment.uri}</code>
      </div>
    </div>
  )
}

export function UserSecondFactor({ user }: { user: UserView }) {
  const wayOut = useLab((s) => s.wayOut)
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null)
  const [showCode, setShowCode] = useState(false)
  const [problem, setProblem] = useState('')
  const run = (p: Promise<unknown>) => {
    setProblem('')
    p.catch((err: unknown) => setProblem(message(err)))
  }
  return (
    <section className="sub-panel user-second-factor" aria-label="Second factor">
      <h4>Second factor (TOTP, RFC 6238)</h4>
      <p className="muted">
        {user.hasTotp
          ? 'Enrolled. The sign-in page and the authorization challenge ask for the code; the password grant cannot, so it is refused when MFA is required (RFC 9700 §2.4).'
          : 'None enrolled. With "Requires MFA" on and no second factor, the user cannot sign in by any flow.'}
      </p>
      <ProblemList problems={problem ? [problem] : []} />
      {enrolment ? <Enrolment username={user.username} enrolment={enrolment} /> : null}
      {user.hasTotp && showCode ? <CurrentCode username={user.username} /> : null}
      <div className="actions">
        <button
          type="button"
          onClick={() => run(wayOut('wayOut.totpEnrol', { username: user.username }).then(setEnrolment))}
        >
          {user.hasTotp ? 'Enrol a new secret' : 'Enrol a second factor'}
        </button>
        {user.hasTotp ? (
          <>
            {enrolment ? null : (
              <button
                type="button"
                onClick={() => run(wayOut('wayOut.totpEnrolment', { username: user.username }).then(setEnrolment))}
              >
                Show QR code
              </button>
            )}
            <button type="button" aria-pressed={showCode} onClick={() => setShowCode(!showCode)}>
              {showCode ? 'Hide current code' : 'Show current code'}
            </button>
            <ConfirmButton
              label="Clear second factor"
              question={`Remove ${user.username}'s second factor?`}
              confirmLabel="Confirm clear"
              onConfirm={() =>
                run(
                  wayOut('wayOut.totpClear', { username: user.username }).then(() => {
                    setEnrolment(null)
                    setShowCode(false)
                  }),
                )
              }
            />
          </>
        ) : null}
      </div>
    </section>
  )
}
