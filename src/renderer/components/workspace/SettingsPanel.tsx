// Server-wide settings, sent whole with one `settings.update`; below them, the workspace file.
import { useRef, useState } from 'react'
import type { LabInput } from '../../../shared/lab-api'
import type { Settings } from '../../../shared/model'
import {
  errorsFor,
  hasProblem,
  mergeProblems,
  NO_PROBLEM,
  problemFromError,
  validateLabInput,
  type FieldErrors,
} from '../../lib/field-errors'
import { useFocusFirstProblem } from '../../lib/use-focus-problem'
import { useLab } from '../../store'
import { Checkbox, Field, ProblemList } from '../common/Field'
import {
  passwordGrantForm,
  passwordGrantInput,
  PasswordGrantSettings,
  type PasswordGrantFormState,
} from './PasswordGrantSettings'
import { HttpsSection } from '../tls/HttpsSection'
import { WorkspaceFileSection } from './WorkspaceFileSection'

type NumberKey =
  'port' | 'accessTokenTtl' | 'refreshTokenTtl' | 'maxFailures' | 'lockSeconds' | 'bcryptCost' | 'exchangeRetention'

/** Where each number lives in the settings object, so zod's paths match the fields. */
const NUMBER_PATHS: Record<NumberKey, string> = {
  port: 'port',
  accessTokenTtl: 'accessTokenTtl',
  refreshTokenTtl: 'refreshTokenTtl',
  maxFailures: 'lockout.maxFailures',
  lockSeconds: 'lockout.lockSeconds',
  bcryptCost: 'bcryptCost',
  exchangeRetention: 'exchangeRetention',
}

interface SettingsFormState extends Record<NumberKey, string>, PasswordGrantFormState {
  issuer: string
  tokenFormat: Settings['tokenFormat']
  refreshTokenRotation: boolean
  lockoutEnabled: boolean
  audience: string
  jwtAlg: Settings['jwtAlg']
}

function formFromSettings(s: Settings): SettingsFormState {
  return {
    issuer: s.issuer ?? '',
    tokenFormat: s.tokenFormat,
    refreshTokenRotation: s.refreshTokenRotation,
    lockoutEnabled: s.lockout.enabled,
    audience: s.audience,
    jwtAlg: s.jwtAlg,
    port: String(s.port),
    accessTokenTtl: String(s.accessTokenTtl),
    refreshTokenTtl: String(s.refreshTokenTtl),
    maxFailures: String(s.lockout.maxFailures),
    lockSeconds: String(s.lockout.lockSeconds),
    bcryptCost: String(s.bcryptCost),
    exchangeRetention: String(s.exchangeRetention),
    ...passwordGrantForm(s),
  }
}

function settingsInput(f: SettingsFormState): { input: LabInput<'settings.update'>; localErrors: FieldErrors } {
  const localErrors: FieldErrors = {}
  const num = (key: NumberKey): number => {
    if (!/^\d+$/.test(f[key].trim())) localErrors[NUMBER_PATHS[key]] = ['a whole number']
    return Number(f[key])
  }
  return {
    input: {
      issuer: f.issuer.trim() || null,
      tokenFormat: f.tokenFormat,
      accessTokenTtl: num('accessTokenTtl'),
      refreshTokenTtl: num('refreshTokenTtl'),
      refreshTokenRotation: f.refreshTokenRotation,
      lockout: { enabled: f.lockoutEnabled, maxFailures: num('maxFailures'), lockSeconds: num('lockSeconds') },
      bcryptCost: num('bcryptCost'),
      audience: f.audience,
      port: num('port'),
      exchangeRetention: num('exchangeRetention'),
      jwtAlg: f.jwtAlg,
      ...passwordGrantInput(f),
    },
    localErrors,
  }
}

