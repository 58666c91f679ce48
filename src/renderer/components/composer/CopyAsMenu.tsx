// Composer → Copy as: the request as code for curl, HTTPie, Python requests, JavaScript fetch or
// PowerShell, made in the lab by the same request builder the runner sends with. Secrets and the
// password are placeholders (`$PASSWORD`) unless "Include secrets" is ticked, so a snippet can go into a
// ticket as is.
import { useState } from 'react'
import { SNIPPET_LANGUAGE_LABELS, SNIPPET_LANGUAGE_NAMES, type SnippetLanguageName } from '../../../shared/snippets-api'
import { copyText } from '../../lib/clipboard'
import { useLab } from '../../store'
import { Checkbox } from '../common/Field'

export function CopyAsMenu() {
  const renderSnippet = useLab((s) => s.renderSnippet)
  const [open, setOpen] = useState(false)
  const [includeSecrets, setIncludeSecrets] = useState(false)
  const [note, setNote] = useState('')
  async function copy(language: SnippetLanguageName) {
    try {
      await copyText(await renderSnippet(language, includeSecrets))
      setNote(`Copied as ${SNIPPET_LANGUAGE_LABELS[language]}${includeSecrets ? ' (with secrets)' : ''}`)
      setOpen(false)
    } catch (err) {
      setNote(`Copy failed: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  return (
    <span className="copy-as">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="copy-as-menu"
        onClick={() => {
          setOpen(!open)
          setNote('')
        }}
      >
        Copy as…
      </button>
      {open ? (
        <div id="copy-as-menu" className="copy-as-menu" role="group" aria-label="Copy as">
          {SNIPPET_LANGUAGE_NAMES.map((language) => (
            <button key={language} type="button" onClick={() => void copy(language)}>
              {SNIPPET_LANGUAGE_LABELS[language]}
            </button>
          ))}
          <Checkbox
            label="Include secrets"
            checked={includeSecrets}
            onChange={setIncludeSecrets}
            hint="Off: the client secret and the password are placeholders"
          />
        </div>
      ) : null}
      <span role="status" className="copy-status">
        {note}
      </span>
    </span>
  )
}
