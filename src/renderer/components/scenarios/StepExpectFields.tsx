// What must hold of a step's answer (docs/scenarios-format.md "expect").
import type { ReactNode } from 'react'
import { RowsEditor } from './RowsEditor'
import { StepTextInput, type StepFieldsProps } from './StepTextInput'

export function StepSection({ title, open, children }: { title: string; open: boolean; children: ReactNode }) {
  return (
    <details className="step-section" open={open}>
      <summary>{title}</summary>
      {children}
    </details>
  )
}

export function StepExpectFields(props: StepFieldsProps) {
  const { step, index: i, onChange, errors } = props
  const more =
    step.expectClaims.length > 0 || step.findingsInclude !== '' || step.findingsExclude !== '' || step.maxMs !== ''
  return (
    <fieldset>
      <legend>Expect</legend>
      <div className="field-row">
        <StepTextInput
          {...props}
          name="expectStatus"
          at={['expect', 'status']}
          label="Status"
          hint="e.g. 200, or 400, 401"
        />
        <StepTextInput
          {...props}
          name="expectPresent"
          at={['expect', 'present']}
          label="Present keys"
          className="grow"
          hint="Body keys, comma-separated"
        />
        <StepTextInput {...props} name="expectAbsent" at={['expect', 'absent']} label="Absent keys" />
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
      <StepSection title="Claims, findings, time" open={more}>
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
          <StepTextInput
            {...props}
            name="findingsInclude"
            at={['expect', 'findings', 'include']}
            label="Findings included"
            placeholder="basic_not_form_encoded"
          />
          <StepTextInput
            {...props}
            name="findingsExclude"
            at={['expect', 'findings', 'exclude']}
            label="Findings excluded"
          />
          <StepTextInput {...props} name="maxMs" at={['expect', 'maxMs']} label="At most (ms)" />
        </div>
      </StepSection>
    </fieldset>
  )
}
