// Server-wide settings, sent whole with one `settings.update`.
import type { Settings } from '../../../shared/model'
import { showForm } from '../../lib/form-fields'
import { useLabForm, type LabForm } from '../../lib/use-lab-form'
import { useLab } from '../../store'
import { FormFrame } from '../common/FormFrame'
import { Flag, Select, TextInput } from '../common/FormInputs'
import { PasswordGrantSettings } from './PasswordGrantSettings'
import { SETTINGS_FORM } from './settings-form'

/** Where the embedded server listens now, which may differ from the port asked for (busy, or `serve --port`). */
function useListening(): { url: string | null; port: number | null } {
  const status = useLab((s) => s.serverStatus)
  return { url: status?.running ? status.baseUrl : null, port: status?.running ? status.port : null }
}

function portHint(asked: string, running: number | null): string {
  const next = 'Asked for at the next start; 0 takes any free port'
  if (running === null) return next
  return String(running) === asked.trim() ? `Listening on ${running}. ${next}` : `Listening on ${running} now. ${next}`
}

export function SettingsForm({ settings }: { settings: Settings }) {
  const updateSettings = useLab((s) => s.updateSettings)
  const listening = useListening()
  const form = useLabForm({
    fields: SETTINGS_FORM,
    initial: () => showForm(SETTINGS_FORM, settings),
    method: 'settings.update',
    send: updateSettings,
    onSent: (saved) => showForm(SETTINGS_FORM, saved),
  })

  return (
    <FormFrame form={form} className="entity-form settings-form" label="Settings">
      <div className="field-row">
        <TextInput
          form={form}
          name="issuer"
          label="Issuer"
          hint="RFC 8414 issuer and JWT iss; empty: the listening URL"
          type="url"
          placeholder={listening.url ?? `http://127.0.0.1:${form.state.port || '8443'}`}
          fieldClass="grow"
        />
        <TextInput
          form={form}
          name="port"
          label="Port"
          hint={portHint(form.state.port, listening.port)}
          inputMode="numeric"
        />
      </div>
      <TokenSettings form={form} />
      <LockoutSettings form={form} />
      <PasswordGrantSettings form={form} />
      <div className="field-row">
        <TextInput
          form={form}
          name="bcryptCost"
          label="bcrypt cost"
          hint="4–14; each step doubles the time of a hash"
          inputMode="numeric"
        />
        <TextInput
          form={form}
          name="exchangeRetention"
          label="Exchanges kept"
          hint="Oldest dropped first"
          inputMode="numeric"
        />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={form.busy}>
          Save
        </button>
        <span role="status">{form.saved ? 'Settings saved.' : ''}</span>
      </div>
    </FormFrame>
  )
}

type Form = { form: LabForm<typeof SETTINGS_FORM> }

function NumberInput({ form, name, label }: Form & { name: NumberName; label: string }) {
  return <TextInput form={form} name={name} label={label} inputMode="numeric" />
}
type NumberName = 'accessTokenTtl' | 'refreshTokenTtl' | 'maxFailures' | 'lockSeconds'

function TokenSettings({ form }: Form) {
  return (
    <fieldset>
      <legend>Tokens</legend>
      <div className="field-row">
        <Select
          form={form}
          name="tokenFormat"
          label="Token format"
          options={[
            { value: 'opaque', label: 'Opaque' },
            { value: 'jwt', label: 'JWT (RFC 9068)' },
          ]}
        />
        <Select
          form={form}
          name="jwtAlg"
          label="JWT algorithm"
          options={[
            { value: 'RS256', label: 'RS256' },
            { value: 'ES256', label: 'ES256' },
          ]}
        />
        <TextInput form={form} name="audience" label="Audience" hint="aud of JWT access tokens" />
      </div>
      <div className="field-row">
        <NumberInput form={form} name="accessTokenTtl" label="Access token lifetime (s)" />
        <NumberInput form={form} name="refreshTokenTtl" label="Refresh token lifetime (s)" />
      </div>
      <Flag
        form={form}
        name="refreshTokenRotation"
        label="Refresh token rotation"
        hint="A new refresh token on each use; presenting a used one revokes the family (RFC 9700 §4.14)."
      />
    </fieldset>
  )
}

/** RFC 6749 §4.3.2: the authorization server must protect the endpoint against brute force. */
function LockoutSettings({ form }: Form) {
  return (
    <fieldset>
      <legend>Brute-force protection (RFC 6749 §4.3.2)</legend>
      <Flag form={form} name="lockoutEnabled" label="Lock users after repeated failures" />
      <div className="field-row">
        <NumberInput form={form} name="maxFailures" label="Failures before lock" />
        <NumberInput form={form} name="lockSeconds" label="Lock duration (s)" />
      </div>
    </fieldset>
  )
}
