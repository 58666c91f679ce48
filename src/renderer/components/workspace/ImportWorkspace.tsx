// Import of the workspace file (docs/workspace-format.md). An import replaces everything at once, so it
// asks first, and a refused file shows every problem the lab found (by JSON path, in the same words as
// the forms: shared/fields.ts) so all of them can be fixed in one go.
import { useId, useState, type ChangeEvent } from 'react'
import { LabError, type ImportResult } from '../../../shared/lab-api'
import { useLab } from '../../store'
import { Field, ProblemList } from '../common/Field'
import { messageOf } from './ExportWorkspace'

type ImportState =
  | { step: 'idle' }
  | { step: 'unreadable'; message: string }
  | { step: 'confirm'; fileName: string; file: unknown }
  | { step: 'importing'; fileName: string }
  | { step: 'imported'; result: ImportResult }
  | { step: 'refused'; headline: string; problems: string[] }
  | { step: 'failed'; problems: string[] }

/** The chosen file as parsed JSON, or the reason it is not. Nothing is sent for a file that is not JSON. */
async function readJsonFile(file: File): Promise<ImportState> {
  let text: string
  try {
    text = await file.text()
  } catch (err) {
    return { step: 'unreadable', message: `could not read ${file.name}: ${messageOf(err)}` }
  }
  try {
    return { step: 'confirm', fileName: file.name, file: JSON.parse(text) as unknown }
  } catch (err) {
    return { step: 'unreadable', message: `not valid JSON: ${messageOf(err)}` }
  }
}

function importFailure(err: unknown): ImportState {
  if (err instanceof LabError && err.kind === 'workspace_invalid') {
    // The message's first line is the summary; the lines after it repeat `details`, which are
    // shown as a list instead.
    return { step: 'refused', headline: err.message.split('\n')[0] ?? err.message, problems: err.details }
  }
  return { step: 'failed', problems: err instanceof LabError ? [err.message, ...err.details] : [messageOf(err)] }
}

function ImportOutcome({ state }: { state: ImportState }) {
  if (state.step === 'importing') {
    return <p role="status">Importing {state.fileName}… (plaintext secrets and passwords are hashed first)</p>
  }
  if (state.step === 'imported') {
    const { scopes, clients, users } = state.result
    return <p role="status">{`Imported ${scopes} scopes, ${clients} clients, ${users} users.`}</p>
  }
  if (state.step === 'failed') return <ProblemList problems={state.problems} />
  if (state.step !== 'refused') return null
  return (
    <section className="problem" aria-label="Import problems">
      <p role="alert">{state.headline}</p>
      <ul>
        {state.problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
      <p>Nothing was imported: the current workspace is unchanged. Fix the file and choose it again.</p>
    </section>
  )
}

export function ImportWorkspace({ onImported }: { onImported: () => void }) {
  const importWorkspace = useLab((s) => s.importWorkspace)
  const [state, setState] = useState<ImportState>({ step: 'idle' })
  const questionId = useId()

  async function choose(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0]
    // Cleared so that choosing the same file again (after fixing it) fires a change again.
    e.target.value = ''
    if (file) setState(await readJsonFile(file))
  }

  async function confirm(fileName: string, file: unknown) {
    setState({ step: 'importing', fileName })
    try {
      const result = await importWorkspace(file)
      setState({ step: 'imported', result })
      onImported()
    } catch (err) {
      setState(importFailure(err))
    }
  }

  return (
    <>
      <Field
        label="Import workspace"
        hint="Replaces the settings and every scope, client and user."
        errors={state.step === 'unreadable' ? [state.message] : []}
      >
        {(p) => (
          <input
            {...p}
            type="file"
            accept=".json,application/json"
            disabled={state.step === 'importing'}
            onChange={(e) => void choose(e)}
          />
        )}
      </Field>
      {state.step === 'confirm' ? (
        <div className="confirm" role="group" aria-labelledby={questionId}>
          <span id={questionId}>Replace the whole workspace with {state.fileName}?</span>
          <button type="button" className="danger" onClick={() => void confirm(state.fileName, state.file)}>
            Confirm import
          </button>
          <button type="button" onClick={() => setState({ step: 'idle' })}>
            Cancel
          </button>
        </div>
      ) : null}
      <ImportOutcome state={state} />
    </>
  )
}
