// The Workspace's "Faults" tab: the rules that make the embedded server misbehave on purpose
// (workspace-format.md "Faults"), edited as a list and saved whole. Rules are tried in order and the
// first that matches and fires wins, so the order is part of the list. The counts are the server's, live.
import { useEffect, useMemo, useState } from 'react'
import { LabError } from '../../../shared/lab-api'
import type { FaultRuleStatus } from '../../../shared/faults-api'
import { useLab } from '../../store'
import { ProblemList } from '../common/Field'
import { checkDrafts, draftFromRule, newDraft, type FaultRuleDraft } from './fault-draft'
import { FaultRuleEditor } from './FaultRuleEditor'

const NO_RULES: FaultRuleStatus[] = []

/** The saved rules without their counts, as text: what the drafts are compared with. */
function savedText(rules: readonly FaultRuleStatus[]): string {
  return JSON.stringify(rules.map(({ remaining: _r, fired: _f, ...rule }) => rule))
}

const rulesText = (n: number) => `${n} rule${n === 1 ? '' : 's'}`

/**
 * What the embedded server runs now. While the list is edited it still runs the saved rules, and says
 * so: the count is of what is saved, never of the list being edited.
 */
function serverText(active: number, saved: number, dirty: boolean): string {
  const now = `${active} of ${rulesText(saved)} active on the embedded server`
  return dirty ? `Unsaved changes. As saved: ${now}, until Save rules.` : now
}

/** An empty list: nothing is faulted — or, when saved rules were removed here, not yet. */
function emptyText(saved: number): string {
  if (saved === 0) return 'No fault rules: the server answers normally.'
  return `No fault rules in this list. The server keeps its saved ${rulesText(saved)} until Save rules (or Discard changes to get them back).`
}

function problemsOf(err: unknown): string[] {
  if (err instanceof LabError) return err.details.length ? err.details : [err.message]
  return [err instanceof Error ? err.message : String(err)]
}

export function FaultsPanel() {
  const faults = useLab((s) => s.faults)
  const loadFaults = useLab((s) => s.loadFaults)
  const saveFaults = useLab((s) => s.saveFaults)
  const resetFaults = useLab((s) => s.resetFaults)
  const loadProblem = useLab((s) => s.faultsProblem)
  const rules = faults?.rules ?? NO_RULES
  const saved = useMemo(() => savedText(rules), [rules])

  const [drafts, setDrafts] = useState<FaultRuleDraft[]>(() => rules.map(draftFromRule))
  // What the drafts were made from: when the lab's rules change (another window saved, an import) and
  // nothing was edited here, the editor follows them.
  const [baseline, setBaseline] = useState(saved)
  const [serverProblems, setServerProblems] = useState<string[]>([])
  const [savedNote, setSavedNote] = useState('')
  useEffect(() => void loadFaults(), [loadFaults])

  const check = useMemo(() => checkDrafts(drafts), [drafts])
  const current = JSON.stringify(check.rules)
  const dirty = current !== baseline
  if (saved !== baseline) {
    // Adjusted while rendering (React's pattern for state that follows a prop): no effect, no extra pass.
    setBaseline(saved)
    if (!dirty) setDrafts(rules.map(draftFromRule))
  }

  const problems = check.problems.length ? check.problems : serverProblems
  const byName = new Map(rules.map((r) => [r.name, r]))
  const edit = (next: FaultRuleDraft[]) => {
    setDrafts(next)
    setServerProblems([])
    setSavedNote('')
  }
  const update = (i: number, patch: Partial<FaultRuleDraft>) =>
    edit(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)))
  const move = (i: number, by: -1 | 1) => {
    const next = [...drafts]
    const [moved] = next.splice(i, 1)
    next.splice(i + by, 0, moved!)
    edit(next)
  }

  async function save() {
    if (check.problems.length) return
    try {
      const status = await saveFaults(check.rules)
      setBaseline(savedText(status.rules))
      setDrafts(status.rules.map(draftFromRule))
      setSavedNote(`Saved ${status.rules.length} rule${status.rules.length === 1 ? '' : 's'}; counts start again.`)
    } catch (err) {
      setServerProblems(problemsOf(err))
    }
  }

  const inRule = (i: number) => (p: string) => p.startsWith(`faults[${i}].`) || p.startsWith(`faults[${i}]:`)
  const listProblems = problems.filter((p) => !drafts.some((_, i) => inRule(i)(p)))
  const active = faults?.active ?? 0

  return (
    <section className="faults-panel" aria-labelledby="faults-heading">
      <h2 id="faults-heading">Faults</h2>
      <p className="muted">
        Make the embedded server misbehave on purpose, the way real servers do, to test a client’s error handling. Rules
        are tried in order; the first enabled rule that matches and fires answers the request. A faulted exchange names
        its rule in the trace.
      </p>
      <p role="status" aria-label="Faults now">
        {faults === null ? 'Loading…' : serverText(active, rules.length, dirty)}
      </p>
      <ProblemList problems={loadProblem ? [loadProblem] : []} />
      <form
        aria-label="Fault rules"
        onSubmit={(ev) => {
          ev.preventDefault()
          void save()
        }}
      >
        <ProblemList problems={listProblems} title={serverProblems.length ? 'Not saved' : undefined} />
        {drafts.length === 0 ? <p className="muted placeholder">{emptyText(rules.length)}</p> : null}
        {drafts.map((d, i) => (
          <FaultRuleEditor
            key={d.key}
            index={i}
            count={drafts.length}
            draft={d}
            status={dirty ? byName.get(d.name) : rules[i]}
            problems={problems.filter(inRule(i))}
            onChange={(patch) => update(i, patch)}
            onMove={(by) => move(i, by)}
            onRemove={() => edit(drafts.filter((_, j) => j !== i))}
          />
        ))}
        <div className="actions sticky-actions">
          <button type="button" onClick={() => edit([...drafts, newDraft(drafts.map((x) => x.name))])}>
            Add rule
          </button>
          <button type="submit" className="primary" disabled={!dirty || check.problems.length > 0}>
            Save rules
          </button>
          <button type="button" disabled={!dirty} onClick={() => edit(rules.map(draftFromRule))}>
            Discard changes
          </button>
          <button type="button" disabled={rules.length === 0} onClick={() => void resetFaults()}>
            Reset counts
          </button>
          <span role="status">{savedNote}</span>
        </div>
      </form>
    </section>
  )
}
