// The fault engine (src/server/faults): every match key, trigger and effect; the seeded `percent`
// trigger is reproducible (same seed ⇒ same hits) and fires about P % of the time (fast-check).
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseFaultRules, type FaultRule } from '../../src/shared/fault-rules'
import {
  applyEffect,
  bodyEffectReply,
  describeDecision,
  EFFECT_APPLIERS,
  errorEffectReply,
  FaultEngine,
  type RequestFacts,
} from '../../src/server/faults/index'
import { FAULT_EFFECT_TYPES, FAULT_EFFECTS } from '../../src/shared/fault-rules'

/** Rules as a file would give them: through the schema, so defaults apply as they will in the lab. */
function rules(...input: Record<string, unknown>[]): FaultRule[] {
  const r = parseFaultRules(
    input.map((x, i) => ({ name: `rule ${i}`, trigger: { always: true }, effect: { type: 'drop' }, ...x })),
  )
  if (!r.ok) throw new Error(r.problems.join('\n'))
  return r.rules
}
const TOKEN: RequestFacts = { endpoint: 'token', clientId: 'legacy', username: 'demo', grantType: 'password' }
const fired = (engine: FaultEngine, facts: RequestFacts = TOKEN): string | null =>
  engine.decide(facts)?.rule.name ?? null

describe('FaultEngine: match', () => {
  it('an empty match fires on every request, whatever the endpoint', () => {
    const engine = new FaultEngine(rules({}))
    for (const endpoint of ['token', 'introspect', 'revoke', 'metadata', 'jwks'] as const)
      expect(fired(engine, { endpoint })).toBe('rule 0')
  })

  it.each([
    ['endpoint', { endpoint: 'token' }, { ...TOKEN, endpoint: 'introspect' as const }],
    ['clientId', { clientId: 'legacy' }, { ...TOKEN, clientId: 'other' }],
    ['username', { username: 'demo' }, { ...TOKEN, username: 'Demo' }],
    ['grantType', { grantType: 'password' }, { ...TOKEN, grantType: 'refresh_token' }],
  ])('%s: fires on an equal value only (case-sensitive)', (key, match, other) => {
    const engine = new FaultEngine(rules({ match }))
    expect(fired(engine, TOKEN)).toBe('rule 0')
    expect(fired(engine, other)).toBeNull()
    // A request that does not say (no client id on /jwks, no username on a refresh) does not match.
    if (key !== 'endpoint') expect(fired(engine, { ...TOKEN, [key]: undefined })).toBeNull()
  })

  it('fires only when every key of the match agrees', () => {
    const engine = new FaultEngine(rules({ match: { endpoint: 'token', clientId: 'legacy', grantType: 'password' } }))
    expect(fired(engine)).toBe('rule 0')
    expect(fired(engine, { ...TOKEN, grantType: 'refresh_token' })).toBeNull()
    expect(fired(engine, { endpoint: 'token', grantType: 'password' })).toBeNull()
  })

  it('never fires a disabled rule', () => {
    const engine = new FaultEngine(rules({ enabled: false }))
    expect(fired(engine)).toBeNull()
    expect(engine.active).toBe(false)
  })

  it('tries rules in order and the first that fires wins (one fault per request)', () => {
    const engine = new FaultEngine(
      rules(
        { name: 'introspect only', match: { endpoint: 'introspect' } },
        { name: 'legacy', match: { clientId: 'legacy' } },
        { name: 'everything' },
      ),
    )
    expect(fired(engine, { endpoint: 'introspect', clientId: 'legacy' })).toBe('introspect only')
    expect(fired(engine)).toBe('legacy')
    expect(fired(engine, { endpoint: 'jwks' })).toBe('everything')
  })

  it('considers ttl and clock rules on the token endpoint only, where tokens are issued', () => {
    const engine = new FaultEngine(
      rules(
        { name: 'short', trigger: { times: 1 }, effect: { type: 'ttl', accessTokenTtl: 5 } },
        { name: 'skewed', effect: { type: 'clock', skewSeconds: 300 } },
      ),
    )
    expect(fired(engine, { endpoint: 'metadata' })).toBeNull()
    expect(fired(engine, { endpoint: 'introspect', clientId: 'legacy' })).toBeNull()
    // The metadata request above did not spend the `times: 1`.
    expect(fired(engine)).toBe('short')
    expect(fired(engine)).toBe('skewed')
  })
})

