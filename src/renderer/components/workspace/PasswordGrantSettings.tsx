// The password grant's server-wide mode and what goes with it (rfc-checklist.md "Deprecating the
// grant"): the deprecation and sunset dates and link of the deprecated mode, and whether a new
// password revokes the user's refresh tokens (RFC 6819 §5.2.2.3).
import type { Settings } from '../../../shared/model'
import { IMF_FIXDATE_EXAMPLE } from '../../../shared/http-date'
import type { PasswordGrantMode } from '../../../shared/password-grant'
import { errorsFor, type FieldErrors } from '../../lib/field-errors'
import { Checkbox, Field } from '../common/Field'

export const PASSWORD_GRANT_MODE_LABELS: Record<PasswordGrantMode, string> = {
  enabled: 'Enabled',
  deprecated: 'Deprecated (Deprecation and Sunset headers)',
  disabled: 'Disabled (unsupported_grant_type, as OAuth 2.1)',
}

export interface PasswordGrantFormState {
  passwordGrant: PasswordGrantMode
  /** IMF-fixdate text; '' means none (the deprecation moment is then recorded when it starts). */
  passwordGrantDeprecatedAt: string
  passwordGrantSunset: string
  passwordGrantDeprecationLink: string
  revokeRefreshTokensOnPasswordChange: boolean
}

export function passwordGrantForm(s: Settings): PasswordGrantFormState {
  return {
    passwordGrant: s.passwordGrant,
    passwordGrantDeprecatedAt: s.passwordGrantDeprecatedAt ?? '',
    passwordGrantSunset: s.passwordGrantSunset ?? '',
    passwordGrantDeprecationLink: s.passwordGrantDeprecationLink,
    revokeRefreshTokensOnPasswordChange: s.revokeRefreshTokensOnPasswordChange,
  }
}

/** The settings.update keys of this part of the form: empty dates become null. */
export function passwordGrantInput(f: PasswordGrantFormState) {
  return {
    passwordGrant: f.passwordGrant,
    passwordGrantDeprecatedAt: f.passwordGrantDeprecatedAt.trim() || null,
    passwordGrantSunset: f.passwordGrantSunset.trim() || null,
    passwordGrantDeprecationLink: f.passwordGrantDeprecationLink.trim(),
    revokeRefreshTokensOnPasswordChange: f.revokeRefreshTokensOnPasswordChange,
  }
}

interface Props {
  form: PasswordGrantFormState
  set: (patch: Partial<PasswordGrantFormState>) => void
  fields: FieldErrors
}

export function PasswordGrantSettings({ form, set, fields }: Props) {
  const dateField = (key: 'passwordGrantDeprecatedAt' | 'passwordGrantSunset', label: string, hint: string) => (
    <Field label={label} errors={errorsFor(fields, key)} hint={hint}>
      {(p) => (
        <input
          {...p}
          value={form[key]}
          placeholder={IMF_FIXDATE_EXAMPLE}
          spellCheck={false}
          onChange={(e) => set({ [key]: e.target.value })}
        />
      )}
    </Field>
  )
  return (
    <fieldset>
      <legend>Password grant (RFC 9700 §2.4)</legend>
      <Field
        label="Password grant mode"
        errors={errorsFor(fields, 'passwordGrant')}
        hint="Deprecated: still granted, with Deprecation (RFC 9745) and Sunset (RFC 8594) headers and a finding. Disabled: unsupported_grant_type, and password leaves grant_types_supported. A client may override it."
      >
        {(p) => (
          <select
            {...p}
            value={form.passwordGrant}
            onChange={(e) => set({ passwordGrant: e.target.value as PasswordGrantMode })}
          >
            {Object.entries(PASSWORD_GRANT_MODE_LABELS).map(([mode, label]) => (
              <option key={mode} value={mode}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="field-row">
        {dateField(
          'passwordGrantDeprecatedAt',
          'Deprecated since',
          'HTTP date (IMF-fixdate) of the Deprecation header; empty: the moment the grant becomes deprecated',
        )}
        {dateField('passwordGrantSunset', 'Sunset date', 'HTTP date (IMF-fixdate) of the Sunset header; empty: none')}
      </div>
      <Field
        label="Deprecation link"
        errors={errorsFor(fields, 'passwordGrantDeprecationLink')}
        hint='Link: <…>; rel="deprecation" — the page that explains the migration (RFC 9745 §3)'
      >
        {(p) => (
          <input
            {...p}
            type="url"
            value={form.passwordGrantDeprecationLink}
            onChange={(e) => set({ passwordGrantDeprecationLink: e.target.value })}
          />
        )}
      </Field>
      <Checkbox
        asSwitch
        label="Revoke refresh tokens when a password changes"
        hint="RFC 6819 §5.2.2.3: a refresh token must not outlive the password it was obtained with. Off only to demonstrate the risk."
        checked={form.revokeRefreshTokensOnPasswordChange}
        onChange={(revokeRefreshTokensOnPasswordChange) => set({ revokeRefreshTokensOnPasswordChange })}
      />
    </fieldset>
  )
}
