// The Scenarios screen's calls: the workspace's scenarios (stored, one row each), "Save as step" from a
// recorded exchange, and runs with progress and results (scenario-runs.ts). Every definition is
// validated with the scenario file's schema before it is stored (docs/scenarios-format.md).
import { LabError, type LabAreaHandlers, type LabEvents } from '../shared/lab-api'
import { validateScenario, type ScenarioInput, type StoredScenario } from '../shared/scenarios-api'
import type { Store } from '../store/index'
import { jsonReport, junitReport } from './scenarios/reporters/index'
import { labSend } from './scenarios/lab-send'
import type { RequestRunner } from './runner'
import { appendStep, stepFromExchange } from './scenario-from-exchange'
import { createScenarioRuns } from './scenario-runs'

export interface ScenariosHandlerDeps {
  store: Store
  runner: RequestRunner
  /** The embedded server's base URL, null when it is not listening. */
  embeddedBaseUrl: () => string | null
  emit: <E extends 'scenarios.changed' | 'scenarios.progress'>(event: E, payload: LabEvents[E]) => void
}

/** The definition, validated; a LabError with every problem by path otherwise. */
function checked(input: unknown): ScenarioInput {
  const result = validateScenario(input)
  if (!result.ok)
    throw new LabError('validation', 'the scenario was not saved: fix the problems listed', result.problems)
  // Stored as given (the file's own form), as JSON: nothing but JSON values reach the database.
  return JSON.parse(JSON.stringify(input)) as ScenarioInput
}

function copyName(name: string, taken: (n: string) => boolean): string {
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? `${name} (copy)` : `${name} (copy ${i})`
    if (!taken(candidate)) return candidate
  }
}

export function createScenariosHandlers(deps: ScenariosHandlerDeps): LabAreaHandlers<'scenarios'> {
  const { store } = deps
  const changed = (...names: string[]) => deps.emit('scenarios.changed', { names })
  const exists = (name: string) => store.scenarios.get(name) !== null
  const runs = createScenarioRuns({
    scenarios: () => store.scenarios.list(),
    send: labSend(deps),
    embeddedBaseUrl: deps.embeddedBaseUrl,
    progress: (event) => deps.emit('scenarios.progress', event),
  })

  function save(definition: ScenarioInput, previousName?: string): StoredScenario {
    const previous = previousName ?? definition.name
    if (previous !== definition.name && exists(definition.name))
      throw new LabError('conflict', `a scenario named "${definition.name}" already exists`)
    if (previousName !== undefined && !exists(previousName))
      throw new LabError('not_found', `no scenario named "${previousName}"`)
    const saved = store.scenarios.save(definition, previous)
    changed(...new Set([previous, definition.name]))
    return saved
  }

  return {
    async 'scenarios.list'() {
      return { items: store.scenarios.list() }
    },
    async 'scenarios.save'({ scenario, previousName }) {
      return save(checked(scenario), previousName)
    },
    async 'scenarios.delete'({ name }) {
      if (!store.scenarios.delete(name)) throw new LabError('not_found', `no scenario named "${name}"`)
      changed(name)
      return { deleted: true }
    },
    async 'scenarios.duplicate'({ name, newName }) {
      const source = store.scenarios.get(name)
      if (!source) throw new LabError('not_found', `no scenario named "${name}"`)
      const target = newName ?? copyName(name, exists)
      if (exists(target)) throw new LabError('conflict', `a scenario named "${target}" already exists`)
      return save(checked({ ...source.definition, name: target }))
    },
    async 'scenarios.fromExchange'({ exchangeId, into, stepName }) {
      // The stored copy: masked, so no credential can reach the step even by mistake.
      const exchange = store.exchanges.get(exchangeId)
      if (!exchange) throw new LabError('not_found', `no exchange "${exchangeId}"`)
      const { step, variables } = stepFromExchange(exchange, stepName)
      if (!into) return { step, variables }
      if (into.kind === 'new') {
        if (exists(into.name)) throw new LabError('conflict', `a scenario named "${into.name}" already exists`)
        return { step, variables, scenario: save(checked({ name: into.name, steps: [step] })) }
      }
      const current = store.scenarios.get(into.name)
      if (!current) throw new LabError('not_found', `no scenario named "${into.name}"`)
      const definition = { ...current.definition, steps: appendStep(current.definition.steps, step) }
      return { step, variables, scenario: save(checked(definition)) }
    },
    async 'scenarios.run'(input) {
      return runs.start(input)
    },
    async 'scenarios.result'({ runId }) {
      return runs.get(runId)
    },
    async 'scenarios.export'({ runId, format }) {
      const run = runs.get(runId)
      if (!run.result || run.status === 'running')
        throw new LabError('conflict', 'the run has not finished yet: export its results when it has')
      const stamp = run.startedAt.replace(/[:.]/g, '-')
      return format === 'junit'
        ? { fileName: `ropc-lab-results-${stamp}.xml`, mimeType: 'application/xml', text: junitReport(run.result) }
        : { fileName: `ropc-lab-results-${stamp}.json`, mimeType: 'application/json', text: jsonReport(run.result) }
    },
  }
}
