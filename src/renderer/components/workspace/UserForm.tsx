import type { UserView } from '../../../shared/model'
import { asIs, jsonObject, showForm } from '../../lib/form-fields'
import { useLabForm } from '../../lib/use-lab-form'
import { useLab } from '../../store'
import { ConfirmButton } from '../common/Buttons'
import { FormFrame } from '../common/FormFrame'
import { Flag, TextArea, TextInput } from '../common/FormInputs'

/** The user form's fields: one line each (USER_FIELDS in shared/ has their schema). */
const USER_FORM = {
  username: asIs(),
  /** Create only: a user's password is changed elsewhere, never shown. */
  password: asIs(),
  disabled: asIs<boolean>(),
  requiresMfa: asIs<boolean>(),
  passwordExpired: asIs<boolean>(),
  // Claims must be a JSON object: they are merged into JWTs and introspection answers.
  claims: jsonObject('{"email": "alice@example.com"}'),
}

const NEW_USER = { username: '', password: '', disabled: false, requiresMfa: false, passwordExpired: false, claims: {} }

interface UserFormProps {
  existing: UserView | null
  onDone: (username: string | null) => void
}

export function UserForm({ existing, onDone }: UserFormProps) {
  const createUser = useLab((s) => s.createUser)
  const updateUser = useLab((s) => s.updateUser)
  const deleteUser = useLab((s) => s.deleteUser)
  const form = useLabForm({
    fields: USER_FORM,
    initial: () => showForm(USER_FORM, existing ? { ...existing, password: '' } : NEW_USER),
    method: existing ? 'users.update' : 'users.create',
    toInput: (read) => {
      const { password, ...rest } = read as typeof NEW_USER
      return existing ? rest : { ...rest, password }
    },
    send: (input) => ('password' in input ? createUser(input) : updateUser(input)),
    onSent: (_user, input) => onDone(input.username),
    keyField: 'username',
  })

  return (
    <FormFrame
      form={form}
      className="entity-form"
      label={existing ? `User ${existing.username}` : 'New user'}
      heading={<h3>{existing ? `User “${existing.username}”` : 'New user'}</h3>}
    >
      <TextInput
        form={form}
        name="username"
        label="Username"
        hint="Any Unicode without CR or LF"
        readOnly={!!existing}
      />
      {existing ? null : (
        <TextInput
          form={form}
          name="password"
          label="Password"
          hint="Hashed with bcrypt before it is stored"
          type="password"
          autoComplete="new-password"
        />
      )}
      <Flag
        form={form}
        name="disabled"
        label="Disabled"
        hint="A disabled user gets invalid_grant, like a wrong password (RFC 6749 §4.3.2)."
      />
      <Flag
        form={form}
        name="requiresMfa"
        label="Requires MFA"
        hint="This user must use a second factor: the password grant cannot do MFA, so it always gets invalid_grant (RFC 9700 §2.4)."
      />
      <Flag
        form={form}
        name="passwordExpired"
        label="Password expired"
        hint="The password must be changed first: the grant cannot lead the user to change it, so it gets invalid_grant."
      />
      <TextArea
        form={form}
        name="claims"
        label="Claims (JSON)"
        hint="Added to JWT access tokens and introspection"
        className="mono"
        rows={5}
        spellCheck={false}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={form.busy}>
          {existing ? 'Save' : 'Create user'}
        </button>
        {existing ? (
          <ConfirmButton
            label="Delete user"
            question={`Delete “${existing.username}”?`}
            confirmLabel="Confirm delete"
            onConfirm={() => deleteUser(existing.username).then(() => onDone(null), form.fail)}
          />
        ) : null}
      </div>
    </FormFrame>
  )
}