describe('FaultEngine: triggers', () => {
  it('times: fires on the next N matching requests, then is spent but stays listed with 0 left', () => {
    const engine = new FaultEngine(rules({ name: 'twice', match: { clientId: 'legacy' }, trigger: { times: 2 } }))
    expect(engine.decide({ endpoint: 'token', clientId: 'other' })).toBeNull()
    expect(engine.list()[0]).toMatchObject({ name: 'twice', remaining: 2, fired: 0 })
    expect(engine.decide(TOKEN)?.remaining).toBe(1)
    expect(engine.decide(TOKEN)?.remaining).toBe(0)
    expect(engine.decide(TOKEN)).toBeNull()
    expect(engine.list()).toEqual([
      {
        name: 'twice',
        enabled: true,
        match: { clientId: 'legacy' },
        trigger: { times: 2 },
        effect: { type: 'drop' },
        remaining: 0,
        fired: 2,
      },
    ])
    expect(engine.active).toBe(false)
  })

  it('a spent rule lets the next rule fire', () => {
    const engine = new FaultEngine(rules({ name: 'once', trigger: { times: 1 } }, { name: 'then always' }))
    expect([fired(engine), fired(engine), fired(engine)]).toEqual(['once', 'then always', 'then always'])
  })

  it('always: fires on every matching request and has no count', () => {
    const engine = new FaultEngine(rules({}))
    for (let i = 0; i < 50; i++) expect(engine.decide(TOKEN)?.remaining).toBeNull()
    expect(engine.list()[0]).toMatchObject({ remaining: null, fired: 50 })
    expect(engine.active).toBe(true)
  })

  it('replace() loads new rules and starts every count again', () => {
    const once = rules({ trigger: { times: 1 } })
    const engine = new FaultEngine(once)
    expect(fired(engine)).toBe('rule 0')
    expect(fired(engine)).toBeNull()
    engine.replace(once)
    expect(engine.list()[0]).toMatchObject({ remaining: 1, fired: 0 })
    expect(fired(engine)).toBe('rule 0')
    engine.replace([])
    expect(engine.list()).toEqual([])
    expect(fired(engine)).toBeNull()
  })

  const hits = (engine: FaultEngine, n: number, facts: RequestFacts = TOKEN): boolean[] =>
    Array.from({ length: n }, () => engine.decide(facts) !== null)
  const percentRule = (percent: number, seed: number) => rules({ trigger: { percent, seed } })

  it('percent: the same seed gives the same sequence of hits (fast-check)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 100, noNaN: true }), fc.nat(4_294_967_295), (percent, seed) => {
        const a = hits(new FaultEngine(percentRule(percent, seed)), 300)
        const b = hits(new FaultEngine(percentRule(percent, seed)), 300)
        expect(b).toEqual(a)
      }),
    )
  })

  it('percent: replace() with the same rules replays the same sequence', () => {
    const engine = new FaultEngine(percentRule(40, 7))
    const first = hits(engine, 200)
    engine.replace(percentRule(40, 7))
    expect(hits(engine, 200)).toEqual(first)
  })

  it('percent: requests the rule does not match do not move its sequence (fast-check)', () => {
    fc.assert(
      fc.property(fc.nat(4_294_967_295), fc.array(fc.boolean(), { minLength: 50, maxLength: 200 }), (seed, pattern) => {
        const reference = hits(
          new FaultEngine(rules({ match: { clientId: 'legacy' }, trigger: { percent: 50, seed } })),
          200,
        )
        const engine = new FaultEngine(rules({ match: { clientId: 'legacy' }, trigger: { percent: 50, seed } }))
        const seen: boolean[] = []
        for (const other of pattern) {
          if (other) expect(engine.decide({ ...TOKEN, clientId: 'other' })).toBeNull()
          else seen.push(engine.decide(TOKEN) !== null)
        }
        expect(seen).toEqual(reference.slice(0, seen.length))
      }),
    )
  })

  it('percent: different seeds give different sequences', () => {
    const sequences = new Set([1, 2, 3, 4, 5].map((seed) => hits(new FaultEngine(percentRule(50, seed)), 64).join()))
    expect(sequences.size).toBe(5)
  })

  it('percent: fires on P % of 1,000 decisions, within ±10 percentage points (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.nat(4_294_967_295), (percent, seed) => {
        const share = hits(new FaultEngine(percentRule(percent, seed)), 1000).filter(Boolean).length / 1000
        expect(Math.abs(share - percent / 100)).toBeLessThanOrEqual(0.1)
      }),
    )
  })

  it('percent 100 fires every time; a percent rule that misses lets the next rule fire', () => {
    expect(hits(new FaultEngine(percentRule(100, 3)), 100).every(Boolean)).toBe(true)
    const engine = new FaultEngine(
      rules({ name: 'sometimes', trigger: { percent: 30, seed: 9 } }, { name: 'fallback' }),
    )
    const names = Array.from({ length: 200 }, () => fired(engine))
    expect(names).toContain('sometimes')
    expect(names).toContain('fallback')
    expect(names.every((n) => n === 'sometimes' || n === 'fallback')).toBe(true)
  })
})

