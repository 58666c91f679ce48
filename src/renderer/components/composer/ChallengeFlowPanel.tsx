// The authorization challenge step by step (draft-ietf-oauth-first-party-apps §5, way-out.md): the
// app's own form sends username and password; a user with a second factor gets
// insufficient_authorization and the app sends the otp with the auth_session (kept by the lab); the
// authorization code is then redeemed at the token endpoint with the PKCE verifier (§6.1).
import { useState } from 'react'
import type { ChallengeStep } from '../../../shared/way-out-api'
import { useLab } from '../../store'
import { Field, ProblemList } from '../common/Field'
import { FlowConversation } from './FlowConversation'
import { OwnerCredentialInputs } from './OwnerCredentialInputs'
import { wayOutAuth } from './way-out-auth'

const STEP_WORDS: Record<ChallengeStep['step'], string> = {
  code: 'The server answered with an authorization code: redeem it at the token endpoint.',
  otp_required: 'insufficient_authorization: the server asks for the second factor (the lab keeps the auth_session).',
  refused: 'Refused: see the answer in the Inspector.',
}

export function ChallengeFlowPanel() {
  const draft = useLab((s) => s.draft)
  const wayOut = useLab((s) => s.wayOut)
  const showExchange = useLab((s) => s.showExchange)
  const [step, setStep] = useState<ChallengeStep | null>(null)
  const [ids, setIds] = useState<string[]>([])
  const [redeemed, setRedeemed] = useState<number | null>(null)
  const [otp, setOtp] = useState('')
  const [problem, setProblem] = useState('')
  const [busy, setBusy] = useState(false)

  async function act<T>(call: () => Promise<T>, after: (result: T) => void) {
    setBusy(true)
    setProblem('')
    try {
      after(await call())
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }
  const onStep = (s: ChallengeStep) => {
    setStep(s)
    setIds((prev) => [...prev, s.exchange.id])
    showExchange(s.exchange)
  }
  const signIn = () =>
    act(
      () => wayOut('wayOut.challenge', { ...wayOutAuth(draft), username: draft.username, password: draft.password }),
      (s) => {
        setIds([])
        setRedeemed(null)
        onStep(s)
      },
    )
  const sendOtp = () =>
    act(
      () => wayOut('wayOut.challenge', { ...wayOutAuth(draft), flowId: step!.flowId, otp }),
      (s) => {
        setOtp('')
        onStep(s)
      },
    )
  const redeem = () =>
    act(
      () => wayOut('wayOut.challengeRedeem', { flowId: step!.flowId }),
      (e) => {
        setIds((prev) => [...prev, e.id])
        setRedeemed(e.response.status)
        showExchange(e)
      },
    )

  return (
    <fieldset className="way-out-flow" aria-label="Authorization challenge">
      <legend>Authorization challenge (draft-ietf-oauth-first-party-apps)</legend>
      <p className="muted">
        A first-party app keeps its own sign-in form; the server decides and may ask for a second factor. Only clients
        marked first-party may use it (others get redirect_to_web).
      </p>
      <OwnerCredentialInputs />
      <div className="actions">
        <button type="button" className="primary" disabled={busy || !draft.clientId} onClick={() => void signIn()}>
          1. Send username and password
        </button>
      </div>
      {step?.step === 'otp_required' ? (
        <div className="field-row">
          <Field label="One-time code" hint="From the user's authenticator, or Users → Show current code">
            {(p) => (
              <input
                {...p}
                className="mono"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={10}
                value={otp}
                onChange={(e) => setOtp(e.target.value)}
              />
            )}
          </Field>
          <div className="actions">
            <button type="button" disabled={busy || !otp} onClick={() => void sendOtp()}>
              2. Send the code
            </button>
          </div>
        </div>
      ) : null}
      {step?.step === 'code' && redeemed === null ? (
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => void redeem()}>
            3. Redeem the code at the token endpoint
          </button>
        </div>
      ) : null}
      <ProblemList problems={problem ? [problem] : []} title="Not sent" />
      {step ? (
        <p role="status" aria-live="polite">
          {redeemed === null
            ? STEP_WORDS[step.step]
            : redeemed === 200
              ? 'Signed in: the code was redeemed for tokens with the PKCE verifier.'
              : `The token endpoint answered ${redeemed}.`}
        </p>
      ) : null}
      {ids.length ? <FlowConversation exchangeIds={ids} clientId={draft.clientId} /> : null}
    </fieldset>
  )
}
