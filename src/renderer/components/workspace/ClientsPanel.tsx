import { useState } from 'react'
import type { ClientView } from '../../../shared/model'
import { useLab } from '../../store'
import { ClientForm } from './ClientForm'
import { SecretOnce } from './SecretOnce'

const NO_CLIENTS: ClientView[] = []

export function ClientsPanel() {
  const clients = useLab((s) => s.workspace?.clients ?? NO_CLIENTS)
  const [selected, setSelected] = useState<string | null>(null)
  const existing = clients.find((c) => c.clientId === selected) ?? null
  return (
    <div className="master-detail">
      <nav className="entity-list" aria-label="Clients">
        <button type="button" className={selected === null ? 'selected' : ''} onClick={() => setSelected(null)}>
          <span aria-hidden="true">+ </span>New client
        </button>
        <ul>
          {clients.map((c) => (
            <li key={c.clientId}>
              <button
                type="button"
                aria-current={c.clientId === selected ? 'true' : undefined}
                className={c.clientId === selected ? 'selected' : ''}
                onClick={() => setSelected(c.clientId)}
              >
                <span className="mono">{c.clientId}</span>
                <span className="badge">{c.public ? 'public' : 'confidential'}</span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="detail">
        <SecretOnce />
        <ClientForm
          key={existing?.clientId ?? 'new'}
          existing={existing}
          onSaved={(clientId) => setSelected(clientId)}
          onDeleted={() => setSelected(null)}
        />
      </div>
    </div>
  )
}
