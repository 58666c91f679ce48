import { useLab } from '../../store'
import { panelId, tabId, TabList } from '../common/TabList'
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
  return (
    <div className="workspace-screen">
      <TabList name="workspace" label="Workspace sections" tabs={SECTIONS} current={section.id} onSelect={setCurrent} />
      <div
        id={panelId('workspace')}
        role="tabpanel"
        aria-labelledby={tabId('workspace', section.id)}
        className="workspace-panel"
      >
        <section.Panel />
      </div>
    </div>
  )
}
