// Export of the workspace file (docs/workspace-format.md): an export holds hashes only.
import { useState } from 'react'
import { LabError } from '../../../shared/lab-api'
import { downloadText } from '../../lib/download'
import { useLab } from '../../store'
import { ProblemList } from '../common/Field'

export const EXPORT_FILE_NAME = 'ropc-lab-workspace.json'

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

export function ExportWorkspace() {
  const exportWorkspace = useLab((s) => s.exportWorkspace)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState(false)
  const [problems, setProblems] = useState<string[]>([])

  async function run() {
    setBusy(true)
    setDone(false)
    setProblems([])
    try {
      downloadText(EXPORT_FILE_NAME, `${JSON.stringify(await exportWorkspace(), null, 2)}\n`)
      setDone(true)
    } catch (err) {
      setProblems(err instanceof LabError ? [err.message, ...err.details] : [messageOf(err)])
    } finally {
      setBusy(false)
    }
  }

  return (
    <div>
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void run()}>
          Export workspace
        </button>
        <span role="status">{done ? `Exported as ${EXPORT_FILE_NAME}.` : ''}</span>
      </div>
      <small className="field-hint">Secrets and passwords are written as bcrypt hashes, never in plaintext.</small>
      <ProblemList problems={problems} />
    </div>
  )
}
