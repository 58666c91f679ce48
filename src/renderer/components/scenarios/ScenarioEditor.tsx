// One scenario: its name, description and steps. Each message of the scenario's schema is shown next
// to the field its path names; after a refused save the messages follow every change.
import { useMemo, useState, type FormEvent } from 'react'
import type { StoredScenario } from '../../../shared/scenarios-api'
import { NO_PROBLEM, problemFromError, type FormProblem } from '../../lib/field-errors'
import { useLab } from '../../store'
import { ConfirmButton } from '../common/Buttons'
import { Field } from '../common/Field'
import { FormFrame } from '../common/FormFrame'
import { checkScenario, variablesNeeded } from './scenario-check'
import { definitionOf, errorsAt, moved, newScenario, newStep, scenarioDraft, type ScenarioDraft } from './scenario-form'
import { StepEditor } from './StepEditor'

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
  const [draft, setDraft] = useState<ScenarioDraft>(() =>
    existing ? scenarioDraft(existing.definition) : newScenario('New scenario'),
  )
  const [checking, setChecking] = useState(false)
  const [refusal, setRefusal] = useState<FormProblem>(NO_PROBLEM)
  const [busy, setBusy] = useState(false)
  const [dirty, setDirty] = useState(false)
  // After a refused save, the messages follow the draft as it is fixed.
  const live = useMemo(() => (checking ? checkScenario(draft) : NO_PROBLEM), [checking, draft])
  const problem: FormProblem = {
    general: [...live.general, ...refusal.general],
    fields: { ...refusal.fields, ...live.fields },
  }
  // Only a submit moves the focus; live messages never take it from the field being typed in.
  const [focusOn, setFocusOn] = useState<FormProblem>(NO_PROBLEM)
  const needs = useMemo(() => variablesNeeded(draft), [draft])
  const errors = (path: string) => errorsAt(problem.fields, path)

  const edit = (next: ScenarioDraft) => {
    setDraft(next)
    setDirty(true)
    setRefusal(NO_PROBLEM)
  }

  async function submit() {
    const checked = checkScenario(draft)
    setChecking(true)
    if (checked !== NO_PROBLEM) return setFocusOn(checked)
    setBusy(true)
    try {
      onSaved((await saveScenario(definitionOf(draft), existing?.name)).name)
    } catch (err) {
      const refused = problemFromError(err, 'name')
      setRefusal(refused)
      setFocusOn(refused)
    } finally {
      setBusy(false)
    }
  }
  const onSubmit = (event?: FormEvent) => {
    event?.preventDefault()
    void submit()
  }
  const showRefusal = (err: unknown) => setRefusal(problemFromError(err))

  return (
    <FormFrame
      form={{ problem, onSubmit }}
      focusOn={focusOn}
      className="entity-form scenario-editor"
      label={existing ? `Scenario ${existing.name}` : 'New scenario'}
      heading={<h3>{existing ? `Scenario “${existing.name}”` : 'New scenario'}</h3>}
    >
      <Field label="Scenario name" errors={errors('name')}>
        {(p) => <input {...p} value={draft.name} onChange={(e) => edit({ ...draft, name: e.target.value })} />}
      </Field>
      <Field label="Description" errors={errors('description')} hint="e.g. the RFC sections it checks">
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
          onChange={(patch) =>
            edit({ ...draft, steps: draft.steps.map((s) => (s.key === step.key ? { ...s, ...patch } : s)) })
          }
          onMove={(by) => edit({ ...draft, steps: moved(draft.steps, i, by) })}
          onRemove={() => edit({ ...draft, steps: draft.steps.filter((s) => s.key !== step.key) })}
        />
      ))}
      <ScenarioActions
        existing={existing}
        busy={busy}
        saved={justSaved && !dirty}
        onAddStep={() => edit({ ...draft, steps: [...draft.steps, newStep(`step ${draft.steps.length + 1}`)] })}
        onDeleted={onDeleted}
        onRefused={showRefusal}
      />
    </FormFrame>
  )
}

interface ActionsProps {
  existing: StoredScenario | null
  busy: boolean
  saved: boolean
  onAddStep(): void
  onDeleted(): void
  onRefused(err: unknown): void
}

/** The sticky bar under the steps: add a step, save, and for a stored scenario duplicate or delete it. */
function ScenarioActions({ existing, busy, saved, onAddStep, onDeleted, onRefused }: ActionsProps) {
  const deleteScenario = useLab((s) => s.deleteScenario)
  const duplicateScenario = useLab((s) => s.duplicateScenario)
  return (
    <div className="actions sticky-actions">
      <button type="button" onClick={onAddStep}>
        Add step
      </button>
      <button type="submit" className="primary" disabled={busy}>
        {existing ? 'Save scenario' : 'Create scenario'}
      </button>
      {existing ? (
        <>
          <button type="button" onClick={() => void duplicateScenario(existing.name).catch(onRefused)}>
            Duplicate
          </button>
          <ConfirmButton
            label="Delete scenario"
            question={`Delete “${existing.name}”?`}
            confirmLabel="Confirm delete"
            onConfirm={() => deleteScenario(existing.name).then(onDeleted, onRefused)}
          />
        </>
      ) : null}
      <span role="status">{saved ? 'Saved' : ''}</span>
    </div>
  )
}
