// One fault rule: what it matches, when it fires, what the server does instead — each field with the
// shared schema's messages under it — and what the embedded server says of it now (left, fired).
import { FAULT_EFFECT_TYPES, FAULT_ENDPOINTS, type FaultEffectType } from '../../../shared/fault-rules'
import { isActiveFault, type FaultRuleStatus } from '../../../shared/faults-api'
import { Checkbox, Field, ProblemList } from '../common/Field'
import { ProblemClaims, type FaultRuleDraft, type TriggerKind } from './fault-draft'

const EFFECT_LABELS: Record<FaultEffectType, string> = {
  error: 'OAuth error answer',
  delay: 'Delay, then the normal answer',
  body: 'Raw answer (HTML page, broken JSON)',
  drop: 'Drop the connection',
  ttl: 'Token lifetimes',
  clock: 'Skewed clock in tokens',
}

const TRIGGER_LABELS: Record<TriggerKind, string> = {
  times: 'The next N requests',
  percent: 'A share of requests (seeded)',
  always: 'Every request',
}

/** What the server holds for this rule: "2 left · fired 1×", "spent (0 left) · fired 2×", "paused". */
export function ruleStatusText(status: FaultRuleStatus | undefined): string {
  if (!status) return 'not saved yet'
  const parts = [
    !status.enabled ? 'paused' : status.remaining === 0 ? 'spent (0 left)' : status.remaining === null ? 'active' : '',
    status.remaining !== null && status.remaining > 0 ? `${status.remaining} left` : '',
    `fired ${status.fired}×`,
  ]
  return parts.filter(Boolean).join(' · ')
}

interface Props {
  index: number
  count: number
  draft: FaultRuleDraft
  /** The lab's rule of the same name, as last saved. */
  status: FaultRuleStatus | undefined
  problems: readonly string[]
  onChange(patch: Partial<FaultRuleDraft>): void
  onMove(by: -1 | 1): void
  onRemove(): void
}

