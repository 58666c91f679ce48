import { EMPTY_FILTER, isFiltered } from '../../lib/history-filter'
import { useLab } from '../../store'
import { ConfirmButton } from '../common/Buttons'
import { ProblemList } from '../common/Field'
import { Inspector } from '../inspector/Inspector'
import { ExportHarButton } from './ExportHarButton'
import { HistoryFilters } from './HistoryFilters'
import { HistoryList } from './HistoryList'

export function HistoryScreen() {
  const shown = useLab((s) => s.historyItems.length)
  const total = useLab((s) => s.historyTotal)
  const loading = useLab((s) => s.historyLoading)
  const problem = useLab((s) => s.historyProblem)
  const clearHistory = useLab((s) => s.clearHistory)
  const filtered = useLab((s) => isFiltered(s.historyFilter))
  const setFilter = useLab((s) => s.setHistoryFilter)
  const setScreen = useLab((s) => s.setScreen)
  return (
    <div className="split">
      <section className="history" aria-label="History">
        <HistoryFilters />
        <div className="history-bar">
          <span role="status" aria-live="polite">
            {loading && shown === 0
              ? 'Loading…'
              : `${total} exchange${total === 1 ? '' : 's'}${shown < total ? ` (${shown} loaded)` : ''}`}
          </span>
          <ExportHarButton />
          <ConfirmButton
            label="Clear history"
            question="Delete every recorded exchange?"
            confirmLabel="Confirm clear"
            className="danger-outline"
            onConfirm={() => clearHistory()}
          />
        </div>
        <ProblemList problems={problem ? [problem] : []} />
        {total === 0 && !loading ? (
          filtered ? (
            <p className="muted history-empty">
              No exchange matches these filters.{' '}
              <button type="button" className="link-button" onClick={() => setFilter(EMPTY_FILTER)}>
                Clear filters
              </button>
            </p>
          ) : (
            <p className="muted history-empty">
              No exchanges yet.{' '}
              <button type="button" className="link-button" onClick={() => setScreen('composer')}>
                Send one from the Composer
              </button>
              , or point a client at the embedded server.
            </p>
          )
        ) : (
          <HistoryList />
        )}
      </section>
      <Inspector />
    </div>
  )
}
