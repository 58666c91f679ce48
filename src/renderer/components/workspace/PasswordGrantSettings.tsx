// The password grant's server-wide mode and what goes with it (rfc-checklist.md "Deprecating the
// grant"): the deprecation and sunset dates and link of the deprecated mode, and whether a new
// password revokes the user's refresh tokens (RFC 6819 §5.2.2.3).
import type { PasswordGrantMode } from '../../../shared/password-grant'
import type { LabForm } from '../../lib/use-lab-form'
import { Flag, Select, TextInput } from '../common/FormInputs'
import { httpDateInDays, type SETTINGS_FORM } from './settings-form'

export const PASSWORD_GRANT_MODE_LABELS: Record<PasswordGrantMode, string> = {
  enabled: 'Enabled',
  deprecated: 'Deprecated (Deprecation and Sunset headers)',
  disabled: 'Disabled (unsupported_grant_type, as OAuth 2.1)',
}

const MODE_OPTIONS = Object.entries(PASSWORD_GRANT_MODE_LABELS).map(([value, label]) => ({ value, label }))

export function PasswordGrantSettings({ form }: { form: LabForm<typeof SETTINGS_FORM> }) {
  return (
    <fieldset>
      <legend>Password grant (RFC 9700 §2.4)</legend>
      <Select
        form={form}
        name="passwordGrant"
        label="Password grant mode"
        hint="Deprecated: still granted, with Deprecation (RFC 9745) and Sunset (RFC 8594) headers and a finding. Disabled: unsupported_grant_type, and password leaves grant_types_supported. A client may override it."
        options={MODE_OPTIONS}
      />
      <div className="field-row">
        <TextInput
          form={form}
          name="passwordGrantDeprecatedAt"
          label="Deprecated since"
          hint="HTTP date (IMF-fixdate) of the Deprecation header; empty: the moment the grant becomes deprecated"
          placeholder={httpDateInDays(0)}
          spellCheck={false}
        />
        <TextInput
          form={form}
          name="passwordGrantSunset"
          label="Sunset date"
          hint="HTTP date (IMF-fixdate) of the Sunset header, when the grant stops working; empty: none"
          placeholder={httpDateInDays(180)}
          spellCheck={false}
        />
      </div>
      <TextInput
        form={form}
        name="passwordGrantDeprecationLink"
        label="Deprecation link"
        hint='Link: <…>; rel="deprecation" — the page that explains the migration (RFC 9745 §3)'
        type="url"
      />
      <Flag
        form={form}
        name="revokeRefreshTokensOnPasswordChange"
        asSwitch
        label="Revoke refresh tokens when a password changes"
        hint="RFC 6819 §5.2.2.3: a refresh token must not outlive the password it was obtained with. Off only to demonstrate the risk."
      />
    </fieldset>
  )
}
