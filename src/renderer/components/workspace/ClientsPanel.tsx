import { useState } from 'react'
import type { ClientView } from '../../../shared/model'
import { effectivePasswordGrant, type PasswordGrantMode } from '../../../shared/password-grant'
import { useLab } from '../../store'
import { ClientForm } from './ClientForm'
import { SecretOnce } from './SecretOnce'

const NO_CLIENTS: ClientView[] = []

export function ClientsPanel() {
  const clients = useLab((s) => s.workspace?.clients ?? NO_CLIENTS)
  const serverMode = useLab((s) => s.workspace?.settings.passwordGrant ?? 'enabled')
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
                <span className="mono entity-name" title={c.clientId}>
                  {c.clientId}
                </span>
                <span className="badge">{c.public ? 'public' : 'confidential'}</span>
                <PasswordGrantBadge client={c} serverMode={serverMode} />
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

/** The mode the server applies to this client's password grants: its own, or the settings'. */
function PasswordGrantBadge({ client, serverMode }: { client: ClientView; serverMode: PasswordGrantMode }) {
  const { mode, from } = effectivePasswordGrant(client, { passwordGrant: serverMode })
  return (
    <span className={`badge mode-${mode}`} title={from === 'client' ? 'set for this client' : 'from settings'}>
      password {mode}
    </span>
  )
}
