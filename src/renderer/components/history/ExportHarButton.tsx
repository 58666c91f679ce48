// History → Export HAR: the exchanges History shows (its filter applies) as a HAR 1.2 file, which
// Chrome DevTools, HTTP Toolkit and Charles import. Masked as stored: passwords, secrets and tokens
// never leave in clear.
import { useState } from 'react'
import { downloadText } from '../../lib/download'
import { useLab } from '../../store'

export function ExportHarButton() {
  const exportHistoryHar = useLab((s) => s.exportHistoryHar)
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  async function run() {
    setBusy(true)
    setNote('')
    try {
      const har = await exportHistoryHar()
      downloadText(har.fileName, har.text, 'application/json')
      setNote(`${har.entries} exchange${har.entries === 1 ? '' : 's'} exported as ${har.fileName}.`)
    } catch (err) {
      setNote(`Export failed: ${err instanceof Error ? err.message : String(err)}`)
    } finally {
      setBusy(false)
    }
  }
  return (
    <span className="export-har">
      <button type="button" disabled={busy} onClick={() => void run()}>
        Export HAR
      </button>
      <span role="status">{note}</span>
    </span>
  )
}
