import { useEffect } from 'react'
import { useLab } from '../store'
import { FaultsBadge } from './faults/FaultsBadge'
import { RelayBadge } from './relay/RelayBadge'

export function ServerStatusBar() {
  const status = useLab((s) => s.serverStatus)
  const problem = useLab((s) => s.startupProblem)
  const followFaults = useLab((s) => s.followFaults)
  // The status bar is always shown, so it is what keeps the fault counts live for every screen.
  useEffect(() => followFaults(), [followFaults])
  return (
    <footer className="status-bar" aria-label="Server status">
      {status?.running && status.baseUrl ? (
        <span role="status">
          <span className="dot ok" aria-hidden="true" /> Embedded server on{' '}
          <span className="mono">{status.baseUrl}</span>
          {status.issuer && status.issuer !== status.baseUrl ? (
            <>
              {' '}
              · issuer <span className="mono">{status.issuer}</span>
            </>
          ) : null}
        </span>
      ) : (
        <span role="status">
          <span className="dot off" aria-hidden="true" />{' '}
          {status ? 'Embedded server not running' : 'Connecting to the lab…'}
        </span>
      )}
      <FaultsBadge />
      <RelayBadge />
      {status?.note ? <span className="note">{status.note}</span> : null}
      {problem ? (
        <span className="problem-inline" role="alert">
          {problem}
        </span>
      ) : null}
    </footer>
  )
}
