// The Findings screen: what each client did wrong (counted over the exchange log), and the
// catalogue every finding comes from, as a reference.
import { useEffect, useRef, useState } from 'react'
import { useLab } from '../../store'
import { ProblemList } from '../common/Field'
import { panelId, tabId, TabList } from '../common/TabList'
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
  return (
    <div className="workspace-screen findings-screen">
      <TabList<SectionId>
        name="findings"
        label="Findings sections"
        tabs={SECTIONS}
        current={section.id}
        onSelect={setCurrent}
      />
      <div
        id={panelId('findings')}
        role="tabpanel"
        aria-labelledby={tabId('findings', section.id)}
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
