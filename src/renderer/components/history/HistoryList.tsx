// Up to retention-many rows (10,000 by default): only the visible ones are in the DOM.
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useEffect, useRef } from 'react'
import type { ExchangeSummary } from '../../../shared/exchange'
import { ORIGIN_LABELS } from '../../lib/history-filter'
import { statusClass } from '../../lib/response-body'
import { formatClock } from '../../lib/time'
import { useLab } from '../../store'

export const HISTORY_ROW_HEIGHT = 52

// Memoized: scrolling re-renders the list, and rows whose props did not change stay as they are.
const HistoryRow = memo(function HistoryRow({
  summary,
  selected,
  pinned,
}: {
  summary: ExchangeSummary
  selected: boolean
  pinned: boolean
}) {
  const openExchange = useLab((s) => s.openExchange)
  const togglePin = useLab((s) => s.togglePin)
  const openSaveAsStep = useLab((s) => s.openSaveAsStep)
  const s = summary
  const details = [
    ORIGIN_LABELS[s.origin].row,
    s.grantType,
    s.clientId ? `client ${s.clientId}` : '',
    s.username ? `user ${s.username}` : '',
    `${s.durationMs.toFixed(0)} ms`,
    s.findingCount ? `${s.findingCount} finding${s.findingCount > 1 ? 's' : ''}` : '',
  ].filter(Boolean)
  return (
    <div className={`history-row${selected ? ' selected' : ''}`}>
      <button
        type="button"
        className="history-open"
        aria-current={selected ? 'true' : undefined}
        title={`${s.status} ${s.endpoint}${s.error ? ` ${s.error}` : ''} · ${details.join(' · ')}`}
        onClick={() => void openExchange(s.id)}
      >
        <span className="line">
          <span className={`status-badge status-${statusClass(s.status)}`}>{s.status}</span>
          <span className="mono endpoint">{s.endpoint}</span>
          {s.error ? <span className="error-code">{s.error}</span> : null}
          <span className="muted push">{formatClock(s.at)}</span>
        </span>
        <span className="line details muted">
          <span>{ORIGIN_LABELS[s.origin].row}</span>
          {s.grantType ? <span>{s.grantType}</span> : null}
          {s.clientId ? <span>client {s.clientId}</span> : null}
          {s.username ? <span>user {s.username}</span> : null}
          <span>{s.durationMs.toFixed(0)} ms</span>
          {s.findingCount ? (
            <span className="warn">
              {s.findingCount} finding{s.findingCount > 1 ? 's' : ''}
            </span>
          ) : null}
        </span>
      </button>
      <button
        type="button"
        className="pin"
        aria-pressed={pinned}
        title="Pin for compare"
        aria-label="Pin for compare"
        onClick={() => togglePin(s.id)}
      >
        {pinned ? '★' : '☆'}
      </button>
      <button
        type="button"
        className="save-step"
        title="Save as step"
        aria-label="Save as step"
        onClick={() => void openExchange(s.id).then(() => openSaveAsStep(s.id))}
      >
        +
      </button>
    </div>
  )
})

export function HistoryList() {
  const items = useLab((s) => s.historyItems)
  const selectedId = useLab((s) => s.selectedId)
  const pinned = useLab((s) => s.pinned)
  const loadMore = useLab((s) => s.loadMoreHistory)
  const scrollRef = useRef<HTMLDivElement>(null)
  // The rule is about the React Compiler's memoization, which this app does not use.
  // oxlint-disable-next-line react/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => HISTORY_ROW_HEIGHT,
    overscan: 8,
    getItemKey: (i) => items[i]?.id ?? i,
  })
  const rows = virtualizer.getVirtualItems()
  const lastIndex = rows.length ? rows[rows.length - 1].index : -1

  // The next page is fetched when the end comes into view.
  useEffect(() => {
    if (lastIndex >= items.length - 20) void loadMore()
  }, [lastIndex, items.length, loadMore])

  return (
    <div ref={scrollRef} className="history-scroll" tabIndex={-1}>
      <ul aria-label="Exchanges" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {rows.map((row) => {
          const summary = items[row.index]
          return (
            <li
              key={row.key}
              aria-setsize={items.length}
              aria-posinset={row.index + 1}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: row.size,
                transform: `translateY(${row.start}px)`,
              }}
            >
              <HistoryRow summary={summary} selected={summary.id === selectedId} pinned={pinned.includes(summary.id)} />
            </li>
          )
        })}
      </ul>
    </div>
  )
}
