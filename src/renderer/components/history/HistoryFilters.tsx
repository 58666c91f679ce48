import { useEffect, useMemo, useState } from 'react'
import type { ClientView, UserView } from '../../../shared/model'
import { OAUTH_ERROR_CODES } from '../../../shared/wire'
import { useLab } from '../../store'
import { Field } from '../common/Field'

const NO_CLIENTS: ClientView[] = []
const NO_USERS: UserView[] = []
const COMMON_STATUSES = [200, 400, 401]

/** Search waits for a pause in typing so each keystroke is not a query over 10,000 rows. */
function SearchField() {
  const text = useLab((s) => s.historyFilter.text)
  const setFilter = useLab((s) => s.setHistoryFilter)
  const [typed, setTyped] = useState(text)
  useEffect(() => {
    if (typed === text) return
    const timer = setTimeout(() => setFilter({ text: typed }), 250)
    return () => clearTimeout(timer)
  }, [typed, text, setFilter])
  return (
    <Field label="Search" className="grow">
      {(p) => (
        <input
          {...p}
          type="search"
          placeholder="path, client, user, error…"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
      )}
    </Field>
  )
}

export function HistoryFilters() {
  const filter = useLab((s) => s.historyFilter)
  const setFilter = useLab((s) => s.setHistoryFilter)
  const clients = useLab((s) => s.workspace?.clients ?? NO_CLIENTS)
  const users = useLab((s) => s.workspace?.users ?? NO_USERS)
  const items = useLab((s) => s.historyItems)
  const statuses = useMemo(() => {
    const seen = new Set(COMMON_STATUSES)
    for (const s of items) seen.add(s.status)
    if (filter.status) seen.add(Number(filter.status))
    return [...seen].sort((a, b) => a - b)
  }, [items, filter.status])
  return (
    <div className="history-filters" role="search" aria-label="Filter history">
      <Field label="Client">
        {(p) => (
          <select {...p} value={filter.clientId} onChange={(e) => setFilter({ clientId: e.target.value })}>
            <option value="">Any</option>
            {clients.map((c) => (
              <option key={c.clientId} value={c.clientId}>
                {c.clientId}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="User">
        {(p) => (
          <select {...p} value={filter.username} onChange={(e) => setFilter({ username: e.target.value })}>
            <option value="">Any</option>
            {users.map((u) => (
              <option key={u.username} value={u.username}>
                {u.username}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Status">
        {(p) => (
          <select {...p} value={filter.status} onChange={(e) => setFilter({ status: e.target.value })}>
            <option value="">Any</option>
            {statuses.map((s) => (
              <option key={s} value={String(s)}>
                {s}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Error">
        {(p) => (
          <select {...p} value={filter.error} onChange={(e) => setFilter({ error: e.target.value })}>
            <option value="">Any</option>
            {OAUTH_ERROR_CODES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Source">
        {(p) => (
          <select
            {...p}
            value={filter.origin}
            onChange={(e) => setFilter({ origin: e.target.value as typeof filter.origin })}
          >
            <option value="">Any</option>
            <option value="composer">Composer</option>
            <option value="external">Outside clients</option>
          </select>
        )}
      </Field>
      <SearchField />
    </div>
  )
}
