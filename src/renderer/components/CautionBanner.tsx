// RFC 9700 §2.4: the password grant "MUST NOT be used". This lab exists to understand it and
// test the systems that still use it, so the caution stays honest and visible until dismissed.
import { useLab } from '../store'

export function CautionBanner() {
  const dismissed = useLab((s) => s.cautionDismissed)
  const dismiss = useLab((s) => s.dismissCaution)
  const setScreen = useLab((s) => s.setScreen)
  if (dismissed) return null
  return (
    <aside className="caution" aria-label="Caution">
      <p>
        <strong>Caution:</strong> the password grant “MUST NOT be used” (RFC 9700 §2.4): the client sees the user's
        password and users learn to type it outside the authorization server, with no multi-factor sign-in. This lab is
        for learning it and testing legacy systems.{' '}
        <button type="button" className="link-button" onClick={() => setScreen('lesson')}>
          See why, step by step
        </button>
      </p>
      <button type="button" onClick={dismiss} aria-label="Dismiss caution">
        ×
      </button>
    </aside>
  )
}
