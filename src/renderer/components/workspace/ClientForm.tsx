import { useRef, useState } from 'react'
import type { ClientView, Scope } from '../../../shared/model'
import { AUTH_METHODS, GRANT_TYPES } from '../../../shared/wire'
import {
  errorsFor,
  hasProblem,
  mergeProblems,
  NO_PROBLEM,
  problemFromError,
  validateLabInput,
} from '../../lib/field-errors'
import { useFocusFirstProblem } from '../../lib/use-focus-problem'
import { useLab } from '../../store'
import { ConfirmButton } from '../common/Buttons'
import { Checkbox, Field, ProblemList } from '../common/Field'
import { PASSWORD_GRANT_MODE_LABELS } from './PasswordGrantSettings'
import {
  clientInput,
  formFromClient,
  NEW_CLIENT,
  toggle,
  withClientType,
  type ClientFormState,
} from './client-form-state'

const AUTH_METHOD_LABELS: Record<string, string> = {
  client_secret_basic: 'client_secret_basic (HTTP Basic)',
  client_secret_post: 'client_secret_post (in the body)',
  none: 'none (public client)',
}

const NO_SCOPES: Scope[] = []

interface ClientFormProps {
  existing: ClientView | null
  onSaved: (clientId: string) => void
  onDeleted: () => void
}

