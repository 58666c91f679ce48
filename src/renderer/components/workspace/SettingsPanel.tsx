// The Settings tab: the server-wide settings, HTTPS, and the workspace file — one column of cards of
// the same width.
import { useState } from 'react'
import { useLab } from '../../store'
import { HttpsSection } from '../tls/HttpsSection'
import { SettingsForm } from './SettingsForm'
import { WorkspaceFileSection } from './WorkspaceFileSection'

export function SettingsPanel() {
  const settings = useLab((s) => s.workspace?.settings)
  // The form copies the settings once; an import replaces them, so a new key makes it copy the
  // imported ones (a later Save would otherwise write the old workspace's settings back).
  const [imports, setImports] = useState(0)
  if (!settings) return <p className="muted">Loading settings…</p>
  return (
    <div className="settings-stack">
      <SettingsForm key={imports} settings={settings} />
      <HttpsSection />
      <WorkspaceFileSection onImported={() => setImports((n) => n + 1)} />
    </div>
  )
}
