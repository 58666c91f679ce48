// The server's side of the exchange: each decision step in order, and the RFC deviations it
// noticed in what the client sent.
import { useId } from 'react'
import type { Finding, TraceOutcome, TraceStep } from '../../../shared/exchange'

const OUTCOME_ICON: Record<TraceOutcome, string> = { ok: '✓', fail: '✗', info: 'ℹ', skip: '↷' }

export function DecisionTrace({ trace }: { trace: readonly TraceStep[] }) {
  const traceId = useId()
  return (
    <section className="trace" aria-labelledby={traceId}>
      <h4 id={traceId}>Decision trace</h4>
      {trace.length === 0 ? (
        <p className="muted">No server trace: the request did not reach the embedded server, or it recorded none.</p>
      ) : (
        <ol aria-label="Decision trace steps">
          {trace.map((s, i) => (
            <li key={`${s.step}-${i}`} className={`trace-step outcome-${s.outcome}`}>
              <span className="outcome-icon" aria-hidden="true">
                {OUTCOME_ICON[s.outcome]}
              </span>
              <span className="visually-hidden">{s.outcome}: </span>
              <code className="step-id">{s.step}</code>
              <span className="step-detail">{s.detail}</span>
              {s.ms !== undefined ? <span className="step-ms">{s.ms.toFixed(s.ms < 10 ? 1 : 0)} ms</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

export function Findings({ findings }: { findings: readonly Finding[] }) {
  const findingsId = useId()
  return (
    <section className="findings" aria-labelledby={findingsId}>
      <h4 id={findingsId}>Findings</h4>
      {findings.length === 0 ? (
        <p className="muted">No RFC deviation noticed in this request.</p>
      ) : (
        <ul>
          {findings.map((f, i) => (
            <li key={`${f.code}-${i}`} className={`finding severity-${f.severity}`}>
              <span className="badge">{f.severity}</span> <span className="rfc">{f.rfc}</span> {f.message}{' '}
              <code className="muted">{f.code}</code>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
