// What the scenario editor checks as the draft is edited: the scenario file's own schema
// (shared/scenarios-api.ts validateScenario, the function the lab saves with), and the variables the
// run must give.
import { validateScenario } from '../../../shared/scenarios-api'
import { variablesUsedBy } from '../../../shared/scenarios/index'
import { fieldErrorsFromDetails, NO_PROBLEM, type FormProblem } from '../../lib/field-errors'
import { definitionOf, type ScenarioDraft } from './scenario-form'

/** The step fields the editor shows; a message under none of them is shown above the form. */
const PLACED = /^(name|description|steps\[\d+\]($|\.name|\.request\.|\.expect\.|\.capture))/

export function checkScenario(draft: ScenarioDraft): FormProblem {
  const result = validateScenario(definitionOf(draft))
  if (result.ok) return NO_PROBLEM
  const { fields, rest } = fieldErrorsFromDetails(result.problems)
  const unplaced = Object.entries(fields).flatMap(([path, messages]) =>
    PLACED.test(path) ? [] : messages.map((m) => `${path}: ${m}`),
  )
  return { general: [...rest, ...unplaced], fields }
}

/** The variables the run must give: used by a step and captured by none before it. */
export function variablesNeeded(draft: ScenarioDraft): string[] {
  const definition = definitionOf(draft)
  const captured = new Set<string>()
  const needed = new Set<string>()
  for (const step of definition.steps) {
    for (const name of variablesUsedBy(step)) if (!captured.has(name)) needed.add(name)
    for (const name of Object.keys(step.capture ?? {})) captured.add(name)
  }
  return [...needed].sort()
}