describe('FaultEngine: effects and decisions', () => {
  it.each([
    [{ type: 'error', status: 503, error: 'temporarily_unavailable', headers: { 'Retry-After': '5' } }],
    [{ type: 'delay', ms: 250 }],
    [{ type: 'body', status: 502, contentType: 'text/html', body: '<h1>Bad Gateway</h1>' }],
    [{ type: 'drop' }],
    [{ type: 'ttl', accessTokenTtl: 5, refreshTokenTtl: 30 }],
    [{ type: 'clock', skewSeconds: -120 }],
  ])('gives the effect of the rule that fired: %o', (effect) => {
    const engine = new FaultEngine(rules({ name: 'the one', match: { clientId: 'legacy' }, effect }))
    const d = engine.decide(TOKEN)
    expect(d).toMatchObject({ index: 0, effect, remaining: null })
    expect(d?.rule.name).toBe('the one')
  })

  it('describes the decision for the `fault` trace step', () => {
    const engine = new FaultEngine(
      rules({
        name: 'overloaded',
        trigger: { times: 2 },
        effect: { type: 'error', status: 503, error: 'temporarily_unavailable' },
      }),
    )
    expect(describeDecision(engine.decide(TOKEN)!)).toBe(
      'rule "overloaded" fired: error 503 temporarily_unavailable (1 left)',
    )
    const others = new FaultEngine(
      rules(
        { name: 'slow', match: { endpoint: 'jwks' }, effect: { type: 'delay', ms: 800 } },
        { name: 'short', effect: { type: 'ttl', accessTokenTtl: 5 } },
      ),
    )
    expect(describeDecision(others.decide({ endpoint: 'jwks' })!)).toBe('rule "slow" fired: delay 800 ms')
    expect(describeDecision(others.decide(TOKEN)!)).toBe('rule "short" fired: access token lifetime 5 s')
  })
})

