// The migration report for the Migration screen: the model, loaded when the screen opens or is
// refreshed, and its text in a format for Export (computed by the lab, never in the page).
import { DEFAULT_MOVED_AFTER_DAYS } from '../../shared/migration-report'
import type { LabClient } from '../transport/lab-client'
import type { ReportSlice, SliceCreator } from './types'

/** The default is the lab's too: sent only when changed, so the call reads as before. */
const movedOption = (days: number) => (days === DEFAULT_MOVED_AFTER_DAYS ? {} : { movedAfterDays: days })

export const createReportSlice =
  (client: LabClient): SliceCreator<ReportSlice> =>
  (set, get) => {
    // A newer load makes an older answer stale.
    let generation = 0
    return {
      report: null,
      reportLoading: false,
      reportProblem: null,
      movedAfterDays: DEFAULT_MOVED_AFTER_DAYS,
      setMovedAfterDays: (days) => set({ movedAfterDays: days }),
      async loadReport() {
        const mine = ++generation
        set({ reportLoading: true, reportProblem: null })
        try {
          const report = await client.call('report.get', movedOption(get().movedAfterDays))
          if (mine === generation) set({ report })
        } catch (err) {
          if (mine === generation) set({ reportProblem: err instanceof Error ? err.message : String(err) })
        } finally {
          if (mine === generation) set({ reportLoading: false })
        }
      },
      renderReport: (format) => client.call('report.render', { format, ...movedOption(get().movedAfterDays) }),
    }
  }