function SettingsForm({ settings }: { settings: Settings }) {
  const updateSettings = useLab((s) => s.updateSettings)
  const [form, setForm] = useState(() => formFromSettings(settings))
  const [problem, setProblem] = useState(NO_PROBLEM)
  const formRef = useRef<HTMLFormElement>(null)
  useFocusFirstProblem(formRef, problem)
  const [saved, setSaved] = useState(false)
  const set = (patch: Partial<SettingsFormState>) => setForm((f) => ({ ...f, ...patch }))
  const numberField = (key: NumberKey, label: string, hint?: string) => (
    <Field label={label} hint={hint} errors={errorsFor(problem.fields, NUMBER_PATHS[key])}>
      {(p) => <input {...p} inputMode="numeric" value={form[key]} onChange={(e) => set({ [key]: e.target.value })} />}
    </Field>
  )

  async function submit() {
    const { input, localErrors } = settingsInput(form)
    const checked = mergeProblems(
      { general: [], fields: localErrors },
      hasProblem({ general: [], fields: localErrors }) ? NO_PROBLEM : validateLabInput('settings.update', input),
    )
    setProblem(checked)
    setSaved(false)
    if (hasProblem(checked)) return
    try {
      setForm(formFromSettings(await updateSettings(input)))
      setSaved(true)
    } catch (err) {
      setProblem(problemFromError(err))
    }
  }

  return (
    <form
      ref={formRef}
      className="entity-form settings-form"
      aria-label="Settings"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <ProblemList problems={problem.general} />
      <div className="field-row">
        <Field
          label="Issuer"
          errors={errorsFor(problem.fields, 'issuer')}
          hint="RFC 8414 issuer and JWT iss; empty: the listening URL"
        >
          {(p) => (
            <input
              {...p}
              type="url"
              value={form.issuer}
              placeholder="http://127.0.0.1:8443"
              onChange={(e) => set({ issuer: e.target.value })}
            />
          )}
        </Field>
        {numberField('port', 'Port', 'Asked for at the next start; 0 takes any free port')}
      </div>
      <fieldset>
        <legend>Tokens</legend>
        <div className="field-row">
          <Field label="Token format" errors={errorsFor(problem.fields, 'tokenFormat')}>
            {(p) => (
              <select
                {...p}
                value={form.tokenFormat}
                onChange={(e) => set({ tokenFormat: e.target.value as Settings['tokenFormat'] })}
              >
                <option value="opaque">Opaque</option>
                <option value="jwt">JWT (RFC 9068)</option>
              </select>
            )}
          </Field>
          <Field label="JWT algorithm" errors={errorsFor(problem.fields, 'jwtAlg')}>
            {(p) => (
              <select
                {...p}
                value={form.jwtAlg}
                onChange={(e) => set({ jwtAlg: e.target.value as Settings['jwtAlg'] })}
              >
                <option value="RS256">RS256</option>
                <option value="ES256">ES256</option>
              </select>
            )}
          </Field>
          <Field label="Audience" errors={errorsFor(problem.fields, 'audience')} hint="aud of JWT access tokens">
            {(p) => <input {...p} value={form.audience} onChange={(e) => set({ audience: e.target.value })} />}
          </Field>
        </div>
        <div className="field-row">
          {numberField('accessTokenTtl', 'Access token lifetime (s)')}
          {numberField('refreshTokenTtl', 'Refresh token lifetime (s)')}
        </div>
        <Checkbox
          label="Refresh token rotation"
          hint="A new refresh token on each use; presenting a used one revokes the family (RFC 9700 §4.14)."
          checked={form.refreshTokenRotation}
          onChange={(refreshTokenRotation) => set({ refreshTokenRotation })}
        />
      </fieldset>
      <fieldset>
        <legend>Brute-force protection (RFC 6749 §4.3.2)</legend>
        <Checkbox
          label="Lock users after repeated failures"
          checked={form.lockoutEnabled}
          onChange={(lockoutEnabled) => set({ lockoutEnabled })}
        />
        <div className="field-row">
          {numberField('maxFailures', 'Failures before lock')}
          {numberField('lockSeconds', 'Lock duration (s)')}
        </div>
      </fieldset>
      <PasswordGrantSettings form={form} set={set} fields={problem.fields} />
      <div className="field-row">
        {numberField('bcryptCost', 'bcrypt cost', '4–14; each step doubles the time of a hash')}
        {numberField('exchangeRetention', 'Exchanges kept', 'Oldest dropped first')}
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          Save
        </button>
        <span role="status">{saved ? 'Settings saved.' : ''}</span>
      </div>
    </form>
  )
}

export function SettingsPanel() {
  const settings = useLab((s) => s.workspace?.settings)
  // The form copies the settings once; an import replaces them, so a new key makes it copy the
  // imported ones (a later Save would otherwise write the old workspace's settings back).
  const [imports, setImports] = useState(0)
  if (!settings) return <p className="muted">Loading settings…</p>
  return (
    <>
      <SettingsForm key={imports} settings={settings} />
      <HttpsSection />
      <WorkspaceFileSection onImported={() => setImports((n) => n + 1)} />
    </>
  )
}
