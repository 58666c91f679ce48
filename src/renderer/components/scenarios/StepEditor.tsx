// One step of a scenario: the request it sends (docs/scenarios-format.md "request"), what must hold of
// the answer ("expect") and what later steps take from it ("capture"). Each field shows the messages
// the scenario schema reports for its path.
import type { ReactNode } from 'react'
import { SECRET_PARAMS } from '../../../shared/masking'
import { formatPath, SCENARIO_ENDPOINTS } from '../../../shared/scenarios/index'
import type { FieldErrors } from '../../lib/field-errors'
import { Checkbox, Field } from '../common/Field'
import { RowsEditor } from './RowsEditor'
import { errorsAt, type AuthMethod, type StepDraft } from './scenario-form'

export interface StepEditorProps {
  step: StepDraft
  index: number
  count: number
  onChange: (patch: Partial<StepDraft>) => void
  onMove: (by: -1 | 1) => void
  onRemove: () => void
  /** The validation messages by path (`steps[0].expect.status`). */
  fields: FieldErrors
}

const SOLE_VARIABLE = /^\{\{\s*[A-Za-z_][A-Za-z0-9_.-]*\s*\}\}$/
/** A credential typed in clear would be stored with the scenario: say so next to the field. */
const clearCredential = (value: string) => value !== '' && !SOLE_VARIABLE.test(value.trim())
const STORED_IN_CLEAR = 'stored in the scenario as typed: use a variable such as {{clientSecret}} or {{password}}'

function Section({ title, open, children }: { title: string; open: boolean; children: ReactNode }) {
  return (
    <details className="step-section" open={open}>
      <summary>{title}</summary>
      {children}
    </details>
  )
}

