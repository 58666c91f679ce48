// The Workspace's "Faults" tab: the rules that make the embedded server misbehave on purpose
// (workspace-format.md "Faults"), edited as a list and saved whole. Rules are tried in order and the
// first that matches and fires wins, so the order is part of the list. The counts are the server's, live.
import { useEffect, useMemo, useState, type FormEvent } from 'react'
import type { FaultRuleStatus } from '../../../shared/faults-api'
import { NO_PROBLEM, type FormProblem } from '../../lib/field-errors'
import { useLab } from '../../store'
import { ProblemList } from '../common/Field'
import { FormFrame } from '../common/FormFrame'
import { checkDrafts, draftFromRule, newDraft, type FaultRuleDraft } from './fault-draft'
import { FaultRuleEditor } from './FaultRuleEditor'
import { emptyText, problemsOf, savedText, serverText } from './faults-text'

const NO_RULES: FaultRuleStatus[] = []

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
  // Only a refused save moves the focus; the live check never takes it from the field being typed in.
  const [refused, setRefused] = useState<FormProblem>(NO_PROBLEM)
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
    setRefused(NO_PROBLEM)
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
      const problems = problemsOf(err)
      setServerProblems(problems)
      setRefused({ general: problems, fields: {} })
    }
  }

  const onSubmit = (ev?: FormEvent) => {
    ev?.preventDefault()
    void save()
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
      <FormFrame
        form={{ problem: { general: listProblems, fields: {} }, onSubmit }}
        focusOn={refused}
        className="fault-rules"
        label="Fault rules"
        problemsTitle={serverProblems.length ? 'Not saved' : undefined}
      >
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
      </FormFrame>
    </section>
  )
}
