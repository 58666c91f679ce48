// One step of a scenario: the request it sends (docs/scenarios-format.md "request"), what must hold of
// the answer ("expect") and what later steps take from it ("capture"). Each field shows the messages
// the scenario schema reports for its path.
import type { FieldErrors } from '../../lib/field-errors'
import { RowsEditor } from './RowsEditor'
import { errorsAt, type StepDraft } from './scenario-form'
import { StepExpectFields, StepSection } from './StepExpectFields'
import { StepRequestFields } from './StepRequestFields'
import { pathIn, StepTextInput, type StepFieldsProps } from './StepTextInput'

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

export function StepEditor({ step, index, count, onChange, onMove, onRemove, fields }: StepEditorProps) {
  const props: StepFieldsProps = { step, index, onChange, errors: (path) => errorsAt(fields, path) }
  const own = fields[pathIn(index)()] ?? []
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
      <StepTextInput {...props} name="name" at={['name']} label="Step name" />
      <StepRequestFields {...props} />
      <StepExpectFields {...props} />
      <StepSection title="Capture for later steps" open={step.captures.length > 0}>
        <RowsEditor
          legend="Captures"
          item="capture"
          rows={step.captures}
          onChange={(captures) => onChange({ captures })}
          path={['steps', index, 'capture']}
          errors={props.errors}
          namePlaceholder="rt"
          valuePlaceholder="body.refresh_token"
          hint="A variable name and where its value is: body.KEY, header.NAME or claims.KEY"
        />
      </StepSection>
      {own.length ? (
        // What is wrong with the step as a whole (an unknown key) rather than with one field.
        <ul className="field-errors" role="alert">
          {own.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}
