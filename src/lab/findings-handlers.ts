// The Findings view's per-client summary: "what this client did wrong", counted by SQL over the
// exchange log (each exchange's findings are a JSON array: json_each). The catalogue itself is
// shared/findings and needs no call.
import type { LabAreaHandlers } from '../shared/lab-api'
import type { Store } from '../store/index'

/** As stored (toISOString): an instant given with an offset is compared in UTC like every `at`. */
function utc(instant: string | undefined): string | undefined {
  return instant === undefined ? undefined : new Date(instant).toISOString()
}

export function createFindingsHandlers(deps: { store: Store }): LabAreaHandlers<'findings'> {
  return {
    async 'findings.summary'({ from, to, origin }) {
      return deps.store.exchanges.findingsByClient({ from: utc(from), to: utc(to) }, origin)
    },
  }
}
