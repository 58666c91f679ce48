// "Save as step": the exchange on display becomes a step of a scenario — one that exists, or a new one.
// The lab builds the step from the stored (masked) exchange: the client secret and the password become
// {{clientSecret}} and {{password}}, the expectations are what came back.
import { useEffect, useId, useState } from 'react'
import { LabError } from '../../../shared/lab-api'
import { useLab } from '../../store'
import { Field, ProblemList } from '../common/Field'

const NEW = '\u0000new'

export function SaveAsStep({ exchangeId }: { exchangeId: string }) {
  const scenarios = useLab((s) => s.scenarios)
  const loadScenarios = useLab((s) => s.loadScenarios)
  const saveExchangeAsStep = useLab((s) => s.saveExchangeAsStep)
  const close = useLab((s) => s.openSaveAsStep)
  const setScreen = useLab((s) => s.setScreen)
  const selectScenario = useLab((s) => s.selectScenario)
  const lastSaveInto = useLab((s) => s.lastSaveInto)
  const headingId = useId()
  const [picked, setChoice] = useState<string>(lastSaveInto ?? NEW)
  // A scenario deleted since is no choice: a new one is.
  const choice = picked !== NEW && !scenarios.some((s) => s.name === picked) ? NEW : picked
  const [newName, setNewName] = useState('')
  const [stepName, setStepName] = useState('')
  const [problems, setProblems] = useState<string[]>([])
  const [saved, setSaved] = useState<{ scenario: string; step: number } | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    void loadScenarios()
  }, [loadScenarios])

  async function save() {
    const into =
      choice === NEW ? { kind: 'new' as const, name: newName.trim() } : { kind: 'existing' as const, name: choice }
    if (!into.name) {
      setProblems(['Name the new scenario'])
      return
    }
    setBusy(true)
    setProblems([])
    try {
      const scenario = await saveExchangeAsStep(exchangeId, into, stepName.trim() || undefined)
      setSaved({ scenario: scenario.name, step: scenario.definition.steps.length })
      setChoice(scenario.name)
      setNewName('')
    } catch (err) {
      setProblems(err instanceof LabError ? [err.message, ...err.details] : [String(err)])
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="save-as-step sub-panel" aria-labelledby={headingId}>
      <h4 id={headingId}>Save as step</h4>
      <p className="muted">
        The client secret and the password become {'{{clientSecret}}'} and {'{{password}}'}: a scenario never holds
        them. The expectations are what came back.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <div className="field-row">
          <Field label="Into scenario">
            {(p) => (
              <select {...p} value={choice} onChange={(e) => setChoice(e.target.value)}>
                <option value={NEW}>A new scenario…</option>
                {scenarios.map((s) => (
                  <option key={s.name} value={s.name}>
                    {s.name} ({s.definition.steps.length} step{s.definition.steps.length === 1 ? '' : 's'})
                  </option>
                ))}
              </select>
            )}
          </Field>
          {choice === NEW ? (
            <Field label="New scenario name">
              {(p) => <input {...p} value={newName} onChange={(e) => setNewName(e.target.value)} />}
            </Field>
          ) : null}
          <Field label="Step name" hint="Empty: named after the request and its answer">
            {(p) => <input {...p} value={stepName} onChange={(e) => setStepName(e.target.value)} />}
          </Field>
        </div>
        <ProblemList problems={problems} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            Save step
          </button>
          <button type="button" onClick={() => close(null)}>
            Close
          </button>
          {saved ? (
            <>
              <span role="status">
                Saved as step {saved.step} of “{saved.scenario}”
              </span>
              <button
                type="button"
                onClick={() => {
                  selectScenario(saved.scenario)
                  close(null)
                  setScreen('scenarios')
                }}
              >
                Open in Scenarios
              </button>
            </>
          ) : null}
        </div>
      </form>
    </section>
  )
}
