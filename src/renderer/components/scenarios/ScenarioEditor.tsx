// One scenario: its name, description and steps. The draft is validated with the scenario file's own
// schema (shared/scenarios-api.ts validateScenario, the function the lab saves with), each message next
// to the field its path names; after a refused save the messages follow every change.
import { useMemo, useRef, useState } from 'react'
import { validateScenario, type StoredScenario } from '../../../shared/scenarios-api'
import { variablesUsedBy } from '../../../shared/scenarios/index'
import { fieldErrorsFromDetails, NO_PROBLEM, problemFromError, type FormProblem } from '../../lib/field-errors'
import { useFocusFirstProblem } from '../../lib/use-focus-problem'
import { useLab } from '../../store'
import { ConfirmButton } from '../common/Buttons'
import { Field, ProblemList } from '../common/Field'
import {
  definitionOf,
  errorsAt,
  moved,
  newScenario,
  newStep,
  scenarioDraft,
  type ScenarioDraft,
  type StepDraft,
} from './scenario-form'
import { StepEditor } from './StepEditor'

/** The step fields the editor shows; a message under none of them is shown above the form. */
const PLACED = /^(name|description|steps\[\d+\]($|\.name|\.request\.|\.expect\.|\.capture))/

function check(draft: ScenarioDraft): FormProblem {
  const result = validateScenario(definitionOf(draft))
  if (result.ok) return NO_PROBLEM
  const { fields, rest } = fieldErrorsFromDetails(result.problems)
  const unplaced = Object.entries(fields).flatMap(([path, messages]) =>
    PLACED.test(path) ? [] : messages.map((m) => `${path}: ${m}`),
  )
  return { general: [...rest, ...unplaced], fields }
}

interface ScenarioEditorProps {
  /** null: a new scenario. */
  existing: StoredScenario | null
  /** Just saved from this form: the form is new (a save gives it the stored definition) and says so. */
  justSaved: boolean
  onSaved: (name: string) => void
  onDeleted: () => void
}

export function ScenarioEditor({ existing, justSaved, onSaved, onDeleted }: ScenarioEditorProps) {
  const saveScenario = useLab((s) => s.saveScenario)
  const deleteScenario = useLab((s) => s.deleteScenario)
  const duplicateScenario = useLab((s) => s.duplicateScenario)
  const [draft, setDraft] = useState<ScenarioDraft>(() =>
    existing ? scenarioDraft(existing.definition) : newScenario('New scenario'),
  )
  const [checking, setChecking] = useState(false)
  const [refusal, setRefusal] = useState<FormProblem>(NO_PROBLEM)
  const [busy, setBusy] = useState(false)
  const [dirty, setDirty] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  // After a refused save, the messages follow the draft as it is fixed.
  const live = useMemo(() => (checking ? check(draft) : NO_PROBLEM), [checking, draft])
  const problem: FormProblem = {
    general: [...live.general, ...refusal.general],
    fields: { ...refusal.fields, ...live.fields },
  }
  const [focusOn, setFocusOn] = useState<FormProblem>(NO_PROBLEM)
  useFocusFirstProblem(formRef, focusOn)
  const needs = useMemo(() => variablesNeeded(draft), [draft])

  const edit = (next: ScenarioDraft) => {
    setDraft(next)
    setDirty(true)
    setRefusal(NO_PROBLEM)
  }
  const editStep = (key: number, patch: Partial<StepDraft>) =>
    edit({ ...draft, steps: draft.steps.map((s) => (s.key === key ? { ...s, ...patch } : s)) })

  async function submit() {
    const checked = check(draft)
    setChecking(true)
    if (checked !== NO_PROBLEM) {
      setFocusOn(checked)
      return
    }
    setBusy(true)
    try {
      const stored = await saveScenario(definitionOf(draft), existing?.name)
      onSaved(stored.name)
    } catch (err) {
      const refused = problemFromError(err, 'name')
      setRefusal(refused)
      setFocusOn(refused)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      ref={formRef}
      className="entity-form scenario-editor"
      aria-label={existing ? `Scenario ${existing.name}` : 'New scenario'}
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <h3>{existing ? `Scenario “${existing.name}”` : 'New scenario'}</h3>
      <ProblemList problems={problem.general} />
      <Field label="Scenario name" errors={errorsAt(problem.fields, 'name')}>
        {(p) => <input {...p} value={draft.name} onChange={(e) => edit({ ...draft, name: e.target.value })} />}
      </Field>
      <Field
        label="Description"
        errors={errorsAt(problem.fields, 'description')}
        hint="e.g. the RFC sections it checks"
      >
        {(p) => (
          <input {...p} value={draft.description} onChange={(e) => edit({ ...draft, description: e.target.value })} />
        )}
      </Field>
      {needs.length ? (
        <p className="muted">
          Needs when it runs: {needs.map((n) => `{{${n}}}`).join(', ')} (the credentials typed in Run).
        </p>
      ) : null}
      {draft.steps.map((step, i) => (
        <StepEditor
          key={step.key}
          step={step}
          index={i}
          count={draft.steps.length}
          fields={problem.fields}
          onChange={(patch) => editStep(step.key, patch)}
          onMove={(by) => edit({ ...draft, steps: moved(draft.steps, i, by) })}
          onRemove={() => edit({ ...draft, steps: draft.steps.filter((s) => s.key !== step.key) })}
        />
      ))}
      <div className="actions sticky-actions">
        <button
          type="button"
          onClick={() => edit({ ...draft, steps: [...draft.steps, newStep(`step ${draft.steps.length + 1}`)] })}
        >
          Add step
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {existing ? 'Save scenario' : 'Create scenario'}
        </button>
        {existing ? (
          <>
            <button type="button" onClick={() => void duplicateScenario(existing.name).catch(showRefusal)}>
              Duplicate
            </button>
            <ConfirmButton
              label="Delete scenario"
              question={`Delete “${existing.name}”?`}
              confirmLabel="Confirm delete"
              onConfirm={() => deleteScenario(existing.name).then(onDeleted, showRefusal)}
            />
          </>
        ) : null}
        <span role="status">{justSaved && !dirty ? 'Saved' : ''}</span>
      </div>
    </form>
  )

  function showRefusal(err: unknown) {
    setRefusal(problemFromError(err))
  }
}

/** The variables the run must give: used by a step and captured by none before it. */
function variablesNeeded(draft: ScenarioDraft): string[] {
  const definition = definitionOf(draft)
  const captured = new Set<string>()
  const needed = new Set<string>()
  for (const step of definition.steps) {
    for (const name of variablesUsedBy(step)) if (!captured.has(name)) needed.add(name)
    for (const name of Object.keys(step.capture ?? {})) captured.add(name)
  }
  return [...needed].sort()
}
