// What a follow-up (refresh, introspect, revoke) got back, shown under the exchange it came from: the
// Inspector stays where the user was, the new exchange is one click away.
import { readResponse, statusClass } from '../../lib/response-body'
import { useLab } from '../../store'
import type { FollowUp } from '../../store/types'
import { ClaimsTable } from './ClaimsTable'
import { statusText } from './MessageView'

const DONE: Record<FollowUp, string> = {
  refresh: 'Refresh (RFC 6749 §6)',
  introspect: 'Introspect (RFC 7662)',
  revoke: 'Revoke (RFC 7009)',
}

export function FollowUpResult({ forId }: { forId: string }) {
  const result = useLab((s) => (s.followUpResult?.forId === forId ? s.followUpResult : null))
  const sent = useLab((s) => (result ? s.exchanges[result.exchangeId] : undefined))
  const openExchange = useLab((s) => s.openExchange)
  if (!result || !sent) return null
  const meaning = readResponse(sent)
  return (
    <section className="follow-up-result" aria-label="Follow-up result">
      <p>
        <strong>{DONE[result.kind]}</strong>{' '}
        <span className={`status-badge status-${statusClass(sent.status)}`}>{statusText(sent.status)}</span>{' '}
        {meaning.error ? <span className="error-code">{meaning.error}</span> : null}{' '}
        <button type="button" className="link-button" onClick={() => void openExchange(sent.id)}>
          Open that exchange
        </button>
      </p>
      {meaning.introspection ? <ClaimsTable claims={meaning.introspection} caption="Introspection answer" /> : null}
    </section>
  )
}
