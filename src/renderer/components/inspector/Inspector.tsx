// What happened in one exchange: the response as received, the token decoded or the error
// explained beside the server's decision trace, and the request as sent.
import { useId } from 'react'
import type { Exchange } from '../../../shared/exchange'
import { InspectorConversation } from '../composer/FlowConversation'
import { readResponse, statusClass } from '../../lib/response-body'
import { formatClock } from '../../lib/time'
import { useLab } from '../../store'
import { ProblemList } from '../common/Field'
import { SaveAsStep } from '../scenarios/SaveAsStep'
import { ClaimsTable } from './ClaimsTable'
import { ErrorExplanation } from './ErrorExplanation'
import { FollowUpResult } from './FollowUpResult'
import { RequestView, ResponseView, statusText } from './MessageView'
import { TokenView } from './TokenView'
import { DecisionTrace, Findings } from './TraceAndFindings'

const SENT_BY: Record<Exchange['origin'], string> = {
  composer: 'sent from the composer',
  scenario: 'sent by a scenario',
  external: 'received from a client',
  proxy: 'relayed by the proxy',
}

function InspectorActions({ exchange }: { exchange: Exchange }) {
  const pinned = useLab((s) => s.pinned.includes(exchange.id))
  const togglePin = useLab((s) => s.togglePin)
  const followUp = useLab((s) => s.followUp)
  const busy = useLab((s) => s.followUpBusy)
  const canGoBack = useLab((s) => s.backStack.length > 0)
  const goBack = useLab((s) => s.goBack)
  const savingAsStep = useLab((s) => s.saveAsStepFor === exchange.id)
  const openSaveAsStep = useLab((s) => s.openSaveAsStep)
  const { accessToken, refreshToken, tokensMasked } = readResponse(exchange)
  // A masked copy would only ever be refused or reported inactive: say so instead of sending it.
  const usable = (token: string | undefined) => token !== undefined && !tokensMasked
  return (
    <div className="actions inspector-actions" role="toolbar" aria-label="Exchange actions">
      {canGoBack ? (
        <button type="button" onClick={goBack}>
          Back
        </button>
      ) : null}
      <button type="button" aria-pressed={pinned} onClick={() => togglePin(exchange.id)}>
        Pin for compare
      </button>
      <button
        type="button"
        disabled={!usable(refreshToken) || busy !== null}
        title="grant_type=refresh_token with the composer's client credentials (RFC 6749 §6)"
        onClick={() => void followUp('refresh', exchange)}
      >
        Refresh
      </button>
      <button
        type="button"
        disabled={!usable(accessToken) || busy !== null}
        title="Ask the embedded server about the access token (RFC 7662)"
        onClick={() => void followUp('introspect', exchange)}
      >
        Introspect
      </button>
      <button
        type="button"
        disabled={(!usable(accessToken) && !usable(refreshToken)) || busy !== null}
        title="Revoke the refresh token, or else the access token (RFC 7009)"
        onClick={() => void followUp('revoke', exchange)}
      >
        Revoke
      </button>
      <button
        type="button"
        aria-pressed={savingAsStep}
        title="Append this request and what came back to a scenario (secrets become variables)"
        onClick={() => openSaveAsStep(savingAsStep ? null : exchange.id)}
      >
        Save as step
      </button>
      {tokensMasked ? (
        <p className="muted">
          Stored copy: tokens are never stored as issued, so these can be read but not used. Send the request again for
          live tokens.
        </p>
      ) : null}
    </div>
  )
}

function ExchangeDetails({ exchange: stored }: { exchange: Exchange }) {
  const introspectionId = useId()
  const savingAsStep = useLab((s) => s.saveAsStepFor === stored.id)
  // Revealed: the response as it came (live tokens, a JWT with its signature), from memory.
  const revealedResponse = useLab((s) => s.revealed[stored.id]?.response)
  const exchange = revealedResponse ? { ...stored, response: revealedResponse } : stored
  const meaning = readResponse(exchange)
  // The summary's error covers bodies that are not JSON (or were not kept).
  const error = meaning.error ?? exchange.error
  return (
    <>
      <div className="exchange-head">
        <span
          className={`status-badge status-${statusClass(exchange.status)}`}
          aria-label={`Status ${exchange.status}`}
        >
          {statusText(exchange.status)}
        </span>
        <span className="mono">
          {exchange.method} {exchange.endpoint}
        </span>
        <span className="muted">
          {SENT_BY[exchange.origin]} at {formatClock(exchange.at)} · {exchange.durationMs.toFixed(0)} ms
          {exchange.hashMs ? ` (bcrypt ${exchange.hashMs.toFixed(0)} ms)` : ''}
        </span>
      </div>
      <InspectorConversation exchange={exchange} />
      <InspectorActions exchange={exchange} />
      <FollowUpResult forId={exchange.id} />
      {savingAsStep ? <SaveAsStep exchangeId={exchange.id} /> : null}
      {error ? (
        <div className="error-beside-trace">
          <ErrorExplanation code={error} description={meaning.errorDescription} grantType={exchange.grantType} />
          <DecisionTrace trace={exchange.trace} />
        </div>
      ) : null}
      {meaning.accessToken ? <TokenView accessToken={meaning.accessToken} exchangeId={exchange.id} /> : null}
      {meaning.introspection ? (
        <section aria-labelledby={introspectionId}>
          <h4 id={introspectionId}>Introspection (RFC 7662 §2.2)</h4>
          <ClaimsTable claims={meaning.introspection} caption="Introspection answer" />
        </section>
      ) : null}
      <ResponseView exchange={exchange} />
      {error ? null : <DecisionTrace trace={exchange.trace} />}
      <Findings findings={exchange.findings} />
      <RequestView exchange={exchange} />
    </>
  )
}

export function Inspector() {
  const selectedId = useLab((s) => s.selectedId)
  const exchange = useLab((s) => (s.selectedId ? s.exchanges[s.selectedId] : undefined))
  const problem = useLab((s) => s.inspectorProblem)
  return (
    <section className="inspector" aria-label="Inspector">
      <h2 className="visually-hidden">Inspector</h2>
      <ProblemList problems={problem ? [problem] : []} />
      {exchange ? (
        <ExchangeDetails exchange={exchange} />
      ) : selectedId ? (
        <p className="muted">Loading the exchange…</p>
      ) : (
        <p className="muted placeholder">Send a request, or open one from History, to see it here.</p>
      )}
    </section>
  )
}
