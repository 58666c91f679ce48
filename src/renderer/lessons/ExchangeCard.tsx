// One exchange of the lesson as the lab's log keeps it: the answer, the server's decision trace and
// the findings; Reveal swaps in the unmasked copy, what a careless log would have kept.
import { useId, type ReactNode } from 'react'
import type { Exchange } from '../../shared/exchange'
import { DecisionTrace, Findings } from '../components/inspector/TraceAndFindings'
import { statusText } from '../components/inspector/MessageView'
import { formatRecordedRequest, prettyBody, statusClass } from '../lib/response-body'
import { useLab } from '../store'

export function StatusBadge({ exchange }: { exchange: Pick<Exchange, 'status' | 'error'> }) {
  return (
    <span className={`status-badge status-${statusClass(exchange.status)}`}>
      {statusText(exchange.status)}
      {exchange.error ? ` · ${exchange.error}` : ''}
    </span>
  )
}

/** Reveal / Hide for one lesson exchange (the unmasked copy lives in the lesson lab's memory). */
export function RevealButton({ id, label = 'Reveal' }: { id: string; label?: string }) {
  const revealed = useLab((s) => !!s.lessonRevealed[id])
  const toggle = useLab((s) => s.toggleLessonReveal)
  return (
    <button type="button" aria-pressed={revealed} onClick={() => void toggle(id)}>
      {revealed ? 'Hide' : label}
    </button>
  )
}

export function ExchangeCard({
  exchange,
  title,
  showRequest = false,
  revealable = false,
  traceOpen = false,
  children,
}: {
  exchange: Exchange
  title: string
  /** Show the request as the log keeps it (masked), and with Reveal as sent. */
  showRequest?: boolean
  revealable?: boolean
  /** Open the decision trace and findings from the start (where the trace is the point). */
  traceOpen?: boolean
  children?: ReactNode
}) {
  const headingId = useId()
  const revealed = useLab((s) => s.lessonRevealed[exchange.id])
  const shown = revealed ?? exchange
  return (
    <section className="lesson-exchange" aria-labelledby={headingId}>
      <div className="lesson-exchange-head">
        <h4 id={headingId}>{title}</h4>
        <StatusBadge exchange={exchange} />
        <span className="muted">
          {exchange.clientId ? `client ${exchange.clientId}` : ''}
          {exchange.username ? ` · user ${exchange.username}` : ''} · {exchange.durationMs.toFixed(1)} ms
        </span>
        {revealable ? <RevealButton id={exchange.id} /> : null}
      </div>
      {children}
      {showRequest ? (
        <pre className="wire" aria-label={`${title}: request${revealed ? ' (revealed)' : ''}`}>
          {formatRecordedRequest(shown.request)}
        </pre>
      ) : null}
      <pre className="wire lesson-body" aria-label={`${title}: response${revealed ? ' (revealed)' : ''}`}>
        {prettyBody(shown.response.body)}
      </pre>
      <details className="lesson-details" open={traceOpen}>
        <summary>
          Decision trace ({exchange.trace.length} steps) · findings ({exchange.findings.length})
        </summary>
        <div className="lesson-trace-findings">
          <DecisionTrace trace={exchange.trace} />
          <Findings findings={exchange.findings} />
        </div>
      </details>
    </section>
  )
}
