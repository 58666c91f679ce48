import type { KeyboardEvent } from 'react'
import { useLab } from '../../store'
import { FaultsPanel } from '../faults/FaultsPanel'
import { RelayPanel } from '../relay/RelayPanel'
import { ClientsPanel } from './ClientsPanel'
import { ScopesPanel } from './ScopesPanel'
import { SettingsPanel } from './SettingsPanel'
import { UsersPanel } from './UsersPanel'

const SECTIONS = [
  { id: 'clients', label: 'Clients', Panel: ClientsPanel },
  { id: 'scopes', label: 'Scopes', Panel: ScopesPanel },
  { id: 'users', label: 'Users', Panel: UsersPanel },
  { id: 'settings', label: 'Settings', Panel: SettingsPanel },
  { id: 'relay', label: 'Relay', Panel: RelayPanel },
  { id: 'faults', label: 'Faults', Panel: FaultsPanel },
] as const

type SectionId = (typeof SECTIONS)[number]['id']

export function WorkspaceScreen() {
  // In the store, so the status bar's fault badge can open the Faults tab.
  const current = useLab((s) => s.workspaceSection) as SectionId
  const setCurrent = useLab((s) => s.setWorkspaceSection)
  const section = SECTIONS.find((s) => s.id === current) ?? SECTIONS[0]
  // WAI-ARIA tabs pattern: arrow keys move between tabs.
  function onKeyDown(e: KeyboardEvent) {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return
    const i = SECTIONS.findIndex((s) => s.id === current)
    const next = SECTIONS[(i + (e.key === 'ArrowRight' ? 1 : SECTIONS.length - 1)) % SECTIONS.length]
    setCurrent(next.id)
    document.getElementById(`workspace-tab-${next.id}`)?.focus()
  }
  return (
    <div className="workspace-screen">
      <div role="tablist" aria-label="Workspace sections" className="sub-tabs" onKeyDown={onKeyDown}>
        {SECTIONS.map((s) => (
          <button
            key={s.id}
            id={`workspace-tab-${s.id}`}
            type="button"
            role="tab"
            aria-selected={s.id === current}
            aria-controls="workspace-panel"
            tabIndex={s.id === current ? 0 : -1}
            onClick={() => setCurrent(s.id)}
          >
            {s.label}
          </button>
        ))}
      </div>
      <div
        id="workspace-panel"
        role="tabpanel"
        aria-labelledby={`workspace-tab-${section.id}`}
        className="workspace-panel"
      >
        <section.Panel />
      </div>
    </div>
  )
}
