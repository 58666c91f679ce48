// The fault rule schema (workspace-format.md "Faults"): the documented forms parse with their defaults,
// and a bad list is refused whole with every problem by JSON path.
import { describe, expect, it } from 'vitest'
import { faultRulesSchema, parseFaultRules, type FaultRule } from '../../src/shared/fault-rules'

// The example of docs/workspace-format.md "Faults", verbatim.
const EXAMPLE = `[
  { "name": "token endpoint overloaded", "match": { "endpoint": "token", "clientId": "legacy" },
    "trigger": { "times": 2 },
    "effect": { "type": "error", "status": 503, "error": "temporarily_unavailable", "headers": { "Retry-After": "5" } } },
  { "name": "short-lived tokens", "match": { "clientId": "legacy" }, "trigger": { "always": true },
    "effect": { "type": "ttl", "accessTokenTtl": 5, "refreshTokenTtl": 30 } }
]`

function ok(input: unknown): FaultRule[] {
  const r = parseFaultRules(input)
  if (!r.ok) throw new Error(r.problems.join('\n'))
  return r.rules
}
function problems(input: unknown): string[] {
  const r = parseFaultRules(input)
  if (r.ok) throw new Error('expected the rules to be refused')
  return r.problems
}
const rule = (extra: Record<string, unknown>) => ({
  name: 'r',
  trigger: { always: true },
  effect: { type: 'drop' },
  ...extra,
})
const effect = (e: Record<string, unknown>) => [rule({ effect: e })]
const trigger = (t: unknown) => [rule({ trigger: t })]

describe('fault rules: the documented forms', () => {
  it('reads the example of workspace-format.md, with "enabled" defaulting to true', () => {
    expect(ok(JSON.parse(EXAMPLE))).toEqual([
      {
        name: 'token endpoint overloaded',
        enabled: true,
        match: { endpoint: 'token', clientId: 'legacy' },
        trigger: { times: 2 },
        effect: { type: 'error', status: 503, error: 'temporarily_unavailable', headers: { 'Retry-After': '5' } },
      },
      {
        name: 'short-lived tokens',
        enabled: true,
        match: { clientId: 'legacy' },
        trigger: { always: true },
        effect: { type: 'ttl', accessTokenTtl: 5, refreshTokenTtl: 30 },
      },
    ])
  })

  it('defaults "match" to {} (every request)', () => {
    expect(ok([rule({})])[0]!.match).toEqual({})
  })

  it('reads every match key', () => {
    const match = { endpoint: 'revoke', clientId: 'legacy:app', username: 'ünïcode user', grantType: 'refresh_token' }
    expect(ok([rule({ match })])[0]!.match).toEqual(match)
  })

  it('reads an extension grant type (RFC 6749 §4.5: an absolute URI)', () => {
    const grantType = 'urn:ietf:params:oauth:grant-type:jwt-bearer'
    expect(ok([rule({ match: { grantType } })])[0]!.match.grantType).toBe(grantType)
  })

  it('reads every trigger form', () => {
    expect(ok(trigger({ times: 3 }))[0]!.trigger).toEqual({ times: 3 })
    expect(ok(trigger({ percent: 12.5, seed: 42 }))[0]!.trigger).toEqual({ percent: 12.5, seed: 42 })
    expect(ok(trigger({ always: true }))[0]!.trigger).toEqual({ always: true })
  })

  it('reads every effect type', () => {
    const effects = [
      { type: 'error', status: 400, error: 'invalid_grant', description: 'The password is wrong.' },
      { type: 'delay', ms: 1500 },
      {
        type: 'body',
        status: 502,
        contentType: 'text/html',
        body: '<h1>Bad Gateway</h1>',
        headers: { 'X-Proxy': 'y' },
      },
      { type: 'body', status: 200, contentType: 'application/json', body: '{"access_token":"abc' },
      { type: 'drop' },
      { type: 'ttl', accessTokenTtl: 5 },
      { type: 'ttl', refreshTokenTtl: 30 },
      { type: 'clock', skewSeconds: -600 },
    ]
    for (const e of effects) expect(ok(effect(e))[0]!.effect).toEqual(e)
  })

  it('keeps a disabled rule', () => {
    expect(ok([rule({ enabled: false })])[0]!.enabled).toBe(false)
  })

  it('accepts an empty list', () => {
    expect(ok([])).toEqual([])
  })

  it('is a zod schema the workspace file can embed (paths relative to the list)', () => {
    const r = faultRulesSchema.safeParse([rule({ trigger: { times: 0 } })])
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]?.path).toEqual([0, 'trigger', 'times'])
  })
})

