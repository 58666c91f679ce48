import { useEffect, useMemo, useState } from 'react'
import { EXCHANGE_ORIGINS } from '../../../shared/exchange'
import { FINDING_CATALOGUE } from '../../../shared/findings'
import type { ClientView, UserView } from '../../../shared/model'
import { OAUTH_ERROR_CODES } from '../../../shared/wire'
import { ORIGIN_LABELS } from '../../lib/history-filter'
import { useLab } from '../../store'
import { Field } from '../common/Field'

const NO_CLIENTS: ClientView[] = []
const NO_USERS: UserView[] = []
const COMMON_STATUSES = [200, 400, 401]

type TypedKey = 'text' | 'findingCode'

/** Every finding code, suggested as the user types in the Finding filter (its title beside it). */
const FINDING_CODES = Object.values(FINDING_CATALOGUE).map((d) => ({ code: d.code, title: d.title }))
const FINDING_LIST_ID = 'history-finding-codes'

/** Typed fields wait for a pause in typing so each keystroke is not a query over 10,000 rows. */
function TypedFilterField({
  name,
  label,
  placeholder,
  className,
}: {
  name: TypedKey
  label: string
  placeholder: string
  className?: string
}) {
  const value = useLab((s) => s.historyFilter[name])
  const setFilter = useLab((s) => s.setHistoryFilter)
  const [typed, setTyped] = useState(value)
  // Cleared from outside (Clear filters, a link from Findings): the field shows the new value.
  const [committed, setCommitted] = useState(value)
  if (value !== committed) {
    setCommitted(value)
    setTyped(value)
  }
  useEffect(() => {
    if (typed === value) return
    const timer = setTimeout(() => setFilter({ [name]: typed }), 250)
    return () => clearTimeout(timer)
  }, [typed, value, name, setFilter])
  return (
    <Field label={label} className={className}>
      {(p) => (
        <input
          {...p}
          type={name === 'text' ? 'search' : 'text'}
          spellCheck={false}
          placeholder={placeholder}
          list={name === 'findingCode' ? FINDING_LIST_ID : undefined}
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
            {/* A client id of the log that is not in the workspace (the Findings view links to it). */}
            {filter.clientId && !clients.some((c) => c.clientId === filter.clientId) ? (
              <option value={filter.clientId}>{filter.clientId}</option>
            ) : null}
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
            {EXCHANGE_ORIGINS.map((o) => (
              <option key={o} value={o}>
                {ORIGIN_LABELS[o].filter}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TypedFilterField name="findingCode" label="Finding" placeholder="code, e.g. basic_not_form_encoded" />
      <datalist id={FINDING_LIST_ID}>
        {FINDING_CODES.map((f) => (
          <option key={f.code} value={f.code} label={f.title} />
        ))}
      </datalist>
      <TypedFilterField name="text" label="Search" placeholder="path, client, user, error…" className="grow" />
    </div>
  )
}
