import { useRef, useState } from 'react'
import type { Scope } from '../../../shared/model'
import { errorsFor, hasProblem, NO_PROBLEM, problemFromError, validateLabInput } from '../../lib/field-errors'
import { useFocusFirstProblem } from '../../lib/use-focus-problem'
import { useLab } from '../../store'
import { ConfirmButton } from '../common/Buttons'
import { Checkbox, Field, ProblemList } from '../common/Field'

const NO_SCOPES: Scope[] = []

function ScopeForm({ existing, onDone }: { existing: Scope | null; onDone: (name: string | null) => void }) {
  const createScope = useLab((s) => s.createScope)
  const updateScope = useLab((s) => s.updateScope)
  const deleteScope = useLab((s) => s.deleteScope)
  const [form, setForm] = useState<Scope>(existing ?? { name: '', description: '', default: false })
  const [problem, setProblem] = useState(NO_PROBLEM)
  const formRef = useRef<HTMLFormElement>(null)
  useFocusFirstProblem(formRef, problem)

  async function submit() {
    const checked = validateLabInput(existing ? 'scopes.update' : 'scopes.create', form)
    setProblem(checked)
    if (hasProblem(checked)) return
    try {
      await (existing ? updateScope(form) : createScope(form))
      onDone(form.name)
    } catch (err) {
      setProblem(problemFromError(err, 'name'))
    }
  }

  return (
    <form
      ref={formRef}
      className="entity-form"
      aria-label={existing ? `Scope ${existing.name}` : 'New scope'}
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <h3>{existing ? `Scope “${existing.name}”` : 'New scope'}</h3>
      <ProblemList problems={problem.general} />
      <Field label="Name" errors={errorsFor(problem.fields, 'name')} hint="Case-sensitive, no spaces (RFC 6749 §3.3)">
        {(p) => (
          <input
            {...p}
            value={form.name}
            readOnly={!!existing}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        )}
      </Field>
      <Field label="Description" errors={errorsFor(problem.fields, 'description')}>
        {(p) => (
          <input {...p} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
        )}
      </Field>
      <Checkbox
        label="Default"
        hint="Granted when a request omits scope (unless the client lists its own defaults)."
        checked={form.default}
        onChange={(on) => setForm({ ...form, default: on })}
      />
      <div className="actions">
        <button type="submit" className="primary">
          {existing ? 'Save' : 'Create scope'}
        </button>
        {existing ? (
          <ConfirmButton
            label="Delete scope"
            question={`Delete “${existing.name}”?`}
            confirmLabel="Confirm delete"
            onConfirm={() =>
              deleteScope(existing.name).then(
                () => onDone(null),
                (err: unknown) => setProblem(problemFromError(err)),
              )
            }
          />
        ) : null}
      </div>
    </form>
  )
}

export function ScopesPanel() {
  const scopes = useLab((s) => s.workspace?.scopes ?? NO_SCOPES)
  const [selected, setSelected] = useState<string | null>(null)
  const existing = scopes.find((s) => s.name === selected) ?? null
  return (
    <div className="master-detail">
      <nav className="entity-list" aria-label="Scopes">
        <button type="button" className={selected === null ? 'selected' : ''} onClick={() => setSelected(null)}>
          <span aria-hidden="true">+ </span>New scope
        </button>
        <ul>
          {scopes.map((s) => (
            <li key={s.name}>
              <button
                type="button"
                aria-current={s.name === selected ? 'true' : undefined}
                className={s.name === selected ? 'selected' : ''}
                onClick={() => setSelected(s.name)}
              >
                <span className="mono entity-name" title={s.name}>
                  {s.name}
                </span>
                {s.default ? <span className="badge">default</span> : null}
                {s.description ? (
                  <span className="muted entity-description" title={s.description}>
                    {s.description}
                  </span>
                ) : null}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="detail">
        <ScopeForm key={existing?.name ?? 'new'} existing={existing} onDone={setSelected} />
      </div>
    </div>
  )
}
