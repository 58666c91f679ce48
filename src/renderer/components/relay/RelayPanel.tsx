// "Relay to a real server": the lab as a recording proxy in front of the person's real token
// server (Keycloak, Curity, …). Point the legacy client at the address shown; each request is relayed
// unchanged and recorded with findings on both sides (History, source "proxy").
import { useEffect, useState } from 'react'
import { useLab } from '../../store'
import { CopyButton } from '../common/Buttons'
import { Field } from '../common/Field'

export function RelayPanel() {
  const relay = useLab((s) => s.relay)
  const busy = useLab((s) => s.relayBusy)
  const problem = useLab((s) => s.relayProblem)
  const loadRelay = useLab((s) => s.loadRelay)
  const startRelay = useLab((s) => s.startRelay)
  const stopRelay = useLab((s) => s.stopRelay)
  const [upstream, setUpstream] = useState('')
  const [ca, setCa] = useState('')
  useEffect(() => {
    void loadRelay()
  }, [loadRelay])

  return (
    <section className="relay-panel" aria-labelledby="relay-heading">
      <h2 id="relay-heading">Relay to a real server</h2>
      <p className="muted">
        The lab listens on loopback and relays each request unchanged to your server (the endpoints come from its RFC
        8414 metadata, or give its token endpoint URL), then returns the real answer. Every exchange shows in History as
        source <em>proxy</em>, with what the client did wrong and what the server answered wrong.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void startRelay({ upstream: upstream.trim(), port: 0, ...(ca.trim() ? { upstreamCa: ca } : {}) })
        }}
      >
        <Field label="Upstream URL" hint="A base URL such as https://idp.example/realms/demo, or a token endpoint URL">
          {(control) => (
            <input
              {...control}
              type="url"
              required
              value={upstream}
              placeholder="https://idp.example/realms/demo"
              onChange={(e) => setUpstream(e.target.value)}
            />
          )}
        </Field>
        <Field label="Trust this CA (PEM, optional)" hint="For an https upstream with a private certificate">
          {(control) => <textarea {...control} rows={3} value={ca} onChange={(e) => setCa(e.target.value)} />}
        </Field>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || upstream.trim() === ''}>
            {relay?.running ? 'Restart relay' : 'Start relay'}
          </button>
          {relay?.running ? (
            <button type="button" disabled={busy} onClick={() => void stopRelay()}>
              Stop relay
            </button>
          ) : null}
        </div>
      </form>
      {problem ? (
        <p className="problem-inline" role="alert">
          {problem}
        </p>
      ) : null}
      {relay?.running ? (
        <div role="status" aria-label="Relay status" className="relay-running">
          <p>
            Relaying <span className="mono">{relay.listeningOn}</span> → <span className="mono">{relay.upstream}</span>
          </p>
          {relay.note ? <p className="muted">{relay.note}</p> : null}
          <table className="relay-endpoints">
            <thead>
              <tr>
                <th scope="col">Endpoint</th>
                <th scope="col">Point the client at</th>
                <th scope="col">
                  <span className="visually-hidden">Copy</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {relay.endpoints.map((e) => (
                <tr key={e.path}>
                  <td>{e.endpoint}</td>
                  <td className="mono">{`${relay.listeningOn}${e.path}`}</td>
                  <td>
                    <CopyButton text={`${relay.listeningOn}${e.path}`} label={`Copy ${e.endpoint} URL`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  )
}