describe('fault replies', () => {
  it('an error effect answers with exactly { error, error_description } and Cache-Control: no-store (RFC 6749 §5.2)', () => {
    const reply = errorEffectReply({
      type: 'error',
      status: 503,
      error: 'temporarily_unavailable',
      description: 'Try again later.',
      headers: { 'Retry-After': '5' },
    })
    expect(reply.status).toBe(503)
    expect(JSON.parse(reply.body)).toEqual({ error: 'temporarily_unavailable', error_description: 'Try again later.' })
    expect(reply.headers).toEqual([
      ['Content-Type', 'application/json'],
      ['Cache-Control', 'no-store'],
      ['Pragma', 'no-cache'],
      ['Retry-After', '5'],
    ])
  })

  it('an error effect without a description sends no error_description key', () => {
    const reply = errorEffectReply({ type: 'error', status: 400, error: 'invalid_grant' })
    expect(reply.body).toBe('{"error":"invalid_grant"}')
  })

  it("the rule's headers replace defaults of the same name, in any letter case", () => {
    const reply = errorEffectReply({
      type: 'error',
      status: 401,
      error: 'invalid_client',
      headers: { 'content-type': 'application/problem+json', 'WWW-Authenticate': 'Basic realm="x"' },
    })
    expect(reply.headers).toEqual([
      ['Cache-Control', 'no-store'],
      ['Pragma', 'no-cache'],
      ['content-type', 'application/problem+json'],
      ['WWW-Authenticate', 'Basic realm="x"'],
    ])
  })

  it('a body effect answers with the body and Content-Type exactly as written', () => {
    const reply = bodyEffectReply({ type: 'body', status: 200, contentType: 'application/json', body: '{"access_tok' })
    expect(reply).toEqual({ status: 200, headers: [['Content-Type', 'application/json']], body: '{"access_tok' })
    const page = bodyEffectReply({
      type: 'body',
      status: 503,
      contentType: 'text/html; charset=utf-8',
      body: '<html>Service Unavailable</html>',
      headers: { 'Retry-After': '30' },
    })
    expect(page.headers).toEqual([
      ['Content-Type', 'text/html; charset=utf-8'],
      ['Retry-After', '30'],
    ])
  })

  it('error and body replace the answer; drop closes; delay waits, then the normal answer; ttl and clock change tokens', async () => {
    const waited: number[] = []
    const ctx = { wait: async (ms: number) => void waited.push(ms) }
    const error = await applyEffect({ type: 'error', status: 500, error: 'server_error' }, ctx)
    expect(error.kind === 'reply' && error.reply.status).toBe(500)
    const body = await applyEffect({ type: 'body', status: 502, contentType: 'text/plain', body: 'bad gateway' }, ctx)
    expect(body.kind === 'reply' && body.reply.body).toBe('bad gateway')
    expect(await applyEffect({ type: 'drop' }, ctx)).toEqual({ kind: 'drop' })
    expect(await applyEffect({ type: 'delay', ms: 5 }, ctx)).toEqual({ kind: 'none' })
    expect(waited).toEqual([5])
    expect(await applyEffect({ type: 'ttl', accessTokenTtl: 5 }, ctx)).toEqual({
      kind: 'issue',
      overrides: { accessTokenTtl: 5 },
    })
    expect(await applyEffect({ type: 'clock', skewSeconds: 60 }, ctx)).toEqual({
      kind: 'issue',
      overrides: { clockSkewSeconds: 60 },
    })
  })

  it('every effect is defined once (schema, label, editor fields, summary) and has an applier', () => {
    expect(Object.keys(EFFECT_APPLIERS).sort()).toEqual([...FAULT_EFFECT_TYPES].sort())
    for (const type of FAULT_EFFECT_TYPES) {
      const d = FAULT_EFFECTS[type]
      expect(d.label, type).not.toBe('')
      expect(d.explains, type).not.toBe('')
      // Every editor field is a key of the effect's schema.
      const keys = Object.keys((d.schema as unknown as { shape: Record<string, unknown> }).shape)
      for (const f of d.fields) expect(keys, `${type}.${f.key}`).toContain(f.key)
    }
  })
})
