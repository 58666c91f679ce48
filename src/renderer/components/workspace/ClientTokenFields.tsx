// What a client's tokens are like (format, lifetimes) and whether it may still use the password grant;
// each empty choice falls back to the settings, and the form says which value that is.
import { effectivePasswordGrant } from '../../../shared/password-grant'
import type { LabForm } from '../../lib/use-lab-form'
import { useLab } from '../../store'
import { Select, TextInput } from '../common/FormInputs'
import type { CLIENT_FORM } from './client-form-state'
import { PasswordGrantBadge } from './PasswordGrantBadge'
import { PASSWORD_GRANT_MODE_LABELS } from './PasswordGrantSettings'

export function ClientTokenFields({ form }: { form: LabForm<typeof CLIENT_FORM> }) {
  const serverMode = useLab((s) => s.workspace?.settings.passwordGrant ?? 'enabled')
  const own = form.state.passwordGrant
  const { mode, from } = effectivePasswordGrant({ passwordGrant: own || null }, { passwordGrant: serverMode })
  return (
    <>
      <div className="field-row">
        <Select
          form={form}
          name="tokenFormat"
          label="Token format"
          options={[
            { value: '', label: 'From settings' },
            { value: 'opaque', label: 'Opaque' },
            { value: 'jwt', label: 'JWT (RFC 9068)' },
          ]}
        />
        <TextInput
          form={form}
          name="accessTokenTtl"
          label="Access token lifetime (s)"
          hint="Empty: from settings"
          inputMode="numeric"
        />
        <TextInput
          form={form}
          name="refreshTokenTtl"
          label="Refresh token lifetime (s)"
          hint="Empty: from settings"
          inputMode="numeric"
        />
      </div>
      <div className="field-row password-grant-mode">
        <Select
          form={form}
          name="passwordGrant"
          label="Password grant mode"
          hint="This client alone: deprecated answers carry Deprecation and Sunset headers; disabled answers unsupported_grant_type."
          options={[
            { value: '', label: `From settings (${serverMode})` },
            { value: 'enabled', label: PASSWORD_GRANT_MODE_LABELS.enabled },
            { value: 'deprecated', label: PASSWORD_GRANT_MODE_LABELS.deprecated },
            { value: 'disabled', label: PASSWORD_GRANT_MODE_LABELS.disabled },
          ]}
        />
        <p aria-label="Password grant for this client">
          <PasswordGrantBadge mode={mode} title={from === 'client' ? 'set for this client' : 'from settings'} />
        </p>
      </div>
    </>
  )
}
