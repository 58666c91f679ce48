// Authorization code with PKCE from the composer (RFC 6749 §4.1, RFC 7636, way-out.md): the lab makes
// the verifier and state and opens a loopback callback (RFC 8252 §7.3); the sign-in page opens in the
// browser (in Electron the window-open handler passes it, checked, to the system browser); the lab
// catches the redirect, checks state and iss (RFC 9207) and redeems the code. The page only watches.
import { useEffect, useRef, useState } from 'react'
import type { AuthorizationCodeStart, WayOutFlowView } from '../../../shared/way-out-api'
import { useLab } from '../../store'
import { ProblemList } from '../common/Field'
import { FlowConversation } from './FlowConversation'
import { wayOutAuth } from './way-out-auth'
import { CODE_FLOW_POLL_LIMIT } from '../../../shared/limits'

/** How often, and for how long, the page asks the lab where the flow is (the callback waits as long). */
const POLL_MS = 1000
const POLL_LIMIT = CODE_FLOW_POLL_LIMIT

const STATUS_WORDS: Record<WayOutFlowView['status'], string> = {
  waiting: 'Waiting for the sign-in in the browser…',
  code_received: 'The redirect came back with a code: redeeming it with the verifier…',
  redeemed: 'Signed in: the code was redeemed for tokens.',
  failed: 'The flow failed.',
}

export function CodeFlowPanel() {
  const draft = useLab((s) => s.draft)
  const wayOut = useLab((s) => s.wayOut)
  const showExchange = useLab((s) => s.showExchange)
  const [start, setStart] = useState<(AuthorizationCodeStart & { since: string }) | null>(null)
  const [view, setView] = useState<WayOutFlowView | null>(null)
  const [problem, setProblem] = useState('')
  const [busy, setBusy] = useState(false)
  const shown = useRef<string | null>(null)

  useEffect(() => {
    if (start === null) return
    let polls = 0
    const timer = setInterval(() => {
      if (++polls > POLL_LIMIT) return clearInterval(timer)
      wayOut('wayOut.flowStatus', { flowId: start.flowId }).then(
        (v) => {
          setView(v)
          if (v.status === 'redeemed' || v.status === 'failed') clearInterval(timer)
          if (v.token && shown.current !== v.token.id) {
            shown.current = v.token.id
            showExchange(v.token)
          }
        },
        (err: unknown) => {
          clearInterval(timer)
          setProblem(err instanceof Error ? err.message : String(err))
        },
      )
    }, POLL_MS)
    return () => clearInterval(timer)
  }, [start, wayOut, showExchange])

  async function begin() {
    setBusy(true)
    setProblem('')
    setView(null)
    try {
      const since = new Date().toISOString()
      const started = await wayOut('wayOut.startAuthorizationCode', wayOutAuth(draft))
      setStart({ ...started, since })
      window.open(started.authorizationUrl, '_blank', 'noopener,noreferrer')
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <fieldset className="way-out-flow" aria-label="Authorization code with PKCE">
      <legend>Authorization code with PKCE (RFC 6749 §4.1, RFC 7636)</legend>
      <p className="muted">
        The user types the password on the server’s sign-in page, never into this client. The client needs a loopback
        redirect URI (e.g. http://127.0.0.1/callback) and the authorization_code grant.
      </p>
      <div className="actions">
        <button type="button" className="primary" disabled={busy || !draft.clientId} onClick={() => void begin()}>
          Open sign-in page
        </button>
      </div>
      <ProblemList problems={problem ? [problem] : []} title="Not started" />
      {start ? (
        <div role="status" aria-live="polite" className="way-out-progress">
          <p>
            {STATUS_WORDS[view?.status ?? 'waiting']}
            {view?.error ? <span className="mono"> {view.error}</span> : null}
          </p>
          <p className="muted">
            If no tab opened:{' '}
            <a href={start.authorizationUrl} target="_blank" rel="noopener noreferrer">
              open the sign-in page
            </a>
            . Callback: <code>{start.redirectUri}</code>
          </p>
        </div>
      ) : null}
      {start ? (
        <FlowConversation
          exchangeIds={view?.exchangeIds ?? []}
          clientId={start ? draft.clientId : ''}
          since={start.since}
        />
      ) : null}
    </fieldset>
  )
}
