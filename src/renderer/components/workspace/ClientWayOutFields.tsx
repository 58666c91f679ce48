// What a client needs for the flows that replace the password grant (way-out.md): where the
// authorization endpoint may send the code, and whether it is a first-party app that may use the
// authorization challenge endpoint with its own sign-in form.
import type { LabForm } from '../../lib/use-lab-form'
import { Flag, TextArea } from '../common/FormInputs'
import type { CLIENT_FORM } from './client-form-state'

export function ClientWayOutFields({ form }: { form: LabForm<typeof CLIENT_FORM> }) {
  const codeGrant = form.state.grantTypes.includes('authorization_code')
  return (
    <>
      <TextArea
        form={form}
        name="redirectUris"
        label="Redirect URIs (one per line)"
        hint={
          'Matched exactly (RFC 9700 §4.1.3); http://127.0.0.1/… and http://[::1]/… match any port (RFC 8252 §7.3). ' +
          (codeGrant
            ? 'The Composer’s code flow needs a loopback one, e.g. http://127.0.0.1/callback.'
            : 'Used by authorization_code.')
        }
        className="mono"
        rows={3}
        spellCheck={false}
        placeholder="https://app.example/callback"
      />
      <Flag
        form={form}
        name="firstParty"
        asSwitch
        label="First-party app"
        hint="May use the authorization challenge endpoint with its own sign-in form (draft-ietf-oauth-first-party-apps); other clients get redirect_to_web."
      />
    </>
  )
}
