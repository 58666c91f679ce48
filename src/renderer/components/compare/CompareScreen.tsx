// Pinned exchanges in columns; rows where the columns disagree are marked (≠ and a
// "differs" text for screen readers) so the one decisive difference stands out.
import { Fragment, useEffect, useMemo, useState } from 'react'
import type { Exchange } from '../../../shared/exchange'
import { buildComparison, shorten, type CompareRow } from '../../lib/compare-rows'
import { statusClass } from '../../lib/response-body'
import { formatClock } from '../../lib/time'
import { useLab } from '../../store'
import { Checkbox } from '../common/Field'

function usePinnedExchanges(): { exchanges: Exchange[]; missing: number } {
  const pinned = useLab((s) => s.pinned)
  const cache = useLab((s) => s.exchanges)
  const ensureExchange = useLab((s) => s.ensureExchange)
  useEffect(() => {
    for (const id of pinned) void ensureExchange(id)
  }, [pinned, ensureExchange])
  return useMemo(() => {
    const exchanges = pinned.map((id) => cache[id]).filter((e): e is Exchange => !!e)
    return { exchanges, missing: pinned.length - exchanges.length }
  }, [pinned, cache])
}

function ColumnHead({ exchange, index }: { exchange: Exchange; index: number }) {
  const unpin = useLab((s) => s.unpin)
  const openExchange = useLab((s) => s.openExchange)
  const setScreen = useLab((s) => s.setScreen)
  return (
    <th scope="col" className={`compare-col-${index % 4}`}>
      <div className="compare-head">
        <span className="compare-index">#{index + 1}</span>
        <span className={`status-badge status-${statusClass(exchange.status)}`}>{exchange.status}</span>
        <span className="muted">{formatClock(exchange.at)}</span>
      </div>
      <div className="compare-endpoint">
        {exchange.method} {exchange.endpoint}
      </div>
      <div className="muted">{[exchange.clientId, exchange.username, exchange.error].filter(Boolean).join(' · ')}</div>
      <div className="actions">
        <button
          type="button"
          onClick={() => {
            void openExchange(exchange.id)
            setScreen('history')
          }}
        >
          Open #{index + 1}
        </button>
        <button type="button" onClick={() => unpin(exchange.id)}>
          Unpin #{index + 1}
        </button>
      </div>
    </th>
  )
}

function CompareTableRow({ row }: { row: CompareRow }) {
  return (
    <tr className={row.differs ? 'differs' : undefined} data-differs={row.differs ? 'true' : 'false'}>
      <th scope="row">
        {row.differs ? (
          <span className="differs-mark" aria-hidden="true">
            ≠{' '}
          </span>
        ) : null}
        <code>{row.label}</code>
        {row.differs ? <span className="visually-hidden"> (differs)</span> : null}
      </th>
      {row.values.map((v, i) => (
        <td key={i} className="mono" title={v}>
          {v === undefined ? <span className="muted">—</span> : shorten(v, 80)}
        </td>
      ))}
    </tr>
  )
}

export function CompareScreen() {
  const { exchanges, missing } = usePinnedExchanges()
  const clearPins = useLab((s) => s.clearPins)
  const [onlyDifferences, setOnlyDifferences] = useState(false)
  const rows = useMemo(() => buildComparison(exchanges), [exchanges])
  const shownRows = onlyDifferences ? rows.filter((r) => r.differs) : rows
  const sections = [...new Set(shownRows.map((r) => r.section))]

  if (exchanges.length + missing < 2) {
    return (
      <section className="compare" aria-label="Compare">
        <h2>Compare</h2>
        <p className="placeholder">
          Pin two or more exchanges with <strong>Pin for compare</strong> (in the inspector or in History) to see them
          side by side here. {exchanges.length === 1 ? 'One is pinned so far.' : ''}
        </p>
      </section>
    )
  }
  return (
    <section className="compare" aria-label="Compare">
      <div className="section-head">
        <h2>Compare</h2>
        <Checkbox label="Only differences" checked={onlyDifferences} onChange={setOnlyDifferences} />
        <button type="button" onClick={clearPins}>
          Unpin all
        </button>
      </div>
      {missing ? <p className="muted">Loading {missing} pinned exchange(s)…</p> : null}
      <div className="compare-scroll">
        <table className="compare-table">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Field</span>
              </th>
              {exchanges.map((e, i) => (
                <ColumnHead key={e.id} exchange={e} index={i} />
              ))}
            </tr>
          </thead>
          <tbody>
            {sections.map((section) => (
              <Fragment key={section}>
                <tr className="compare-section">
                  <th scope="rowgroup" colSpan={exchanges.length + 1}>
                    {section}
                  </th>
                </tr>
                {shownRows
                  .filter((r) => r.section === section)
                  .map((r) => (
                    <CompareTableRow key={`${section}-${r.label}`} row={r} />
                  ))}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
