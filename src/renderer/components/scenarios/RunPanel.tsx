// Run one scenario, all of them, or the conformance pack, against the embedded server or any URL, with
// credentials typed here — in memory only: they fill {{clientId}}, {{clientSecret}}, {{username}},
// {{password}} and {{scope}} and are never stored. A progress bar while it runs, then the results.
import { useState } from 'react'
import { LabError } from '../../../shared/lab-api'
import { fieldErrorsFromDetails } from '../../lib/field-errors'
import { useLab } from '../../store'
import { CONFORMANCE_PACK, type RunForm } from '../../store/scenarios-slice'
import { Field, ProblemList } from '../common/Field'
import { RunResults } from './RunResults'

const STEP_LABEL = { passed: '✓', failed: '✗', skipped: '–' } as const

function RunProgress() {
  const run = useLab((s) => s.run)
  if (!run) return null
  const running = run.status === 'running'
  // The bar and the words read one count: a finished run is full, whichever event came last.
  const total = Math.max(run.total, 1)
  const done = run.status === 'finished' ? total : Math.min(run.done, total)
  const words = running
    ? `Running${run.label ? ` ${run.label}` : ''}: ${done} of ${run.total} steps`
    : run.status === 'error'
      ? `Stopped: ${run.problem ?? 'the run could not go on'}`
      : `Finished ${run.label}: ${run.total} of ${run.total} steps`
  return (
    <div className="run-progress">
      <progress aria-label="Run progress" aria-valuetext={`${done} of ${run.total} steps`} value={done} max={total} />
      <p role="status">
        {words}
        {running && run.lastStep ? (
          <span className="muted">
            {' '}
            · {STEP_LABEL[run.lastStep.status]} {run.lastStep.suite} › {run.lastStep.name}
          </span>
        ) : null}
      </p>
      {run.status === 'error' ? <ProblemList problems={[run.problem ?? 'the run stopped']} /> : null}
      {run.result && !running ? <RunResults result={run.result} /> : null}
    </div>
  )
}

function CredentialFields({ form, set }: { form: RunForm; set: (patch: Partial<RunForm>) => void }) {
  const composer = useLab((s) => s.draft)
  return (
    <fieldset>
      <legend>Credentials (kept in memory only, never stored)</legend>
      <div className="field-row">
        <Field label="Client ID" hint="{{clientId}}">
          {(p) => <input {...p} value={form.clientId} onChange={(e) => set({ clientId: e.target.value })} />}
        </Field>
        <Field label="Client secret" hint="{{clientSecret}}">
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="off"
              value={form.clientSecret}
              onChange={(e) => set({ clientSecret: e.target.value })}
            />
          )}
        </Field>
        {form.what === 'pack' ? (
          <Field label="Client authentication" hint="How the pack authenticates the client">
            {(p) => (
              <select {...p} value={form.auth} onChange={(e) => set({ auth: e.target.value as RunForm['auth'] })}>
                <option value="basic">HTTP Basic</option>
                <option value="post">In the body</option>
                <option value="none">None (public client)</option>
              </select>
            )}
          </Field>
        ) : null}
      </div>
      <div className="field-row">
        <Field label="Username" hint="{{username}}">
          {(p) => <input {...p} value={form.username} onChange={(e) => set({ username: e.target.value })} />}
        </Field>
        <Field label="Password" hint="{{password}}">
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="off"
              value={form.password}
              onChange={(e) => set({ password: e.target.value })}
            />
          )}
        </Field>
        <Field label="Scope" hint="{{scope}}">
          {(p) => <input {...p} value={form.scope} onChange={(e) => set({ scope: e.target.value })} />}
        </Field>
      </div>
      <button
        type="button"
        onClick={() =>
          set({
            clientId: composer.clientId,
            clientSecret: composer.clientSecret,
            username: composer.username,
            password: composer.password,
            scope: composer.scope,
            auth: composer.authMethod === 'body' ? 'post' : composer.authMethod,
          })
        }
      >
        Use the composer’s credentials
      </button>
    </fieldset>
  )
}

export function RunPanel() {
  const form = useLab((s) => s.runForm)
  const set = useLab((s) => s.setRunForm)
  const startRun = useLab((s) => s.startRun)
  const selected = useLab((s) => s.selectedScenario)
  const count = useLab((s) => s.scenarios.length)
  const running = useLab((s) => s.run?.status === 'running')
  const [refusal, setRefusal] = useState<unknown>(null)
  const urlErrors = refusal instanceof LabError ? fieldErrorsFromDetails(refusal.details).fields['target.url'] : []
  // With no scenario selected, "the selected scenario" means all of them (as the run does).
  const what = form.what === 'scenario' && selected === null ? 'all' : form.what

  async function run() {
    setRefusal(null)
    try {
      await startRun()
    } catch (err) {
      setRefusal(err)
    }
  }

  return (
    <section className="run-panel" aria-label="Run">
      <form
        aria-label="Run scenarios"
        onSubmit={(e) => {
          e.preventDefault()
          void run()
        }}
      >
        <fieldset className="radio-list">
          <legend>What to run</legend>
          <label className="inline">
            <input
              type="radio"
              name="run-what"
              checked={what === 'scenario'}
              disabled={selected === null}
              onChange={() => set({ what: 'scenario' })}
            />
            {selected === null ? 'The selected scenario (none selected)' : `Scenario “${selected}”`}
          </label>
          <label className="inline">
            <input type="radio" name="run-what" checked={what === 'all'} onChange={() => set({ what: 'all' })} />
            All scenarios ({count})
          </label>
          <label className="inline">
            <input type="radio" name="run-what" checked={what === 'pack'} onChange={() => set({ what: 'pack' })} />
            The conformance pack ({CONFORMANCE_PACK})
          </label>
        </fieldset>
        <fieldset>
          <legend>Against</legend>
          <label className="inline">
            <input
              type="radio"
              name="run-target"
              checked={form.target === 'embedded'}
              onChange={() => set({ target: 'embedded' })}
            />
            The embedded server
          </label>
          <label className="inline">
            <input
              type="radio"
              name="run-target"
              checked={form.target === 'url'}
              onChange={() => set({ target: 'url' })}
            />
            A URL
          </label>
          {form.target === 'url' ? (
            <Field
              label="Server URL"
              errors={urlErrors ?? []}
              hint="A base URL with RFC 8414 metadata (https://idp.example/realms/demo), or a token endpoint URL"
            >
              {(p) => (
                <input
                  {...p}
                  type="url"
                  value={form.url}
                  placeholder="https://idp.example/realms/demo"
                  onChange={(e) => set({ url: e.target.value })}
                />
              )}
            </Field>
          ) : null}
        </fieldset>
        <CredentialFields form={form} set={set} />
        <ProblemList problems={refusalLines(refusal)} />
        <div className="actions">
          <button type="submit" className="primary" disabled={running}>
            Run
          </button>
        </div>
      </form>
      <RunProgress />
    </section>
  )
}

/** Why the lab refused the run, and every problem by path (a variable never given, a missing credential). */
function refusalLines(err: unknown): string[] {
  if (err === null) return []
  if (err instanceof LabError) return [err.message, ...err.details]
  return [err instanceof Error ? err.message : String(err)]
}
