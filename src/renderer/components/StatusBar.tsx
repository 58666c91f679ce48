import { useLab } from '../store'

export function ServerStatusBar() {
  const status = useLab((s) => s.serverStatus)
  const problem = useLab((s) => s.startupProblem)
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
      {status?.note ? <span className="note">{status.note}</span> : null}
      {problem ? (
        <span className="problem-inline" role="alert">
          {problem}
        </span>
      ) : null}
    </footer>
  )
}
