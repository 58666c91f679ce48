// Lock state and password reset of an existing user: separate small forms, each sent whole.
import { useRef, useState } from 'react'
import type { UserView } from '../../../shared/model'
import { errorsFor, hasProblem, NO_PROBLEM, problemFromError, validateLabInput } from '../../lib/field-errors'
import { formatLocalTime, relativeTime } from '../../lib/time'
import { useNow } from '../../lib/use-now'
import { useFocusFirstProblem } from '../../lib/use-focus-problem'
import { useLab } from '../../store'
import { Field, ProblemList } from '../common/Field'

export function UserLockState({ user }: { user: UserView }) {
  const unlockUser = useLab((s) => s.unlockUser)
  const now = useNow()
  const [problem, setProblem] = useState<string[]>([])
  const lockedUntil = user.lockedUntil ? Date.parse(user.lockedUntil) : null
  const locked = lockedUntil !== null && lockedUntil > now
  return (
    <section className="sub-panel" aria-label="Lock state">
      <h4>Lock state</h4>
      <p role="status">
        {locked ? `Locked until ${formatLocalTime(lockedUntil)} (${relativeTime(lockedUntil, now)}).` : 'Not locked.'}{' '}
        {user.failedAttempts} consecutive failed attempt{user.failedAttempts === 1 ? '' : 's'}.
      </p>
      <ProblemList problems={problem} />
      <button
        type="button"
        disabled={!locked && user.failedAttempts === 0}
        onClick={() =>
          void unlockUser(user.username).then(
            () => setProblem([]),
            (err: unknown) => setProblem(problemFromError(err).general),
          )
        }
      >
        Unlock
      </button>
    </section>
  )
}

export function UserPasswordForm({ user }: { user: UserView }) {
  const setPasswordOf = useLab((s) => s.setPassword)
  const [password, setPassword] = useState('')
  const [problem, setProblem] = useState(NO_PROBLEM)
  const formRef = useRef<HTMLFormElement>(null)
  useFocusFirstProblem(formRef, problem)
  const [done, setDone] = useState(false)
  async function submit() {
    const checked = validateLabInput('users.setPassword', { username: user.username, password })
    setProblem(checked)
    setDone(false)
    if (hasProblem(checked)) return
    try {
      await setPasswordOf(user.username, password)
      setPassword('')
      setDone(true)
    } catch (err) {
      setProblem(problemFromError(err))
    }
  }
  return (
    <form
      ref={formRef}
      className="sub-panel"
      aria-label="Set password"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <h4>Password</h4>
      <ProblemList problems={problem.general} />
      <Field label="New password" errors={errorsFor(problem.fields, 'password')}>
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
      <button type="submit">Set password</button>
      <span role="status">{done ? 'Password changed.' : ''}</span>
    </form>
  )
}
