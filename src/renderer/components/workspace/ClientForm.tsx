import type { ClientView } from '../../../shared/model'
import { AUTH_METHODS, GRANT_TYPES } from '../../../shared/wire'
import { useLabForm, type LabForm } from '../../lib/use-lab-form'
import { useLab } from '../../store'
import { ConfirmButton } from '../common/Buttons'
import { FormFrame } from '../common/FormFrame'
import { Checklist, Flag, TextInput } from '../common/FormInputs'
import { ClientScopes } from './ClientScopes'
import { ClientTokenFields } from './ClientTokenFields'
import { ClientWayOutFields } from './ClientWayOutFields'
import { CLIENT_FORM, clientForm, clientInput, withClientType } from './client-form-state'

const AUTH_METHOD_OPTIONS = AUTH_METHODS.map((value) => ({
  value,
  label: {
    client_secret_basic: 'client_secret_basic (HTTP Basic)',
    client_secret_post: 'client_secret_post (in the body)',
    none: 'none (public client)',
  }[value],
}))
const GRANT_TYPE_OPTIONS = GRANT_TYPES.map((value) => ({ value, label: value }))

interface ClientFormProps {
  existing: ClientView | null
  onSaved: (clientId: string) => void
  onDeleted: () => void
}

export function ClientForm({ existing, onSaved, onDeleted }: ClientFormProps) {
  const createClient = useLab((s) => s.createClient)
  const updateClient = useLab((s) => s.updateClient)
  const deleteClient = useLab((s) => s.deleteClient)
  const resetSecret = useLab((s) => s.resetSecret)
  const form = useLabForm({
    fields: CLIENT_FORM,
    initial: () => clientForm(existing),
    method: existing ? 'clients.update' : 'clients.create',
    toInput: (read) => clientInput(read, !existing),
    send: (input) => (existing ? updateClient(input) : createClient(input)),
    onSent: (_client, input) => onSaved(input.clientId),
    keyField: 'clientId',
  })
  const { state } = form

  return (
    <FormFrame
      form={form}
      className="entity-form"
      label={existing ? `Client ${existing.clientId}` : 'New client'}
      heading={<h3>{existing ? `Client “${existing.clientId}”` : 'New client'}</h3>}
    >
      <TextInput
        form={form}
        name="clientId"
        label="Client ID"
        hint="Printable ASCII (RFC 6749 Appendix A), e.g. my-app"
        readOnly={!!existing}
      />
      <ClientTypeField form={form} />
      {!existing && !state.public ? (
        <TextInput form={form} name="secret" label="Own secret (optional)" hint="Leave empty to have one generated." />
      ) : null}
      <Checklist
        form={form}
        name="authMethods"
        label="Authentication methods"
        options={AUTH_METHOD_OPTIONS}
        disabled={(m) => state.public !== (m === 'none')}
      />
      <Checklist form={form} name="grantTypes" label="Grant types" options={GRANT_TYPE_OPTIONS} />
      <ClientWayOutFields form={form} />
      <ClientScopes form={form} />
      <ClientTokenFields form={form} />
      <Flag
        form={form}
        name="lenientBasicAuth"
        asSwitch
        label="Accept Basic credentials that are not form-encoded"
        hint="RFC 6749 §2.3.1 requires form-encoding before base64; many clients skip it. The finding is still recorded."
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={form.busy}>
          {existing ? 'Save' : 'Create client'}
        </button>
        {existing && !existing.public ? (
          <button type="button" onClick={() => void resetSecret(existing.clientId).catch(form.fail)}>
            Reset secret
          </button>
        ) : null}
        {existing ? (
          <ConfirmButton
            label="Delete client"
            question={`Delete “${existing.clientId}”?`}
            confirmLabel="Confirm delete"
            onConfirm={() => deleteClient(existing.clientId).then(onDeleted, form.fail)}
          />
        ) : null}
      </div>
    </FormFrame>
  )
}

/** RFC 6749 §2.1: confidential clients have a secret; public clients cannot keep one. */
function ClientTypeField({ form }: { form: LabForm<typeof CLIENT_FORM> }) {
  const { state } = form
  return (
    <fieldset>
      <legend>Client type</legend>
      <label className="inline">
        <input
          type="radio"
          name="client-type"
          checked={!state.public}
          onChange={() => form.set(withClientType(state, false))}
        />
        Confidential
      </label>
      <label className="inline">
        <input
          type="radio"
          name="client-type"
          checked={state.public}
          onChange={() => form.set(withClientType(state, true))}
        />
        Public
      </label>
    </fieldset>
  )
}
