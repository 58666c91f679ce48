// The Scenarios screen: the workspace's scenarios (list, create, edit, duplicate, delete) and their
// runs (one, all, or the conformance pack) with progress and results beside the Inspector.
import { useEffect, useState } from 'react'
import { useLab } from '../../store'
import { ProblemList } from '../common/Field'
import { panelId, tabId, TabList } from '../common/TabList'
import { Inspector } from '../inspector/Inspector'
import { RunPanel } from './RunPanel'
import { ScenarioEditor } from './ScenarioEditor'
// The screen's own styles: Vite bundles an imported stylesheet beside app.css, and this is how it takes one.
// oxlint-disable-next-line import/no-unassigned-import
import './scenarios.css'

const TABS = [
  { id: 'edit', label: 'Scenarios' },
  { id: 'run', label: 'Run' },
] as const
type TabId = (typeof TABS)[number]['id']

function ScenarioList({ creating, onNew, onSelect }: { creating: boolean; onNew: () => void; onSelect: () => void }) {
  const scenarios = useLab((s) => s.scenarios)
  const selected = useLab((s) => s.selectedScenario)
  const select = useLab((s) => s.selectScenario)
  return (
    <nav className="entity-list" aria-label="Scenarios">
      <button type="button" className="primary" onClick={onNew} aria-pressed={creating}>
        New scenario
      </button>
      {scenarios.length === 0 ? (
        <p className="muted">No scenarios yet. Create one, or use “Save as step” on an exchange.</p>
      ) : null}
      <ul>
        {scenarios.map((s) => (
          <li key={s.name}>
            <button
              type="button"
              className={!creating && s.name === selected ? 'selected' : undefined}
              aria-current={!creating && s.name === selected ? 'true' : undefined}
              onClick={() => {
                onSelect()
                select(s.name)
              }}
            >
              <span className="entity-name" title={s.name}>
                {s.name}
              </span>
              <span className="badge">
                {s.definition.steps.length} step{s.definition.steps.length === 1 ? '' : 's'}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  )
}

function EditTab() {
  const scenarios = useLab((s) => s.scenarios)
  const selected = useLab((s) => s.selectedScenario)
  const select = useLab((s) => s.selectScenario)
  const [creating, setCreating] = useState(false)
  const [justSaved, setJustSaved] = useState<string | null>(null)
  const editing = creating ? null : (scenarios.find((s) => s.name === selected) ?? null)
  return (
    <div className="master-detail">
      <ScenarioList
        creating={editing === null}
        onSelect={() => {
          setCreating(false)
          setJustSaved(null)
        }}
        onNew={() => {
          setCreating(true)
          setJustSaved(null)
          select(null)
        }}
      />
      <div className="detail scenario-detail">
        <ScenarioEditor
          // A fresh form for another scenario, or for the same one saved elsewhere.
          key={editing ? `${editing.name}\n${editing.updatedAt}` : 'new'}
          existing={editing}
          justSaved={editing !== null && editing.name === justSaved}
          onSaved={(name) => {
            setCreating(false)
            setJustSaved(name)
            select(name)
          }}
          onDeleted={() => setCreating(false)}
        />
      </div>
    </div>
  )
}

export function ScenariosScreen() {
  const watchScenarios = useLab((s) => s.watchScenarios)
  const loadScenarios = useLab((s) => s.loadScenarios)
  const problem = useLab((s) => s.scenariosProblem)
  const [tab, setTab] = useState<TabId>('edit')
  useEffect(() => {
    void loadScenarios()
    return watchScenarios()
  }, [loadScenarios, watchScenarios])

  return (
    <div className="workspace-screen scenarios-screen">
      <TabList<TabId> name="scenarios" label="Scenarios sections" tabs={TABS} current={tab} onSelect={setTab} />
      <ProblemList problems={problem ? [problem] : []} />
      <div
        id={panelId('scenarios')}
        role="tabpanel"
        aria-labelledby={tabId('scenarios', tab)}
        className="workspace-panel"
      >
        {tab === 'edit' ? (
          <EditTab />
        ) : (
          <div className="split">
            <RunPanel />
            <Inspector />
          </div>
        )}
      </div>
    </div>
  )
}
