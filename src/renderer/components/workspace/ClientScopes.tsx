// The scopes a client may ask for and, if it has its own, its defaults (RFC 6749 §3.3).
import type { Scope } from '../../../shared/model'
import type { LabForm } from '../../lib/use-lab-form'
import { useLab } from '../../store'
import { ProblemList } from '../common/Field'
import { Checklist, Flag } from '../common/FormInputs'
import type { CLIENT_FORM } from './client-form-state'

const NO_SCOPES: Scope[] = []

export function ClientScopes({ form }: { form: LabForm<typeof CLIENT_FORM> }) {
  const scopes = useLab((s) => s.workspace?.scopes ?? NO_SCOPES)
  const { state } = form
  return (
    <>
      <Checklist
        form={form}
        name="scopes"
        label="Allowed scopes"
        options={scopes.map((s) => ({ value: s.name, label: s.name }))}
      >
        {scopes.length === 0 ? <p className="muted">No scopes yet: create some under Scopes.</p> : null}
        <Flag
          form={form}
          name="customDefaults"
          label="Choose this client's default scopes"
          hint="Off: a request without scope gets the allowed scopes marked default (RFC 6749 §3.3)."
        />
      </Checklist>
      {state.customDefaults ? (
        <Checklist
          form={form}
          name="defaultScopes"
          label="Default scopes"
          options={state.scopes.map((name) => ({ value: name, label: `Default: ${name}` }))}
        />
      ) : (
        <ProblemList problems={form.errors('defaultScopes').map((m) => m.text)} />
      )}
    </>
  )
}
