// The migration report for the Migration screen: the model, loaded when the screen opens or is
// refreshed, and its text in a format for Export (computed by the lab, never in the page).
import type { LabClient } from '../transport/lab-client'
import type { ReportSlice, SliceCreator } from './types'

export const createReportSlice =
  (client: LabClient): SliceCreator<ReportSlice> =>
  (set) => {
    // A newer load makes an older answer stale.
    let generation = 0
    return {
      report: null,
      reportLoading: false,
      reportProblem: null,
      async loadReport() {
        const mine = ++generation
        set({ reportLoading: true, reportProblem: null })
        try {
          const report = await client.call('report.get', {})
          if (mine === generation) set({ report })
        } catch (err) {
          if (mine === generation) set({ reportProblem: err instanceof Error ? err.message : String(err) })
        } finally {
          if (mine === generation) set({ reportLoading: false })
        }
      },
      renderReport: (format) => client.call('report.render', { format }),
    }
  }
