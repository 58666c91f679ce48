// The migration report as the UI asks for it: the model (`report.get`) for the Migration screen,
// and its text in one of the three formats (`report.render`) for Export. Both read the store at the
// moment of the call: the report is computed by SQL aggregates, never cached.
import type { LabAreaHandlers } from '../shared/lab-api'
import type { Store } from '../store/index'
import { collectMigrationReport, renderReport } from './report/index'

export function createReportHandlers(deps: { store: Store }): LabAreaHandlers<'report'> {
  const { store } = deps
  return {
    async 'report.get'(window) {
      return collectMigrationReport(store, window)
    },
    async 'report.render'({ format, ...window }) {
      return renderReport(collectMigrationReport(store, window), format)
    },
  }
}