function RequestFields({ step, index, onChange, errors }: FieldsProps) {
  const at = pathIn(index)
  const known = (SCENARIO_ENDPOINTS as readonly string[]).includes(step.endpoint)
  const secretParams = step.params.filter((p) => SECRET_PARAMS.has(p.name.toLowerCase()) && clearCredential(p.value))
  return (
    <fieldset>
      <legend>Request</legend>
      <div className="field-row">
        <Field label="Endpoint" errors={known ? errors(at('request', 'endpoint')) : []}>
          {(p) => (
            <select
              {...p}
              value={known ? step.endpoint : 'url'}
              onChange={(e) => onChange({ endpoint: e.target.value === 'url' ? 'https://' : e.target.value })}
            >
              {SCENARIO_ENDPOINTS.map((e) => (
                <option key={e} value={e}>
                  {e}
                </option>
              ))}
              <option value="url">a URL…</option>
            </select>
          )}
        </Field>
        {known ? null : (
          <Field label="Endpoint URL" className="grow" errors={errors(at('request', 'endpoint'))}>
            {(p) => <input {...p} value={step.endpoint} onChange={(e) => onChange({ endpoint: e.target.value })} />}
          </Field>
        )}
        <Field label="Method" errors={errors(at('request', 'method'))} hint="Empty: POST (GET for metadata, jwks)">
          {(p) => (
            <input
              {...p}
              value={step.method}
              placeholder="POST"
              onChange={(e) => onChange({ method: e.target.value })}
            />
          )}
        </Field>
      </div>
      <div className="field-row">
        <Field label="Client authentication" errors={errors(at('request', 'auth', 'method'))}>
          {(p) => (
            <select
              {...p}
              value={step.authMethod}
              onChange={(e) => onChange({ authMethod: e.target.value as AuthMethod })}
            >
              <option value="basic">HTTP Basic (RFC 6749 §2.3.1)</option>
              <option value="post">In the body (client_secret_post)</option>
              <option value="none">None (public client)</option>
            </select>
          )}
        </Field>
        <Field label="Client ID" errors={errors(at('request', 'auth', 'clientId'))}>
          {(p) => <input {...p} value={step.clientId} onChange={(e) => onChange({ clientId: e.target.value })} />}
        </Field>
        {step.authMethod === 'none' ? null : (
          <Field
            label="Client secret"
            errors={[
              ...errors(at('request', 'auth', 'clientSecret')),
              ...(clearCredential(step.clientSecret) ? [STORED_IN_CLEAR] : []),
            ]}
            hint="{{clientSecret}}: given when the scenario runs, never stored"
          >
            {(p) => (
              <input {...p} value={step.clientSecret} onChange={(e) => onChange({ clientSecret: e.target.value })} />
            )}
          </Field>
        )}
      </div>
      {step.authMethod === 'basic' ? (
        <Checkbox
          label="Form-encode the Basic credentials (RFC 6749 §2.3.1)"
          checked={step.formEncode}
          onChange={(formEncode) => onChange({ formEncode })}
        />
      ) : null}
      <div role="radiogroup" aria-label="Request body" className="actions">
        <label className="inline">
          <input type="radio" checked={step.bodyMode === 'params'} onChange={() => onChange({ bodyMode: 'params' })} />
          Form parameters
        </label>
        <label className="inline">
          <input type="radio" checked={step.bodyMode === 'raw'} onChange={() => onChange({ bodyMode: 'raw' })} />
          Raw body
        </label>
      </div>
      {step.bodyMode === 'params' ? (
        <>
          <RowsEditor
            legend="Form parameters"
            item="parameter"
            rows={step.params}
            onChange={(params) => onChange({ params })}
            path={['steps', index, 'request', 'params']}
            errors={errors}
            namePlaceholder="grant_type"
          />
          {secretParams.map((p) => (
            <p key={p.key} className="field-errors" role="alert">
              {p.name}: {STORED_IN_CLEAR}
            </p>
          ))}
        </>
      ) : (
        <Field label="Raw body" errors={errors(at('request', 'rawBody'))} hint="Sent as is (to test malformed bodies)">
          {(p) => (
            <textarea {...p} rows={3} value={step.rawBody} onChange={(e) => onChange({ rawBody: e.target.value })} />
          )}
        </Field>
      )}
      <RowsEditor
        legend="Headers"
        item="header"
        rows={step.headers}
        onChange={(headers) => onChange({ headers })}
        path={['steps', index, 'request', 'headers']}
        errors={errors}
        namePlaceholder="Content-Type"
      />
    </fieldset>
  )
}

