// "What this client did wrong": for each client id in the exchange log, the count of each client
// finding, first and last seen, and one click to those exchanges in History.
import { useId, useState } from 'react'
import { EXCHANGE_ORIGINS, type ExchangeOrigin } from '../../../shared/exchange'
import type { ClientFindingCount, FindingsSummary } from '../../../shared/lab-api'
import { lookupFinding } from '../../../shared/findings'
import { formatClock, formatLocalTime } from '../../lib/time'
import { useNow } from '../../lib/use-now'
import { ORIGIN_LABELS } from '../../lib/history-filter'
import { useLab } from '../../store'
import { Checkbox, Field } from '../common/Field'

type ClientSummary = FindingsSummary['clients'][number]

const NO_CLIENT = 'No client id'

/** Whose doing the findings of an origin are: only `external` requests are the client's own. */
const ORIGIN_NOTE: Record<ExchangeOrigin, string> = {
  external: 'its own requests',
  composer: 'sent from the composer with its id',
  scenario: 'sent by scenarios and the conformance pack with its id: deliberate, not the client’s doing',
  proxy: 'relayed by the proxy',
}
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** Today's times as the clock, older ones with their day: a table row stays on one line. */
function When({ iso, now }: { iso: string; now: number }) {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return <time dateTime={iso}>{iso}</time>
  const today = d.toDateString() === new Date(now).toDateString()
  const text = today
    ? formatClock(iso)
    : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
  return (
    <time dateTime={iso} title={formatLocalTime(d.getTime())}>
      {text}
    </time>
  )
}

function FindingRow({
  client: { clientId, origin },
  finding,
  now,
}: {
  client: ClientSummary
  finding: ClientFindingCount
  now: number
}) {
  const showFindingExchanges = useLab((s) => s.showFindingExchanges)
  const definition = lookupFinding(finding.code)
  const who = clientId === null ? 'without a client id' : `of ${clientId}`
  return (
    <tr className={`severity-${definition?.severity ?? 'info'}`}>
      <th scope="row">
        <span className="finding-title">{definition?.title ?? finding.code}</span>{' '}
        <code className="muted">{finding.code}</code>
        {definition ? <div className="rfc">{definition.rfc}</div> : null}
      </th>
      <td>
        <span className="badge">{definition?.severity ?? 'unknown'}</span>
      </td>
      <td className="count-cell">{finding.count}</td>
      <td>
        <When iso={finding.firstAt} now={now} />
      </td>
      <td>
        <When iso={finding.lastAt} now={now} />
      </td>
      <td>
        <button
          type="button"
          aria-label={`Show ${plural(finding.count, 'exchange')} ${who} with ${finding.code}`}
          onClick={() => showFindingExchanges(clientId, finding.code, origin)}
        >
          Show {plural(finding.count, 'exchange')}
        </button>
      </td>
    </tr>
  )
}

function ClientCard({ client, withInfo, now }: { client: ClientSummary; withInfo: boolean; now: number }) {
  const headingId = useId()
  const label = client.clientId ?? NO_CLIENT
  const shown = client.findings.filter((f) => withInfo || (lookupFinding(f.code)?.severity ?? 'warning') !== 'info')
  return (
    <section className="sub-panel client-findings" aria-labelledby={headingId}>
      <div className="section-head">
        <h3 id={headingId}>
          {client.clientId === null ? <em>{NO_CLIENT}</em> : <code>{label}</code>}
          {/* A client's own requests are the plain reading; any other origin is named in the heading. */}
          {client.origin === 'external' ? null : (
            <>
              {' '}
              <span className={`badge origin-${client.origin}`}>{ORIGIN_LABELS[client.origin].row}</span>
            </>
          )}
        </h3>
        <span className="muted">
          <span>{plural(client.exchanges, 'exchange')}</span> · {ORIGIN_NOTE[client.origin]}
          {client.clientId === null ? ' that named no client (History shows every client for these codes)' : ''}
        </span>
      </div>
      {shown.length === 0 ? (
        <p className="muted">
          {client.findings.length === 0 ? 'No finding.' : 'Nothing above info.'}{' '}
          {client.findings.length === 0 || withInfo ? '' : `(${plural(client.findings.length, 'info finding')} hidden)`}
        </p>
      ) : (
        <table className="headers client-findings-table">
          <caption className="visually-hidden">Findings of {label}</caption>
          <thead>
            <tr>
              <th scope="col">Finding</th>
              <th scope="col">Severity</th>
              <th scope="col">Exchanges</th>
              <th scope="col">First seen</th>
              <th scope="col">Last seen</th>
              <th scope="col">
                <span className="visually-hidden">Open in History</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((f) => (
              <FindingRow key={f.code} client={client} finding={f} now={now} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

export function ClientFindings() {
  const summary = useLab((s) => s.findingsSummary)
  const loading = useLab((s) => s.findingsLoading)
  const load = useLab((s) => s.loadFindingsSummary)
  const origin = useLab((s) => s.findingsOrigin)
  const setOrigin = useLab((s) => s.setFindingsOrigin)
  const [withInfo, setWithInfo] = useState(false)
  const now = useNow(60_000)
  return (
    <section className="client-findings-list" aria-label="Findings by client">
      <div className="history-bar findings-bar">
        <Field label="Origin">
          {(p) => (
            <select {...p} value={origin} onChange={(e) => void setOrigin(e.target.value as typeof origin)}>
              <option value="">Every origin</option>
              {EXCHANGE_ORIGINS.map((o) => (
                <option key={o} value={o}>
                  {ORIGIN_LABELS[o].filter}
                </option>
              ))}
            </select>
          )}
        </Field>
        <span role="status" aria-live="polite">
          {loading && !summary
            ? 'Loading…'
            : summary
              ? plural(new Set(summary.clients.map((c) => c.clientId)).size, 'client')
              : ''}
        </span>
        <Checkbox
          label="Show info findings (cautions every password grant carries)"
          checked={withInfo}
          onChange={setWithInfo}
        />
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {summary && summary.clients.length === 0 ? (
        origin ? (
          <p className="muted placeholder">
            No exchange of this origin ({ORIGIN_LABELS[origin].filter}).{' '}
            <button type="button" className="link-button" onClick={() => void setOrigin('')}>
              Show every origin
            </button>
          </p>
        ) : (
          <p className="muted placeholder">
            No exchanges yet. Send one from the Composer, or point a client at the server.
          </p>
        )
      ) : null}
      {summary?.clients.map((c) => (
        <ClientCard key={`${c.origin} ${c.clientId ?? '\u0000none'}`} client={c} withInfo={withInfo} now={now} />
      ))}
    </section>
  )
}
