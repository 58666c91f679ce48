// Composer → Copy as curl, and Copy as…: the request as code for curl, HTTPie, Python requests,
// JavaScript fetch or PowerShell, made in the lab by the same request builder the runner sends with.
// Both follow one rule: secrets and the password are placeholders (`$PASSWORD`) unless "Include
// secrets" is ticked, so a snippet can go into a ticket as is. One status line says what was copied
// (a second copy replaces it rather than adding one), so the toolbar keeps its place.
import { useRef, useState } from 'react'
import { SNIPPET_LANGUAGE_LABELS, SNIPPET_LANGUAGE_NAMES, type SnippetLanguageName } from '../../../shared/snippets-api'
import { copyText } from '../../lib/clipboard'
import { useLab } from '../../store'
import { Checkbox } from '../common/Field'

/** The menu is ~230 px tall: below the button when that fits in the window, else above it. */
const MENU_HEIGHT = 240

export function CopyAsMenu() {
  const renderSnippet = useLab((s) => s.renderSnippet)
  const [open, setOpen] = useState<'down' | 'up' | null>(null)
  const [includeSecrets, setIncludeSecrets] = useState(false)
  const [note, setNote] = useState('')
  const toggle = useRef<HTMLButtonElement>(null)
  async function copy(language: SnippetLanguageName) {
    try {
      await copyText(await renderSnippet(language, includeSecrets))
      const label = SNIPPET_LANGUAGE_LABELS[language]
      setNote(`Copied as ${label}${includeSecrets ? ' (with secrets)' : ''}`)
      setOpen(null)
    } catch (err) {
      setNote(`Copy failed: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  function openMenu() {
    if (open) return setOpen(null)
    const below = toggle.current ? window.innerHeight - toggle.current.getBoundingClientRect().bottom : Infinity
    setOpen(below < MENU_HEIGHT ? 'up' : 'down')
    setNote('')
  }
  return (
    <span className="copy-as">
      <button
        type="button"
        title={`Placeholders for the secret and the password unless “Include secrets” (Copy as…) is ticked`}
        onClick={() => void copy('curl')}
      >
        Copy as curl
      </button>
      <button ref={toggle} type="button" aria-expanded={open !== null} aria-controls="copy-as-menu" onClick={openMenu}>
        Copy as…
      </button>
      {open ? (
        <div id="copy-as-menu" className={`copy-as-menu copy-as-${open}`} role="group" aria-label="Copy as">
          {SNIPPET_LANGUAGE_NAMES.map((language) => (
            <button key={language} type="button" onClick={() => void copy(language)}>
              {SNIPPET_LANGUAGE_LABELS[language]}
            </button>
          ))}
          <Checkbox
            label="Include secrets"
            checked={includeSecrets}
            onChange={setIncludeSecrets}
            hint="Off: the client secret and the password are placeholders (Copy as curl too)"
          />
        </div>
      ) : null}
      <span role="status" className="copy-status" title={note}>
        {note}
      </span>
    </span>
  )
}