function ExpectFields({ step, index: i, onChange, errors }: FieldsProps) {
  const at = pathIn(i)
  const more =
    step.expectClaims.length > 0 || step.findingsInclude !== '' || step.findingsExclude !== '' || step.maxMs !== ''
  return (
    <fieldset>
      <legend>Expect</legend>
      <div className="field-row">
        <Field label="Status" errors={errors(at('expect', 'status'))} hint="e.g. 200, or 400, 401">
          {(p) => (
            <input {...p} value={step.expectStatus} onChange={(e) => onChange({ expectStatus: e.target.value })} />
          )}
        </Field>
        <Field
          label="Present keys"
          className="grow"
          errors={errors(at('expect', 'present'))}
          hint="Body keys, comma-separated"
        >
          {(p) => (
            <input {...p} value={step.expectPresent} onChange={(e) => onChange({ expectPresent: e.target.value })} />
          )}
        </Field>
        <Field label="Absent keys" errors={errors(at('expect', 'absent'))}>
          {(p) => (
            <input {...p} value={step.expectAbsent} onChange={(e) => onChange({ expectAbsent: e.target.value })} />
          )}
        </Field>
      </div>
      <RowsEditor
        legend="Expected headers"
        item="expected header"
        rows={step.expectHeaders}
        onChange={(expectHeaders) => onChange({ expectHeaders })}
        path={['steps', i, 'expect', 'headers']}
        errors={errors}
        namePlaceholder="cache-control"
        valuePlaceholder="no-store, or /regex/i"
        withAbsent
      />
      <RowsEditor
        legend="Expected body"
        item="expected body member"
        rows={step.expectBody}
        onChange={(expectBody) => onChange({ expectBody })}
        path={['steps', i, 'expect', 'body']}
        errors={errors}
        namePlaceholder="error"
        valuePlaceholder="invalid_grant, /regex/, or JSON"
      />
      <Section title="Claims, findings, time" open={more}>
        <RowsEditor
          legend="Expected JWT claims"
          item="expected claim"
          rows={step.expectClaims}
          onChange={(expectClaims) => onChange({ expectClaims })}
          path={['steps', i, 'expect', 'claims']}
          errors={errors}
          namePlaceholder="aud"
        />
        <div className="field-row">
          <Field label="Findings included" errors={errors(at('expect', 'findings', 'include'))}>
            {(p) => (
              <input
                {...p}
                value={step.findingsInclude}
                placeholder="basic_not_form_encoded"
                onChange={(e) => onChange({ findingsInclude: e.target.value })}
              />
            )}
          </Field>
          <Field label="Findings excluded" errors={errors(at('expect', 'findings', 'exclude'))}>
            {(p) => (
              <input
                {...p}
                value={step.findingsExclude}
                onChange={(e) => onChange({ findingsExclude: e.target.value })}
              />
            )}
          </Field>
          <Field label="At most (ms)" errors={errors(at('expect', 'maxMs'))}>
            {(p) => <input {...p} value={step.maxMs} onChange={(e) => onChange({ maxMs: e.target.value })} />}
          </Field>
        </div>
      </Section>
    </fieldset>
  )
}

interface FieldsProps {
  step: StepDraft
  index: number
  onChange: (patch: Partial<StepDraft>) => void
  /** The messages at a path and below it. */
  errors: (path: string) => string[]
}

/** The path of a field of step `index`, as the schema reports it: `steps[0].request.endpoint`. */
const pathIn =
  (index: number) =>
  (...rest: Array<string | number>): string =>
    formatPath(['steps', index, ...rest])

export function StepEditor({ step, index, count, onChange, onMove, onRemove, fields }: StepEditorProps) {
  const at = pathIn(index)
  const errors = (path: string) => errorsAt(fields, path)
  const own = fields[at()] ?? []
  return (
    <section className="step-editor" aria-label={`Step ${index + 1}`}>
      <div className="section-head">
        <h4>Step {index + 1}</h4>
        <span className="actions">
          <button type="button" disabled={index === 0} onClick={() => onMove(-1)}>
            Move up
          </button>
          <button type="button" disabled={index === count - 1} onClick={() => onMove(1)}>
            Move down
          </button>
          <button type="button" className="danger-outline" onClick={onRemove}>
            Remove step
          </button>
        </span>
      </div>
      <Field label="Step name" errors={errors(at('name'))}>
        {(p) => <input {...p} value={step.name} onChange={(e) => onChange({ name: e.target.value })} />}
      </Field>
      <RequestFields step={step} index={index} onChange={onChange} errors={errors} />
      <ExpectFields step={step} index={index} onChange={onChange} errors={errors} />
      <Section title="Capture for later steps" open={step.captures.length > 0}>
        <RowsEditor
          legend="Captures"
          item="capture"
          rows={step.captures}
          onChange={(captures) => onChange({ captures })}
          path={['steps', index, 'capture']}
          errors={errors}
          namePlaceholder="rt"
          valuePlaceholder="body.refresh_token"
          hint="A variable name and where its value is: body.KEY, header.NAME or claims.KEY"
        />
      </Section>
      {own.length ? <OwnProblems problems={own} /> : null}
    </section>
  )
}

/** What is wrong with the step as a whole (an unknown key) rather than with one field. */
function OwnProblems({ problems }: { problems: string[] }) {
  return (
    <ul className="field-errors" role="alert">
      {problems.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  )
}
