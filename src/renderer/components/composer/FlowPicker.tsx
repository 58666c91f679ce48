// Which flow the composer runs: the password grant as before, or one of the flows that replace it
// (RFC 9700 §2.4, way-out.md).
import { COMPOSER_FLOWS, type ComposerFlow } from '../../lib/composer-request'
import { useLab } from '../../store'

export const FLOW_LABELS: Record<ComposerFlow, string> = {
  password: 'Password (RFC 6749 §4.3)',
  authorization_code: 'Authorization code + PKCE',
  authorization_challenge: 'Authorization challenge',
  client_credentials: 'Client credentials',
}

export function FlowPicker() {
  const flow = useLab((s) => s.draft.flow ?? 'password')
  const setDraft = useLab((s) => s.setDraft)
  return (
    <fieldset className="flow-picker">
      <legend>Flow</legend>
      {COMPOSER_FLOWS.map((f) => (
        <label key={f} className="inline">
          <input type="radio" name="composer-flow" checked={flow === f} onChange={() => setDraft({ flow: f })} />
          {FLOW_LABELS[f]}
        </label>
      ))}
    </fieldset>
  )
}
