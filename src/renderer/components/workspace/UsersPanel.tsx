import { useEffect, useState } from 'react'
import type { UserView } from '../../../shared/model'
import { useNow } from '../../lib/use-now'
import { useLab } from '../../store'
import { UserForm } from './UserForm'
import { UserLockState, UserPasswordForm } from './UserLockState'
import { UserSecondFactor } from './UserSecondFactor'

const NO_USERS: UserView[] = []

export function UsersPanel() {
  const users = useLab((s) => s.workspace?.users ?? NO_USERS)
  const loadWorkspace = useLab((s) => s.loadWorkspace)
  const [selected, setSelected] = useState<string | null>(null)
  // Failed attempts and locks change with token requests, not through workspace edits: read them
  // fresh when the panel opens; afterwards the lab's `workspace.changed` (users) events keep them so.
  useEffect(() => {
    void loadWorkspace().catch(() => {})
  }, [loadWorkspace])
  const now = useNow()
  const existing = users.find((u) => u.username === selected) ?? null
  return (
    <div className="master-detail">
      <nav className="entity-list" aria-label="Users">
        <button type="button" className={selected === null ? 'selected' : ''} onClick={() => setSelected(null)}>
          <span aria-hidden="true">+ </span>New user
        </button>
        <ul>
          {users.map((u) => (
            <li key={u.username}>
              <button
                type="button"
                aria-current={u.username === selected ? 'true' : undefined}
                className={u.username === selected ? 'selected' : ''}
                onClick={() => setSelected(u.username)}
              >
                <span className="entity-name" title={u.username}>
                  {u.username}
                </span>
                {u.disabled ? <span className="badge">disabled</span> : null}
                {u.requiresMfa ? <span className="badge">MFA</span> : null}
                {u.hasTotp ? <span className="badge">TOTP</span> : null}
                {u.passwordExpired ? <span className="badge">password expired</span> : null}
                {u.lockedUntil && Date.parse(u.lockedUntil) > now ? <span className="badge warn">locked</span> : null}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="detail">
        <UserForm key={existing?.username ?? 'new'} existing={existing} onDone={setSelected} />
        {existing ? (
          <>
            <UserPasswordForm key={`pw-${existing.username}`} user={existing} />
            <UserLockState user={existing} />
            <UserSecondFactor key={`totp-${existing.username}`} user={existing} />
          </>
        ) : null}
      </div>
    </div>
  )
}