export function ClientForm({ existing, onSaved, onDeleted }: ClientFormProps) {
  const scopes = useLab((s) => s.workspace?.scopes ?? NO_SCOPES)
  const serverMode = useLab((s) => s.workspace?.settings.passwordGrant ?? 'enabled')
  const createClient = useLab((s) => s.createClient)
  const updateClient = useLab((s) => s.updateClient)
  const deleteClient = useLab((s) => s.deleteClient)
  const resetSecret = useLab((s) => s.resetSecret)
  const [form, setForm] = useState<ClientFormState>(() => (existing ? formFromClient(existing) : NEW_CLIENT))
  const [problem, setProblem] = useState(NO_PROBLEM)
  const formRef = useRef<HTMLFormElement>(null)
  useFocusFirstProblem(formRef, problem)
  const [busy, setBusy] = useState(false)
  const set = (patch: Partial<ClientFormState>) => setForm((f) => ({ ...f, ...patch }))
  const fieldErrors = (name: string) => errorsFor(problem.fields, name)

  async function submit() {
    const { input, localErrors } = clientInput(form)
    const checked = mergeProblems(
      { general: [], fields: localErrors },
      validateLabInput(existing ? 'clients.update' : 'clients.create', input),
    )
    setProblem(checked)
    if (hasProblem(checked)) return
    setBusy(true)
    try {
      if (existing) {
        const { secret: _ignored, ...update } = input
        await updateClient(update)
      } else {
        await createClient(input)
      }
      onSaved(input.clientId)
    } catch (err) {
      setProblem(problemFromError(err, 'clientId'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      ref={formRef}
      className="entity-form"
      aria-label={existing ? `Client ${existing.clientId}` : 'New client'}
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <h3>{existing ? `Client “${existing.clientId}”` : 'New client'}</h3>
      <ProblemList problems={problem.general} />
      <Field label="Client ID" errors={fieldErrors('clientId')} hint="Printable ASCII (RFC 6749 Appendix A)">
        {(p) => (
          <input
            {...p}
            value={form.clientId}
            readOnly={!!existing}
            onChange={(e) => set({ clientId: e.target.value })}
          />
        )}
      </Field>
      <fieldset>
        <legend>Client type</legend>
        <label className="inline">
          <input
            type="radio"
            name="client-type"
            checked={!form.isPublic}
            onChange={() => setForm(withClientType(form, false))}
          />
          Confidential
        </label>
        <label className="inline">
          <input
            type="radio"
            name="client-type"
            checked={form.isPublic}
            onChange={() => setForm(withClientType(form, true))}
          />
          Public
        </label>
      </fieldset>
      {!existing && !form.isPublic ? (
        <Field label="Own secret (optional)" errors={fieldErrors('secret')} hint="Leave empty to have one generated.">
          {(p) => <input {...p} value={form.ownSecret} onChange={(e) => set({ ownSecret: e.target.value })} />}
        </Field>
      ) : null}
      <fieldset>
        <legend>Authentication methods</legend>
        {AUTH_METHODS.map((m) => (
          <Checkbox
            key={m}
            label={AUTH_METHOD_LABELS[m]}
            checked={form.authMethods.includes(m)}
            disabled={form.isPublic !== (m === 'none')}
            onChange={(on) => set({ authMethods: toggle(form.authMethods, m, on) })}
          />
        ))}
        <ProblemList problems={fieldErrors('authMethods')} />
      </fieldset>
      <fieldset>
        <legend>Grant types</legend>
        {GRANT_TYPES.map((g) => (
          <Checkbox
            key={g}
            label={g}
            checked={form.grantTypes.includes(g)}
            onChange={(on) => set({ grantTypes: toggle(form.grantTypes, g, on) })}
          />
        ))}
        <ProblemList problems={fieldErrors('grantTypes')} />
      </fieldset>
      <fieldset>
        <legend>Allowed scopes</legend>
        {scopes.length === 0 ? <p className="muted">No scopes yet: create some under Scopes.</p> : null}
        {scopes.map((s) => (
          <Checkbox
            key={s.name}
            label={s.name}
            checked={form.scopes.includes(s.name)}
            onChange={(on) => set({ scopes: toggle(form.scopes, s.name, on) })}
          />
        ))}
        <ProblemList problems={fieldErrors('scopes')} />
        <Checkbox
          label="Choose this client's default scopes"
          hint="Off: a request without scope gets the allowed scopes marked default (RFC 6749 §3.3)."
          checked={form.customDefaults}
          onChange={(customDefaults) => set({ customDefaults })}
        />
        {form.customDefaults
          ? form.scopes.map((name) => (
              <Checkbox
                key={name}
                label={`Default: ${name}`}
                checked={form.defaultScopes.includes(name)}
                onChange={(on) => set({ defaultScopes: toggle(form.defaultScopes, name, on) })}
              />
            ))
          : null}
        <ProblemList problems={fieldErrors('defaultScopes')} />
      </fieldset>
      <div className="field-row">
        <Field label="Token format" errors={fieldErrors('tokenFormat')}>
          {(p) => (
            <select
              {...p}
              value={form.tokenFormat}
              onChange={(e) => set({ tokenFormat: e.target.value as ClientFormState['tokenFormat'] })}
            >
              <option value="">From settings</option>
              <option value="opaque">Opaque</option>
              <option value="jwt">JWT (RFC 9068)</option>
            </select>
          )}
        </Field>
        <Field label="Access token lifetime (s)" errors={fieldErrors('accessTokenTtl')} hint="Empty: from settings">
          {(p) => (
            <input
              {...p}
              inputMode="numeric"
              value={form.accessTokenTtl}
              onChange={(e) => set({ accessTokenTtl: e.target.value })}
            />
          )}
        </Field>
        <Field label="Refresh token lifetime (s)" errors={fieldErrors('refreshTokenTtl')} hint="Empty: from settings">
          {(p) => (
            <input
              {...p}
              inputMode="numeric"
              value={form.refreshTokenTtl}
              onChange={(e) => set({ refreshTokenTtl: e.target.value })}
            />
          )}
        </Field>
      </div>
      <Field
        label="Password grant mode"
        errors={fieldErrors('passwordGrant')}
        hint="This client alone: deprecated answers carry Deprecation and Sunset headers; disabled answers unsupported_grant_type."
      >
        {(p) => (
          <select
            {...p}
            value={form.passwordGrant}
            onChange={(e) => set({ passwordGrant: e.target.value as ClientFormState['passwordGrant'] })}
          >
            <option value="">From settings ({serverMode})</option>
            <option value="enabled">{PASSWORD_GRANT_MODE_LABELS.enabled}</option>
            <option value="deprecated">{PASSWORD_GRANT_MODE_LABELS.deprecated}</option>
            <option value="disabled">{PASSWORD_GRANT_MODE_LABELS.disabled}</option>
          </select>
        )}
      </Field>
      <Checkbox
        asSwitch
        label="Accept Basic credentials that are not form-encoded"
        hint="RFC 6749 §2.3.1 requires form-encoding before base64; many clients skip it. The finding is still recorded."
        checked={form.lenientBasicAuth}
        onChange={(lenientBasicAuth) => set({ lenientBasicAuth })}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {existing ? 'Save' : 'Create client'}
        </button>
        {existing && !existing.public ? (
          <button
            type="button"
            onClick={() =>
              void resetSecret(existing.clientId).catch((err: unknown) => setProblem(problemFromError(err)))
            }
          >
            Reset secret
          </button>
        ) : null}
        {existing ? (
          <ConfirmButton
            label="Delete client"
            question={`Delete “${existing.clientId}”?`}
            confirmLabel="Confirm delete"
            onConfirm={() =>
              deleteClient(existing.clientId).then(onDeleted, (err: unknown) => setProblem(problemFromError(err)))
            }
          />
        ) : null}
      </div>
    </form>
  )
}
