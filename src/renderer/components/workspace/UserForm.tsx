import { useRef, useState } from 'react'
import type { UserView } from '../../../shared/model'
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

/** Claims must be a JSON object: they are merged into JWTs and introspection answers. */
export function parseClaims(text: string): { claims: Record<string, unknown> } | { error: string } {
  if (!text.trim()) return { claims: {} }
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { error: 'claims must be a JSON object, e.g. {"email": "alice@example.com"}' }
    }
    return { claims: value as Record<string, unknown> }
  } catch (err) {
    return { error: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` }
  }
}

interface UserFormProps {
  existing: UserView | null
  onDone: (username: string | null) => void
}

export function UserForm({ existing, onDone }: UserFormProps) {
  const createUser = useLab((s) => s.createUser)
  const updateUser = useLab((s) => s.updateUser)
  const deleteUser = useLab((s) => s.deleteUser)
  const [username, setUsername] = useState(existing?.username ?? '')
  const [password, setPassword] = useState('')
  const [disabled, setDisabled] = useState(existing?.disabled ?? false)
  const [requiresMfa, setRequiresMfa] = useState(existing?.requiresMfa ?? false)
  const [passwordExpired, setPasswordExpired] = useState(existing?.passwordExpired ?? false)
  const [claimsText, setClaimsText] = useState(existing ? JSON.stringify(existing.claims, null, 2) : '{}')
  const [problem, setProblem] = useState(NO_PROBLEM)
  const formRef = useRef<HTMLFormElement>(null)
  useFocusFirstProblem(formRef, problem)

  async function submit() {
    const parsed = parseClaims(claimsText)
    const claimsProblem = 'error' in parsed ? { general: [], fields: { claims: [parsed.error] } } : NO_PROBLEM
    const fields = { disabled, claims: 'claims' in parsed ? parsed.claims : {}, requiresMfa, passwordExpired }
    const checked = mergeProblems(
      claimsProblem,
      existing
        ? validateLabInput('users.update', { username, ...fields })
        : validateLabInput('users.create', { username, password, ...fields }),
    )
    setProblem(checked)
    if (hasProblem(checked)) return
    try {
      await (existing ? updateUser({ username, ...fields }) : createUser({ username, password, ...fields }))
      setPassword('')
      onDone(username)
    } catch (err) {
      setProblem(problemFromError(err, 'username'))
    }
  }

  return (
    <form
      ref={formRef}
      className="entity-form"
      aria-label={existing ? `User ${existing.username}` : 'New user'}
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <h3>{existing ? `User “${existing.username}”` : 'New user'}</h3>
      <ProblemList problems={problem.general} />
      <Field label="Username" errors={errorsFor(problem.fields, 'username')} hint="Any Unicode without CR or LF">
        {(p) => <input {...p} value={username} readOnly={!!existing} onChange={(e) => setUsername(e.target.value)} />}
      </Field>
      {existing ? null : (
        <Field
          label="Password"
          errors={errorsFor(problem.fields, 'password')}
          hint="Hashed with bcrypt before it is stored"
        >
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
      )}
      <Checkbox
        label="Disabled"
        hint="A disabled user gets invalid_grant, like a wrong password (RFC 6749 §4.3.2)."
        checked={disabled}
        onChange={setDisabled}
      />
      <Checkbox
        label="Requires MFA"
        hint="This user must use a second factor: the password grant cannot do MFA, so it always gets invalid_grant (RFC 9700 §2.4)."
        checked={requiresMfa}
        onChange={setRequiresMfa}
      />
      <Checkbox
        label="Password expired"
        hint="The password must be changed first: the grant cannot lead the user to change it, so it gets invalid_grant."
        checked={passwordExpired}
        onChange={setPasswordExpired}
      />
      <Field
        label="Claims (JSON)"
        errors={errorsFor(problem.fields, 'claims')}
        hint="Added to JWT access tokens and introspection"
      >
        {(p) => (
          <textarea
            {...p}
            className="mono"
            rows={5}
            spellCheck={false}
            value={claimsText}
            onChange={(e) => setClaimsText(e.target.value)}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="primary">
          {existing ? 'Save' : 'Create user'}
        </button>
        {existing ? (
          <ConfirmButton
            label="Delete user"
            question={`Delete “${existing.username}”?`}
            confirmLabel="Confirm delete"
            onConfirm={() =>
              deleteUser(existing.username).then(
                () => onDone(null),
                (err: unknown) => setProblem(problemFromError(err)),
              )
            }
          />
        ) : null}
      </div>
    </form>
  )
}
