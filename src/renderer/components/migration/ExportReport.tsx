// Export of the migration report: the lab renders it (report.render), the page saves the text as a
// file through its own download, the same in Electron and in the browser of `serve --ui`.
import { useState } from 'react'
import { REPORT_FORMATS, type ReportFormat } from '../../../shared/migration-report'
import { downloadText } from '../../lib/download'
import { useLab } from '../../store'
import { ProblemList } from '../common/Field'

const LABELS: Record<ReportFormat, string> = { md: 'Markdown', html: 'HTML', json: 'JSON' }

export function ExportReport() {
  const renderReport = useLab((s) => s.renderReport)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  async function run(format: ReportFormat) {
    setBusy(true)
    setDone(null)
    setProblem(null)
    try {
      const rendered = await renderReport(format)
      downloadText(rendered.fileName, rendered.text, rendered.mediaType)
      setDone(`Exported as ${rendered.fileName}.`)
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="actions" role="group" aria-label="Export the report">
      {REPORT_FORMATS.map((format) => (
        <button key={format} type="button" disabled={busy} onClick={() => void run(format)}>
          Export as {LABELS[format]}
        </button>
      ))}
      <span role="status">{done ?? ''}</span>
      <ProblemList problems={problem ? [problem] : []} />
    </div>
  )
}
