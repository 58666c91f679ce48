// The request a scenario step sends (docs/scenarios-format.md "request"): where to, how the client
// authenticates, and the body and headers.
import { SECRET_PARAMS } from '../../../shared/masking'
import { SCENARIO_ENDPOINTS } from '../../../shared/scenarios/index'
import { Checkbox, Field } from '../common/Field'
import { RowsEditor } from './RowsEditor'
import type { AuthMethod } from './scenario-form'
import { pathIn, StepTextInput, type StepFieldsProps } from './StepTextInput'

const SOLE_VARIABLE = /^\{\{\s*[A-Za-z_][A-Za-z0-9_.-]*\s*\}\}$/
/** A credential typed in clear would be stored with the scenario: say so next to the field. */
const clearCredential = (value: string) => value !== '' && !SOLE_VARIABLE.test(value.trim())
const STORED_IN_CLEAR = 'stored in the scenario as typed: use a variable such as {{clientSecret}} or {{password}}'

function EndpointFields(props: StepFieldsProps) {
  const { step, index, onChange, errors } = props
  const known = (SCENARIO_ENDPOINTS as readonly string[]).includes(step.endpoint)
  return (
    <div className="field-row">
      <Field label="Endpoint" errors={known ? errors(pathIn(index)('request', 'endpoint')) : []}>
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
        <StepTextInput {...props} name="endpoint" at={['request', 'endpoint']} label="Endpoint URL" className="grow" />
      )}
      <StepTextInput
        {...props}
        name="method"
        at={['request', 'method']}
        label="Method"
        hint="Empty: POST (GET for metadata, jwks)"
        placeholder="POST"
      />
    </div>
  )
}

function AuthFields(props: StepFieldsProps) {
  const { step, index, onChange, errors } = props
  return (
    <>
      <div className="field-row">
        <Field label="Client authentication" errors={errors(pathIn(index)('request', 'auth', 'method'))}>
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
        <StepTextInput {...props} name="clientId" at={['request', 'auth', 'clientId']} label="Client ID" />
        {step.authMethod === 'none' ? null : (
          <StepTextInput
            {...props}
            name="clientSecret"
            at={['request', 'auth', 'clientSecret']}
            label="Client secret"
            hint="{{clientSecret}}: given when the scenario runs, never stored"
            notes={clearCredential(step.clientSecret) ? [STORED_IN_CLEAR] : []}
          />
        )}
      </div>
      {step.authMethod === 'basic' ? (
        <Checkbox
          label="Form-encode the Basic credentials (RFC 6749 §2.3.1)"
          checked={step.formEncode}
          onChange={(formEncode) => onChange({ formEncode })}
        />
      ) : null}
    </>
  )
}

function BodyFields(props: StepFieldsProps) {
  const { step, index, onChange, errors } = props
  const secretParams = step.params.filter((p) => SECRET_PARAMS.has(p.name.toLowerCase()) && clearCredential(p.value))
  return (
    <>
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
        <StepTextInput
          {...props}
          name="rawBody"
          at={['request', 'rawBody']}
          label="Raw body"
          hint="Sent as is (to test malformed bodies)"
          multiline
        />
      )}
    </>
  )
}

export function StepRequestFields(props: StepFieldsProps) {
  const { step, index, onChange, errors } = props
  return (
    <fieldset>
      <legend>Request</legend>
      <EndpointFields {...props} />
      <AuthFields {...props} />
      <BodyFields {...props} />
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
