// The server's side of the exchange: each decision step in order, and the RFC deviations
// noticed in it — in what the client sent (side "client") or in what a server answered (side
// "server"). Title, fix and why come from the findings catalogue; the message is this occurrence's.
import { useId } from 'react'
import type { Finding, FindingSide, TraceOutcome, TraceStep } from '../../../shared/exchange'
import { lookupFinding } from '../../../shared/findings/catalogue'

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

const SIDE_HINT: Record<FindingSide, string> = {
  client: 'What the request did wrong',
  server: 'What the answer did wrong',
}

function FindingItem({ finding }: { finding: Finding }) {
  // Exchanges stored before findings had a side, or raised by a newer version, may carry a code
  // the catalogue does not know: they still show, with their own message and RFC section.
  const definition = lookupFinding(finding.code)
  const side: FindingSide = (finding as Partial<Finding>).side ?? definition?.side ?? 'client'
  return (
    <li className={`finding severity-${finding.severity} side-${side}`}>
      <div className="finding-head">
        <span className="side-label" title={SIDE_HINT[side]}>
          {side}
          <span className="visually-hidden"> finding ({SIDE_HINT[side].toLowerCase()}):</span>
        </span>{' '}
        <span className="badge">{finding.severity}</span>{' '}
        <strong className="finding-title">{definition?.title ?? finding.code}</strong>
      </div>
      <p className="finding-message">{finding.message}</p>
      <p className="finding-source">
        <span className="rfc">{finding.rfc}</span> <code className="muted">{finding.code}</code>
      </p>
      {definition ? (
        <>
          <p className="finding-fix">
            <strong>Fix:</strong> {definition.fix}
          </p>
          <details className="finding-why">
            <summary>Why it matters</summary>
            {definition.why}
          </details>
        </>
      ) : null}
    </li>
  )
}

export function Findings({ findings }: { findings: readonly Finding[] }) {
  const findingsId = useId()
  return (
    <section className="findings" aria-labelledby={findingsId}>
      <h4 id={findingsId}>Findings</h4>
      {findings.length === 0 ? (
        <p className="muted">No RFC deviation noticed in this exchange.</p>
      ) : (
        <ul aria-label="Findings list">
          {findings.map((f, i) => (
            <FindingItem key={`${f.code}-${i}`} finding={f} />
          ))}
        </ul>
      )}
    </section>
  )
}