describe('fault rules: problems by JSON path', () => {
  it('says what is wrong with a trigger at its own path', () => {
    expect(problems(trigger({ times: 0 }))).toEqual([
      'faults[0].trigger.times: must be an integer between 1 and 1000000',
    ])
    expect(problems(trigger({ times: 1.5 }))).toEqual([
      'faults[0].trigger.times: must be an integer between 1 and 1000000',
    ])
    expect(problems(trigger({ percent: 0, seed: 1 }))).toEqual([
      'faults[0].trigger.percent: must be more than 0 and at most 100',
    ])
    expect(problems(trigger({ percent: 101, seed: 1 }))).toEqual([
      'faults[0].trigger.percent: must be more than 0 and at most 100',
    ])
    expect(problems(trigger({ percent: 30 }))[0]).toMatch(/^faults\[0\]\.trigger\.seed: required with "percent"/)
    expect(problems(trigger({ percent: 30, seed: -1 }))).toEqual([
      'faults[0].trigger.seed: must be an integer between 0 and 4294967295',
    ])
    expect(problems(trigger({ times: 2, seed: 1 }))).toEqual(['faults[0].trigger.seed: goes with "percent" only'])
    expect(problems(trigger({ always: false }))).toEqual([
      'faults[0].trigger.always: must be true (to pause a rule, set "enabled": false)',
    ])
  })

  it('names the forms when a trigger has none or several', () => {
    const forms = '{ "times": N }, { "percent": P, "seed": S } or { "always": true }'
    expect(problems(trigger({}))).toEqual([`faults[0].trigger: expected one of ${forms}`])
    expect(problems(trigger({ times: 2, always: true }))).toEqual([`faults[0].trigger: give one form only: ${forms}`])
    expect(problems(trigger('always'))).toEqual(['faults[0].trigger: expected a JSON object, got the string "always"'])
    expect(problems([{ name: 'r', effect: { type: 'drop' } }])).toEqual(['faults[0].trigger: required'])
  })

  it('names an unknown effect type and the known ones', () => {
    expect(problems(effect({ type: 'eror' }))).toEqual([
      'faults[0].effect.type: unknown effect type "eror" (expected error, delay, body, drop, ttl or clock)',
    ])
    expect(problems(effect({}))).toEqual(['faults[0].effect.type: required (error, delay, body, drop, ttl or clock)'])
    expect(problems([rule({ effect: 'drop' })])).toEqual([
      'faults[0].effect: expected a JSON object with a "type", got the string "drop"',
    ])
  })

  it('checks the fields of each effect', () => {
    expect(problems(effect({ type: 'error', status: 200, error: 'x' }))).toEqual([
      'faults[0].effect.status: must be an integer between 400 and 599',
    ])
    expect(problems(effect({ type: 'error', status: 400, error: 'bad"code', description: 'back\\slash' }))).toEqual([
      'faults[0].effect.error: printable ASCII without " or \\ (RFC 6749 §5.2)',
      'faults[0].effect.description: printable ASCII without " or \\ (RFC 6749 §5.2)',
    ])
    expect(problems(effect({ type: 'error', status: 503 }))).toEqual(['faults[0].effect.error: required'])
    expect(problems(effect({ type: 'delay', ms: 0 }))).toEqual([
      'faults[0].effect.ms: must be an integer between 1 and 300000',
    ])
    expect(problems(effect({ type: 'body', status: 204, contentType: 'text/plain', body: '' }))).toEqual([
      'faults[0].effect.status: a 204 or 304 answer carries no body',
    ])
    expect(problems(effect({ type: 'body', status: 500, contentType: 'text/html' }))).toEqual([
      'faults[0].effect.body: required',
    ])
    expect(problems(effect({ type: 'ttl' }))).toEqual([
      'faults[0].effect: give "accessTokenTtl", "refreshTokenTtl" or both',
    ])
    expect(problems(effect({ type: 'ttl', accessTokenTtl: 0 }))).toEqual([
      'faults[0].effect.accessTokenTtl: must be an integer between 1 and 31536000',
    ])
    expect(problems(effect({ type: 'clock', skewSeconds: 0 }))).toEqual([
      'faults[0].effect.skewSeconds: must not be 0 (0 is the right clock)',
    ])
    expect(problems(effect({ type: 'drop', ms: 5 }))).toEqual(['faults[0].effect: unknown key "ms"'])
  })

  it('refuses headers that are not valid or that would break the framing of the answer', () => {
    const headers = {
      'Content-Length': '5',
      'transfer-encoding': 'chunked',
      'bad name': 'x',
      'X-N': 5,
      'X-CRLF': 'a\r\nb',
    }
    expect(problems(effect({ type: 'error', status: 503, error: 'temporarily_unavailable', headers }))).toEqual([
      'faults[0].effect.headers["Content-Length"]: set by the server for the framing; a fault cannot set it',
      'faults[0].effect.headers["transfer-encoding"]: set by the server for the framing; a fault cannot set it',
      'faults[0].effect.headers["bad name"]: not a valid header name (RFC 9110 §5.1)',
      'faults[0].effect.headers["X-N"]: expected a string, got the number 5',
      'faults[0].effect.headers["X-CRLF"]: a header value is printable ASCII on one line',
    ])
  })

  it('checks every match key', () => {
    const match = { endpoint: 'tokn', clientId: 'é', username: 'a\nb', grantType: 'pasword', scope: 'read' }
    expect(problems([rule({ match })])).toEqual([
      'faults[0].match.endpoint: unknown endpoint "tokn" (expected token, introspect, revoke, metadata or jwks)',
      'faults[0].match.clientId: printable ASCII only (RFC 6749 Appendix A)',
      'faults[0].match.username: must be on one line, without control characters',
      'faults[0].match.grantType: unknown grant type "pasword" (expected password, refresh_token, client_credentials or authorization_code, or an absolute URI for an extension grant, RFC 6749 §4.5)',
      'faults[0].match: unknown key "scope"',
    ])
  })

  it('requires a name, and unique names (the trace names the rule that fired)', () => {
    expect(problems([{ trigger: { always: true }, effect: { type: 'drop' } }])).toEqual(['faults[0].name: required'])
    expect(problems([rule({ name: '' })])).toEqual(['faults[0].name: must not be empty'])
    expect(problems([rule({ name: 'a' }), rule({ name: 'b' }), rule({ name: 'a' })])).toEqual([
      'faults[2].name: duplicate rule name "a" (also the name of [0])',
    ])
  })

  it('refuses the list whole and lists every problem, in every rule, at once', () => {
    const list = [null, rule({ name: 'fine' }), rule({ name: 'fine', enabled: 'yes', trigger: { times: -1 } }), 7]
    expect(problems(list)).toEqual([
      'faults[0]: expected a JSON object, got null',
      'faults[2].enabled: expected true or false, got the string "yes"',
      'faults[2].trigger.times: must be an integer between 1 and 1000000',
      'faults[3]: expected a JSON object, got the number 7',
      'faults[2].name: duplicate rule name "fine" (also the name of [1])',
    ])
  })

  it('says what it expected when the list is not a list, under the root it is given', () => {
    expect(problems({ name: 'r' })).toEqual(['faults: expected an array of fault rules, got an object'])
    expect(parseFaultRules('x', 'rules')).toEqual({
      ok: false,
      problems: ['rules: expected an array of fault rules, got the string "x"'],
    })
  })
})
