// The Findings screen: what each client did wrong (counted over the exchange log), and the
// catalogue every finding comes from, as a reference.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useLab } from '../../store'
import { ProblemList } from '../common/Field'
import { ClientFindings } from './ClientFindings'
import { FindingsCatalogue } from './FindingsCatalogue'

const SECTIONS = [
  { id: 'clients', label: 'By client', Panel: ClientFindings },
  { id: 'catalogue', label: 'Catalogue', Panel: FindingsCatalogue },
] as const

type SectionId = (typeof SECTIONS)[number]['id']

/** Loads the summary when the screen opens, and again shortly after new exchanges arrive. */
function useLiveSummary(): void {
  const load = useLab((s) => s.loadFindingsSummary)
  const recorded = useLab((s) => s.historyTotal)
  const loadedAt = useRef(recorded)
  useEffect(() => void load(), [load])
  useEffect(() => {
    if (loadedAt.current === recorded) return
    loadedAt.current = recorded
    // A client hammering the server: one reload per pause, not one per exchange.
    const timer = setTimeout(() => void load(), 300)
    return () => clearTimeout(timer)
  }, [recorded, load])
}

export function FindingsScreen() {
  const [current, setCurrent] = useState<SectionId>('clients')
  const problem = useLab((s) => s.findingsProblem)
  useLiveSummary()
  const section = SECTIONS.find((s) => s.id === current) ?? SECTIONS[0]
  // WAI-ARIA tabs pattern: arrow keys move between tabs.
  function onKeyDown(e: KeyboardEvent) {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return
    const next = SECTIONS[(SECTIONS.findIndex((s) => s.id === current) + 1) % SECTIONS.length]
    setCurrent(next.id)
    document.getElementById(`findings-tab-${next.id}`)?.focus()
  }
  return (
    <div className="workspace-screen findings-screen">
      <div role="tablist" aria-label="Findings sections" className="sub-tabs" onKeyDown={onKeyDown}>
        {SECTIONS.map((s) => (
          <button
            key={s.id}
            id={`findings-tab-${s.id}`}
            type="button"
            role="tab"
            aria-selected={s.id === current}
            aria-controls="findings-panel"
            tabIndex={s.id === current ? 0 : -1}
            onClick={() => setCurrent(s.id)}
          >
            {s.label}
          </button>
        ))}
      </div>
      <div
        id="findings-panel"
        role="tabpanel"
        aria-labelledby={`findings-tab-${section.id}`}
        className="workspace-panel"
      >
        <div className="findings-body">
          <ProblemList problems={problem ? [problem] : []} />
          <section.Panel />
        </div>
      </div>
    </div>
  )
}
