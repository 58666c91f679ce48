import type { KeyboardEvent } from 'react'
import { demoClientSecret } from '../../../shared/demo-secrets'
import type { ClientView } from '../../../shared/model'
import { embeddedTokenUrl, type ComposerAuthMethod } from '../../lib/composer-request'
import { useLab } from '../../store'
import { Checkbox, Field, ProblemList } from '../common/Field'
import { ChallengeFlowPanel } from './ChallengeFlowPanel'
import { CodeFlowPanel } from './CodeFlowPanel'
import { ExtraParams } from './ExtraParams'
import { FlowPicker } from './FlowPicker'
import { OwnerCredentialInputs } from './OwnerCredentialInputs'
import { RawPreview } from './RawPreview'

const NO_CLIENTS: ClientView[] = []

function TargetField() {
  const target = useLab((s) => s.draft.target)
  const setDraft = useLab((s) => s.setDraft)
  const embedded = embeddedTokenUrl(useLab((s) => s.serverStatus?.baseUrl ?? null))
  return (
    <Field label="Token endpoint" hint={target.kind === 'embedded' ? 'The embedded server' : 'Any token endpoint URL'}>
      {(p) => (
        <div className="input-with-button">
          <input
            {...p}
            type="url"
            className="mono"
            placeholder="http://127.0.0.1:8443/oauth/v2/oauth-token"
            value={target.kind === 'embedded' ? embedded : target.url}
            onChange={(e) =>
              setDraft({
                target:
                  e.target.value === embedded && embedded ? { kind: 'embedded' } : { kind: 'url', url: e.target.value },
              })
            }
          />
          {target.kind === 'url' ? (
            <button type="button" onClick={() => setDraft({ target: { kind: 'embedded' } })}>
              Use embedded server
            </button>
          ) : null}
        </div>
      )}
    </Field>
  )
}

/** Which secret the chosen client needs, in the user's words, with the demo one offered where it applies. */
function SecretHint({ client }: { client: ClientView | undefined }) {
  const secret = useLab((s) => s.draft.clientSecret)
  const authMethod = useLab((s) => s.draft.authMethod)
  const setDraft = useLab((s) => s.setDraft)
  if (authMethod === 'none') return <>A public client sends no secret (RFC 6749 §2.1)</>
  if (!client || client.public) return <>Kept in memory for this session only</>
  const demo = demoClientSecret(client.clientId)
  if (demo && secret === demo) {
    return (
      <>
        The demo secret of <code>{client.clientId}</code> (README); if you reset it, type the new one
      </>
    )
  }
  if (secret) return <>Kept in memory for this session only</>
  return (
    <>
      <code>{client.clientId}</code> is confidential: type the secret shown when it was created or reset
      {demo ? (
        <>
          {' '}
          or{' '}
          <button type="button" className="link-button" onClick={() => setDraft({ clientSecret: demo })}>
            use the demo secret
          </button>
        </>
      ) : null}
    </>
  )
}

function ClientFields() {
  const draft = useLab((s) => s.draft)
  const setDraft = useLab((s) => s.setDraft)
  const pickClient = useLab((s) => s.pickClient)
  const clients = useLab((s) => s.workspace?.clients ?? NO_CLIENTS)
  const client = clients.find((c) => c.clientId === draft.clientId)
  const picked = client ? draft.clientId : ''
  return (
    <fieldset>
      <legend>Client</legend>
      <Field label="Workspace client" hint="Fills the fields below; or type them.">
        {(p) => (
          <select {...p} value={picked} onChange={(e) => pickClient(e.target.value)}>
            <option value="">(typed below)</option>
            {clients.map((c) => (
              <option key={c.clientId} value={c.clientId}>
                {c.clientId} ({c.public ? 'public' : 'confidential'})
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="field-row">
        <Field label="Client ID">
          {(p) => (
            <input
              {...p}
              className="mono"
              autoComplete="off"
              value={draft.clientId}
              onChange={(e) => setDraft({ clientId: e.target.value })}
            />
          )}
        </Field>
        <Field label="Client secret" hint={<SecretHint client={client} />}>
          {(p) => (
            <input
              {...p}
              className="mono"
              autoComplete="off"
              disabled={draft.authMethod === 'none'}
              value={draft.clientSecret}
              onChange={(e) => setDraft({ clientSecret: e.target.value })}
            />
          )}
        </Field>
      </div>
      <Field label="Client authentication">
        {(p) => (
          <select
            {...p}
            value={draft.authMethod}
            onChange={(e) => setDraft({ authMethod: e.target.value as ComposerAuthMethod })}
          >
            <option value="basic">Basic (client_secret_basic)</option>
            <option value="body">Body (client_secret_post)</option>
            <option value="none">None (public client)</option>
          </select>
        )}
      </Field>
      {draft.authMethod === 'basic' ? (
        <Checkbox
          label="Form-encode Basic credentials (RFC 6749 §2.3.1)"
          hint="Off reproduces clients such as curl -u that skip it."
          checked={draft.formEncodeBasic}
          onChange={(formEncodeBasic) => setDraft({ formEncodeBasic })}
        />
      ) : null}
    </fieldset>
  )
}

function OwnerFields() {
  const hidePassword = useLab((s) => s.hidePassword)
  const setHidePassword = useLab((s) => s.setHidePassword)
  return (
    <fieldset>
      <legend>Resource owner (RFC 6749 §4.3.2)</legend>
      <OwnerCredentialInputs />
      <Checkbox label="Hide password" checked={hidePassword} onChange={setHidePassword} />
      <ScopeField />
    </fieldset>
  )
}

function ScopeField() {
  const scope = useLab((s) => s.draft.scope)
  const setDraft = useLab((s) => s.setDraft)
  return (
    <Field label="Scope" hint="Space-separated; empty: the client's default scopes (RFC 6749 §3.3)">
      {(p) => <input {...p} className="mono" value={scope} onChange={(e) => setDraft({ scope: e.target.value })} />}
    </Field>
  )
}

/** The flows the lab runs itself (the code flow, the challenge): their own steps instead of Send. */
function WayOutComposer({ flow }: { flow: 'authorization_code' | 'authorization_challenge' }) {
  return (
    <section className="composer" aria-label="Composer">
      <div className="composer-form">
        <FlowPicker />
        <ClientFields />
        <ScopeField />
        {flow === 'authorization_code' ? <CodeFlowPanel /> : <ChallengeFlowPanel />}
      </div>
    </section>
  )
}

export function ComposerPanel() {
  const send = useLab((s) => s.send)
  const sending = useLab((s) => s.sending)
  const sendProblem = useLab((s) => s.sendProblem)
  const flow = useLab((s) => s.draft.flow ?? 'password')
  if (flow === 'authorization_code' || flow === 'authorization_challenge') return <WayOutComposer flow={flow} />
  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault()
      void send()
    }
  }
  return (
    <section className="composer" aria-label="Composer">
      <form
        onKeyDown={onKeyDown}
        onSubmit={(e) => {
          e.preventDefault()
          void send()
        }}
      >
        <FlowPicker />
        <TargetField />
        <ClientFields />
        {flow === 'client_credentials' ? <ScopeField /> : <OwnerFields />}
        <ExtraParams />
        <div className="actions sticky-actions">
          <button type="submit" className="primary" aria-busy={sending} disabled={sending}>
            Send
          </button>
          <kbd className="muted" aria-hidden="true">
            Ctrl/⌘ + Enter
          </kbd>
        </div>
        <ProblemList problems={sendProblem ? [sendProblem] : []} title="Not sent" />
      </form>
      <RawPreview />
    </section>
  )
}