export function FaultRuleEditor({ index, count, draft: d, status, problems, onChange, onMove, onRemove }: Props) {
  const at = (p: string) => `faults[${index}].${p}`
  // Every message is claimed by the field it names before anything renders; the rest shows on top.
  const claims = new ProblemClaims(problems)
  const e = {
    name: claims.claim(at('name')),
    endpoint: claims.claim(at('match.endpoint')),
    clientId: claims.claim(at('match.clientId')),
    username: claims.claim(at('match.username')),
    grantType: claims.claim(at('match.grantType')),
    times: claims.claim(at('trigger.times')),
    percent: claims.claim(at('trigger.percent')),
    seed: claims.claim(at('trigger.seed')),
    trigger: claims.claim(at('trigger'), true),
    type: claims.claim(at('effect.type')),
    status: claims.claim(at('effect.status')),
    error: claims.claim(at('effect.error')),
    description: claims.claim(at('effect.description')),
    headers: claims.claim(at('effect.headers'), true),
    ms: claims.claim(at('effect.ms')),
    contentType: claims.claim(at('effect.contentType')),
    body: claims.claim(at('effect.body')),
    accessTokenTtl: claims.claim(at('effect.accessTokenTtl')),
    refreshTokenTtl: claims.claim(at('effect.refreshTokenTtl')),
    skewSeconds: claims.claim(at('effect.skewSeconds')),
    effect: claims.claim(at('effect'), true),
  }
  const leftover = claims.rest()
  const input = (key: keyof FaultRuleDraft, label: string, hint?: string, mono = false) => (
    <Field label={label} hint={hint} errors={e[key as keyof typeof e] ?? []}>
      {(p) => (
        <input
          {...p}
          className={mono ? 'mono' : undefined}
          spellCheck={false}
          value={d[key] as string}
          onChange={(ev) => onChange({ [key]: ev.target.value })}
        />
      )}
    </Field>
  )
  const spent = status !== undefined && !isActiveFault(status)
  const label = `Rule ${index + 1}: ${d.name || '(no name)'}`
  return (
    <fieldset className={`fault-rule${spent ? ' fault-rule-idle' : ''}`} aria-label={label}>
      <legend>
        {label}{' '}
        <span className={`badge${status && isActiveFault(status) ? ' warn' : ''}`} aria-label="Rule status">
          {ruleStatusText(status)}
        </span>
      </legend>
      <ProblemList problems={leftover} />
      <div className="field-row">
        {input('name', 'Name', 'Named in the trace of each exchange it faults')}
        <Checkbox
          label="Enabled"
          asSwitch
          checked={d.enabled}
          onChange={(enabled) => onChange({ enabled })}
          hint="Off pauses the rule"
        />
      </div>
      <div className="field-row">
        <Field label="Endpoint" errors={e.endpoint}>
          {(p) => (
            <select
              {...p}
              value={d.endpoint}
              onChange={(ev) => onChange({ endpoint: ev.target.value as FaultRuleDraft['endpoint'] })}
            >
              <option value="">Any</option>
              {FAULT_ENDPOINTS.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {input('clientId', 'Client ID', 'Empty: any client', true)}
        {input('username', 'Username', 'Empty: any user')}
        {input('grantType', 'Grant type', 'Empty: any grant', true)}
      </div>
      <div className="field-row">
        <Field label="Trigger" errors={e.trigger}>
          {(p) => (
            <select {...p} value={d.trigger} onChange={(ev) => onChange({ trigger: ev.target.value as TriggerKind })}>
              {(Object.keys(TRIGGER_LABELS) as TriggerKind[]).map((t) => (
                <option key={t} value={t}>
                  {TRIGGER_LABELS[t]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {d.trigger === 'times' ? input('times', 'Times', 'Then the rule is spent; it stays listed with 0 left') : null}
        {d.trigger === 'percent' ? input('percent', 'Percent', 'More than 0, at most 100') : null}
        {d.trigger === 'percent' ? input('seed', 'Seed', 'The same seed gives the same hits') : null}
      </div>
      <div className="field-row">
        <Field label="Effect" errors={[...e.type, ...e.effect]}>
          {(p) => (
            <select {...p} value={d.effect} onChange={(ev) => onChange({ effect: ev.target.value as FaultEffectType })}>
              {FAULT_EFFECT_TYPES.map((t) => (
                <option key={t} value={t}>
                  {EFFECT_LABELS[t]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {d.effect === 'error' || d.effect === 'body' ? input('status', 'HTTP status') : null}
        {d.effect === 'error' ? input('error', 'error', 'RFC 6749 §5.2 error code', true) : null}
        {d.effect === 'error' ? input('description', 'error_description', 'Optional') : null}
        {d.effect === 'body' ? input('contentType', 'Content-Type', undefined, true) : null}
        {d.effect === 'delay' ? input('ms', 'Delay (ms)') : null}
        {d.effect === 'ttl' ? input('accessTokenTtl', 'Access token lifetime (s)', 'Empty: as usual') : null}
        {d.effect === 'ttl' ? input('refreshTokenTtl', 'Refresh token lifetime (s)', 'Empty: as usual') : null}
        {d.effect === 'clock' ? input('skewSeconds', 'Clock skew (s)', 'Negative: the clock is behind') : null}
      </div>
      {d.effect === 'body' ? (
        <Field label="Body" errors={e.body}>
          {(p) => (
            <textarea
              {...p}
              className="mono"
              rows={3}
              value={d.body}
              onChange={(ev) => onChange({ body: ev.target.value })}
            />
          )}
        </Field>
      ) : null}
      {d.effect === 'error' || d.effect === 'body' ? (
        <Field label="Headers" hint="One per line: Retry-After: 5" errors={e.headers}>
          {(p) => (
            <textarea
              {...p}
              className="mono"
              rows={2}
              spellCheck={false}
              value={d.headers}
              onChange={(ev) => onChange({ headers: ev.target.value })}
            />
          )}
        </Field>
      ) : null}
      <div className="actions">
        <button type="button" disabled={index === 0} onClick={() => onMove(-1)}>
          Move up
        </button>
        <button type="button" disabled={index === count - 1} onClick={() => onMove(1)}>
          Move down
        </button>
        <button type="button" className="danger-outline" onClick={onRemove}>
          Remove rule
        </button>
      </div>
    </fieldset>
  )
}
