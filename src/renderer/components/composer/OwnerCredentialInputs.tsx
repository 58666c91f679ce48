// The resource owner's username and password, as the password grant and the authorization challenge
// both send them (RFC 6749 §4.3.2; draft-ietf-oauth-first-party-apps §5.1): one row, the composer's
// draft, the password hidden or shown as the person chose.
import { useLab } from '../../store'
import { Field } from '../common/Field'

export function OwnerCredentialInputs() {
  const draft = useLab((s) => s.draft)
  const setDraft = useLab((s) => s.setDraft)
  const hidePassword = useLab((s) => s.hidePassword)
  return (
    <div className="field-row">
      <Field label="Username">
        {(p) => (
          <input
            {...p}
            autoComplete="off"
            value={draft.username}
            onChange={(e) => setDraft({ username: e.target.value })}
          />
        )}
      </Field>
      <Field label="Password">
        {(p) => (
          <input
            {...p}
            type={hidePassword ? 'password' : 'text'}
            autoComplete="off"
            value={draft.password}
            onChange={(e) => setDraft({ password: e.target.value })}
          />
        )}
      </Field>
    </div>
  )
}
