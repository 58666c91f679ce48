// The workspace file (docs/workspace-format.md): export it, or import one in place of the workspace.
import { useId } from 'react'
import { ExportWorkspace } from './ExportWorkspace'
import { ImportWorkspace } from './ImportWorkspace'

export function WorkspaceFileSection({ onImported }: { onImported: () => void }) {
  const headingId = useId()
  return (
    <section className="workspace-file" aria-labelledby={headingId}>
      <h2 id={headingId}>Workspace file</h2>
      <ExportWorkspace />
      <ImportWorkspace onImported={onImported} />
    </section>
  )
}
