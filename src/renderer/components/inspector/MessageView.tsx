// The raw HTTP of the exchange: the response, and the request that was sent (stored with the
// password and secrets masked; "Reveal" fetches the unmasked body kept in memory).
import { useId } from 'react'
import type { Exchange } from '../../../shared/exchange'
import { formatRecordedRequest, prettyBody } from '../../lib/response-body'
import { useLab } from '../../store'

const REASONS: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

export function statusText(status: number): string {
  return `${status} ${REASONS[status] ?? ''}`.trim()
}

/** What an empty body means, so an empty box never looks like something went missing. */
function emptyBodyText(exchange: Exchange): string {
  // RFC 7009 §2.2: the revocation endpoint answers 200 with no body, whether or not the token was valid.
  if (exchange.status === 200 && /revoke|revocation/i.test(exchange.endpoint)) {
    return '(empty body — 200 OK is the RFC 7009 answer: the token is revoked, or was never valid)'
  }
  return `(empty body — ${statusText(exchange.status)})`
}

export function ResponseView({ exchange }: { exchange: Exchange }) {
  const responseId = useId()
  const { response } = exchange
  return (
    <section className="response-view" aria-labelledby={responseId}>
      <h4 id={responseId}>Response</h4>
      <table className="headers">
        <caption className="visually-hidden">Response headers</caption>
        <tbody>
          {response.headers.map(([k, v], i) => (
            <tr key={`${k}-${i}`}>
              <th scope="row">{k}</th>
              <td className="mono">{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <pre
        className={response.body === '' ? 'wire wire-empty' : 'wire'}
        role="region"
        tabIndex={0}
        aria-label="Response body"
      >
        {response.body === '' ? emptyBodyText(exchange) : prettyBody(response.body)}
      </pre>
    </section>
  )
}

export function RequestView({ exchange }: { exchange: Exchange }) {
  const requestId = useId()
  const revealed = useLab((s) => s.revealed[exchange.id]?.request)
  const toggleReveal = useLab((s) => s.toggleReveal)
  const request = revealed ?? exchange.request
  return (
    <section className="request-view" aria-labelledby={requestId}>
      <div className="section-head">
        <h4 id={requestId}>Request sent</h4>
        <button type="button" aria-pressed={!!revealed} onClick={() => void toggleReveal(exchange.id)}>
          {revealed ? 'Hide' : 'Reveal'}
        </button>
      </div>
      <pre className="wire" role="region" tabIndex={0} aria-label="Raw request sent">
        {formatRecordedRequest(request)}
      </pre>
    </section>
  )
}
