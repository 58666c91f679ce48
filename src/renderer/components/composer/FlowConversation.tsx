// A way-out flow as one conversation (way-out.md): its exchanges in order — authorize → sign-in →
// token for the code flow, challenge → challenge → token for the challenge — each one click away in
// the Inspector. The lab lists the requests it sent itself; the browser's requests to the
// authorization endpoint are the server's own exchanges of the same client since the flow began.
import { useShallow } from 'zustand/react/shallow'
import type { ExchangeSummary } from '../../../shared/exchange'
import { ENDPOINT_PATHS, endpointPath } from '../../../shared/wire'
import { conversationOf } from '../../lib/flow-conversation'
import { useLab } from '../../store'

const STEP_NAMES: Record<string, string> = {
  [ENDPOINT_PATHS.authorize]: 'authorize',
  [ENDPOINT_PATHS.challenge]: 'challenge',
  [ENDPOINT_PATHS.token]: 'token',
}

function stepName(e: Pick<ExchangeSummary, 'endpoint' | 'method'>): string {
  const path = endpointPath(e.endpoint)
  const name = STEP_NAMES[path] ?? path
  // The sign-in page's form posts back to the authorization endpoint.
  return name === 'authorize' && e.method === 'POST' ? 'sign-in' : name
}

/** The steps as buttons, each opening its exchange in the Inspector. */
function Steps({ rows, label }: { rows: readonly ExchangeSummary[]; label: string }) {
  const openExchange = useLab((s) => s.openExchange)
  const selectedId = useLab((s) => s.selectedId)
  return (
    <ol className="flow-conversation" aria-label={label}>
      {rows.map((e) => (
        <li key={e.id}>
          <button
            type="button"
            className={e.id === selectedId ? 'selected' : ''}
            aria-current={e.id === selectedId ? 'true' : undefined}
            onClick={() => void openExchange(e.id)}
          >
            <strong>{stepName(e)}</strong> <span className="mono">{e.method}</span>{' '}
            <span className={e.status >= 400 ? 'badge warn' : 'badge'}>{e.status}</span>
            {e.error ? <span className="mono"> {e.error}</span> : null}
          </button>
        </li>
      ))}
    </ol>
  )
}

/** In the Inspector: the whole flow the shown exchange belongs to, from the log. */
export function InspectorConversation({ exchange }: { exchange: Pick<ExchangeSummary, 'id' | 'flow' | 'clientId'> }) {
  const rows = useLab(useShallow((s) => conversationOf(exchange, s.historyItems)))
  if (rows.length < 2) return null
  return <Steps rows={rows} label="This flow" />
}

export interface FlowConversationProps {
  /** The exchanges the lab sent for the flow, in order. */
  exchangeIds: readonly string[]
  clientId: string
  /** When the flow began (ISO 8601): the browser's requests of the same client from then on belong to it. */
  since?: string
}

export function FlowConversation({ exchangeIds, clientId, since }: FlowConversationProps) {
  const rows = useLab(
    useShallow((s) => {
      const own = s.historyItems.filter((e) => exchangeIds.includes(e.id))
      const browser =
        since === undefined
          ? []
          : s.historyItems.filter(
              (e) =>
                e.clientId === clientId &&
                e.at >= since &&
                !exchangeIds.includes(e.id) &&
                e.endpoint.includes(ENDPOINT_PATHS.authorize),
            )
      return [...own, ...browser].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    }),
  )
  if (rows.length === 0) return null
  return <Steps rows={rows} label="Flow conversation" />
}
