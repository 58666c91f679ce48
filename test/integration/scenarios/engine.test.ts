// The scenario engine against the real embedded server (real HTTP on 127.0.0.1, through the lab's
// request runner): every expectation kind, captures, variables, and how failures and skips read.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runScenario, runScenarios, type EngineOptions } from '../../../src/lab/scenarios/engine'
import type { StepResult, SuiteResult } from '../../../src/lab/scenarios/results'
import type { ScenarioRunnerRequest, SendRequest } from '../../../src/lab/scenarios/types'
import type { Exchange } from '../../../src/shared/exchange'
import { parseScenarioFile, type Scenario } from '../../../src/shared/scenarios/index'
import { LEGACY_BASIC, passwordGrant, startScenarioLab, type ScenarioLab } from '../../helpers/scenario-lab'

let env: ScenarioLab
beforeAll(async () => {
  env = await startScenarioLab()
})
afterAll(() => env.close())

/** A scenario as a file would give it (validated, defaults applied). */
function scenario(steps: unknown[], name = 'scenario'): Scenario {
  const r = parseScenarioFile({ version: 1, scenarios: [{ name, steps }] })
  if (!r.ok) throw new Error(r.problems.join('\n'))
  return r.value.scenarios[0]!
}

const run = (steps: unknown[], variables: Record<string, string> = {}, opts: Partial<EngineOptions> = {}) =>
  runScenario({ scenario: scenario(steps), variables }, { send: env.send, target: env.target, ...opts })

/** A send that records every request and the exchange that came back. */
function spy(inner: SendRequest = env.send) {
  const sent: ScenarioRunnerRequest[] = []
  const exchanges: Exchange[] = []
  const send: SendRequest = async (r) => {
    sent.push(r)
    const e = await inner(r)
    exchanges.push(e)
    return e
  }
  return { send, sent, exchanges }
}

const statuses = (suite: SuiteResult) => suite.steps.map((s) => s.status)
const only = (suite: SuiteResult): StepResult => suite.steps[0]!

describe('expect.status', () => {
  it('passes on the number or on any of a list; a failure shows expected and actual with the OAuth error', async () => {
    const suite = await run([
      { name: 'one', request: passwordGrant(), expect: { status: 200 } },
      { name: 'list', request: passwordGrant({ password: 'wrong' }), expect: { status: [400, 401] } },
      { name: 'wrong', request: passwordGrant({ password: 'wrong' }), expect: { status: 200 } },
    ])
    expect(statuses(suite)).toEqual(['passed', 'passed', 'failed'])
    expect(suite.steps[2]!.failures).toEqual([
      { what: 'status', expected: '200', actual: expect.stringMatching(/^400 \(invalid_grant/) },
    ])
    expect(suite.steps[2]!.reason).toMatch(/^status: expected 200, got 400 \(invalid_grant/)
  })

  it('takes a {{variable}} that stands for a number, and says so when it does not', async () => {
    const steps = [
      { name: 'var', request: passwordGrant(), expect: { status: '{{ok}}' } },
      { name: 'not a number', request: passwordGrant(), expect: { status: '{{bad}}' } },
    ]
    const suite = await run(steps, { ok: '200', bad: 'fine' })
    expect(statuses(suite)).toEqual(['passed', 'failed'])
    expect(suite.steps[1]!.failures[0]!.expected).toBe('a status code, but the variable gave "fine"')
  })
})

describe('expect.headers', () => {
  it('matches names case-insensitively, exact or /regex/flags, and null as absent (RFC 6749 §5.1 no-store)', async () => {
    const suite = await run([
      {
        name: 'grant',
        request: passwordGrant(),
        expect: {
          headers: { 'Cache-Control': 'no-store', 'content-type': '/^APPLICATION\\/JSON/i', 'www-authenticate': null },
        },
      },
    ])
    expect(only(suite)).toMatchObject({ status: 'passed', failures: [] })
  })

  it('shows the header as it came: a wrong value, a header that should be absent (RFC 6749 §5.2 401 + Basic)', async () => {
    const suite = await run([
      {
        name: 'bad secret',
        request: { ...passwordGrant(), auth: { ...LEGACY_BASIC, clientSecret: 'nope' } },
        expect: { headers: { 'cache-control': 'no-cache', 'WWW-Authenticate': null, 'x-absent': '/./' } },
      },
    ])
    expect(only(suite).failures).toEqual([
      { what: 'header cache-control', expected: '"no-cache"', actual: '"no-store"' },
      { what: 'header www-authenticate', expected: 'absent', actual: expect.stringMatching(/^"Basic/) },
      { what: 'header x-absent', expected: '/./', actual: 'absent' },
    ])
  })
})

describe('expect.body, present, absent', () => {
  it('checks a subset of the JSON body: exact values, /regex/ for strings, arrays element by element', async () => {
    const suite = await run([
      {
        name: 'grant',
        request: passwordGrant(),
        expect: {
          body: { token_type: '/^bearer$/i', scope: 'read', expires_in: 300 },
          present: ['access_token', 'refresh_token'],
          absent: ['error'],
        },
      },
      {
        name: 'metadata',
        request: { endpoint: 'metadata' },
        expect: {
          status: 200,
          body: {
            grant_types_supported: ['password', 'refresh_token'],
            issuer: `/^${env.baseUrl.replace(/[/.]/g, '\\$&')}$/`,
          },
        },
      },
    ])
    expect(suite.steps.map((s) => [s.status, s.failures])).toEqual([
      ['passed', []],
      ['passed', []],
    ])
  })

  it('reports each key that differs, and never prints an issued token', async () => {
    const suite = await run([
      {
        name: 'grant',
        request: passwordGrant(),
        expect: {
          body: { token_type: 'bearer', scope: '/^write$/', missing: 1, expires_in: '300' },
          present: ['id_token'],
          absent: ['refresh_token'],
        },
      },
    ])
    const step = only(suite)
    expect(step.failures).toEqual([
      { what: 'body.token_type', expected: '"bearer"', actual: '"Bearer"' },
      { what: 'body.scope', expected: '/^write$/', actual: '"read"' },
      { what: 'body.missing', expected: '1', actual: 'absent' },
      { what: 'body.expires_in', expected: '"300"', actual: '300' },
      { what: 'body.id_token', expected: 'present', actual: 'absent' },
      {
        what: 'body.refresh_token',
        expected: 'absent',
        actual: expect.stringMatching(/^present: a string of \d+ characters \(masked\)$/),
      },
    ])
    expect(step.reason).toBe('body.token_type: expected "bearer", got "Bearer" (and 5 more)')
  })

  it('says what came instead of a JSON body', async () => {
    const suite = await run([
      {
        name: 'jwks as form',
        request: { endpoint: 'jwks', method: 'DELETE' },
        expect: { body: { keys: [] }, present: ['keys'] },
      },
    ])
    // Whatever this server answers a DELETE with, `keys` is not an empty list.
    expect(only(suite).status).toBe('failed')
    expect(only(suite).failures[0]!.what).toMatch(/^body/)
  })
})

describe('another server', () => {
  it('says what came instead of JSON — a form-encoded answer, its token masked (GitHub answers that way)', async () => {
    const token = 'gho_16C7e42F292c6912E7710c838347Ae178B4a'
    const other = createServer((_, res) => {
      res.writeHead(200, { 'Content-Type': 'application/x-www-form-urlencoded' })
      res.end(`access_token=${token}&scope=read&token_type=bearer`)
    })
    await new Promise<void>((done) => other.listen(0, '127.0.0.1', done))
    try {
      const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}/login/oauth/access_token`
      const suite = await run([
        {
          name: 'form answer',
          request: { ...passwordGrant(), endpoint: url },
          expect: { status: 200, body: { token_type: 'bearer' } },
          capture: { at: 'body.access_token' },
        },
      ])
      expect(only(suite).failures).toEqual([
        {
          what: 'body',
          expected: 'a JSON body',
          actual: 'a body that is not JSON: "access_token=***&scope=read&token_type=bearer"',
        },
        {
          what: 'capture at',
          expected: 'a value at body.access_token',
          actual: 'the answer has a body that is not JSON: "access_token=***&scope=read&token_type=bearer"',
        },
      ])
      expect(JSON.stringify(suite)).not.toContain(token)
    } finally {
      await new Promise((done) => other.close(done))
    }
  })
})

describe('expect.claims', () => {
  it('reads the claims of a JWT access token (RFC 9068): exact and /regex/', async () => {
    const suite = await run([
      {
        name: 'grant',
        request: passwordGrant(),
        expect: {
          claims: {
            sub: 'alice',
            client_id: 'legacy',
            email: 'alice@example.com',
            iss: `/^http:\\/\\/127\\.0\\.0\\.1:\\d+$/`,
          },
        },
      },
    ])
    expect(only(suite)).toMatchObject({ status: 'passed', failures: [] })
  })

  it('fails on a claim that differs and on an opaque token, saying why', async () => {
    const suite = await run([
      { name: 'jwt', request: passwordGrant(), expect: { claims: { sub: 'bob' } } },
      {
        name: 'opaque',
        request: { ...passwordGrant(), auth: { method: 'basic', clientId: 'opaque', clientSecret: 'opaque-secret' } },
        expect: { status: 200, claims: { sub: 'alice' } },
      },
    ])
    expect(suite.steps[0]!.failures).toEqual([{ what: 'claims.sub', expected: '"bob"', actual: '"alice"' }])
    expect(suite.steps[1]!.failures).toEqual([
      {
        what: 'claims',
        expected: 'a JWT access token in body.access_token',
        actual: 'an access token that is not a JWT (opaque)',
      },
    ])
  })
})

describe('expect.findings', () => {
  it('include: the finding the embedded server recorded (RFC 6749 §2.3.1 Basic not form-encoded); exclude: one it did not', async () => {
    const raw = { method: 'basic', clientId: 'lenient', clientSecret: 'lenient+secret', formEncode: false }
    const suite = await run([
      {
        name: 'raw basic',
        request: { ...passwordGrant(), auth: raw },
        expect: { status: 200, findings: { include: ['basic_not_form_encoded'], exclude: ['password_in_query'] } },
      },
      {
        name: 'encoded basic',
        request: passwordGrant(),
        expect: { findings: { include: ['basic_not_form_encoded'] } },
      },
      {
        name: 'raw again',
        request: { ...passwordGrant(), auth: raw },
        expect: { findings: { exclude: ['basic_not_form_encoded'] } },
      },
    ])
    expect(statuses(suite)).toEqual(['passed', 'failed', 'failed'])
    expect(suite.steps[1]!.failures[0]).toMatchObject({
      what: 'findings',
      expected: 'basic_not_form_encoded recorded',
      actual: expect.stringMatching(/^(no findings recorded|recorded: )/),
    })
    expect(suite.steps[2]!.failures[0]).toEqual({
      what: 'findings',
      expected: 'no basic_not_form_encoded',
      actual: 'basic_not_form_encoded recorded (RFC 6749 §2.3.1)',
    })
  })
})

describe('expect.maxMs', () => {
  it('measures from sending to the whole answer: a slow answer fails, a fast enough one passes', async () => {
    const slow: SendRequest = async (r) => {
      await new Promise((done) => setTimeout(done, 60))
      return env.send(r)
    }
    const suite = await run(
      [
        { name: 'too slow', request: passwordGrant(), expect: { maxMs: 20 } },
        { name: 'in time', request: passwordGrant(), expect: { maxMs: 10_000 } },
      ],
      {},
      { send: slow },
    )
    expect(statuses(suite)).toEqual(['failed', 'passed'])
    expect(suite.steps[0]!.failures[0]).toMatchObject({
      what: 'time',
      expected: 'at most 20 ms',
      actual: expect.stringMatching(/^\d+ ms$/),
    })
    expect(Number.parseInt(suite.steps[0]!.failures[0]!.actual)).toBeGreaterThanOrEqual(55)
  })
})

describe('captures', () => {
  it('body.KEY, header.NAME and claims.KEY feed later steps: refresh rotation and reuse (RFC 6749 §6, RFC 9700 §4.14.2)', async () => {
    const { send, sent } = spy()
    const suite = await run(
      [
        {
          name: 'grant',
          request: passwordGrant(),
          expect: { status: 200 },
          capture: {
            rt: 'body.refresh_token',
            at: 'body.access_token',
            cc: 'header.Cache-Control',
            sub: 'claims.sub',
            jti: 'claims.jti',
          },
        },
        {
          name: 'introspect',
          request: { endpoint: 'introspect', auth: LEGACY_BASIC, params: { token: '{{at}}' } },
          expect: {
            status: 200,
            body: { active: true, sub: '{{sub}}', jti: '{{jti}}' },
            headers: { 'cache-control': '{{cc}}' },
          },
        },
        {
          name: 'refresh',
          request: {
            endpoint: 'token',
            auth: LEGACY_BASIC,
            params: { grant_type: 'refresh_token', refresh_token: '{{rt}}' },
          },
          expect: { status: 200 },
          capture: { rt2: 'body.refresh_token' },
        },
        {
          name: 'reuse',
          request: {
            endpoint: 'token',
            auth: LEGACY_BASIC,
            params: { grant_type: 'refresh_token', refresh_token: '{{rt}}' },
          },
          expect: { status: 400, body: { error: 'invalid_grant' } },
        },
      ],
      {},
      { send },
    )
    expect(suite.steps.map((s) => [s.name, s.status, s.failures])).toEqual([
      ['grant', 'passed', []],
      ['introspect', 'passed', []],
      ['refresh', 'passed', []],
      ['reuse', 'passed', []],
    ])
    const rt = new URLSearchParams(
      sent[2]!.rawBody ?? sent[2]!.params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'),
    ).get('refresh_token')
    expect(rt).toMatch(/.{20,}/)
    expect(sent[3]!.params).toContainEqual(['refresh_token', rt])
  })

  it('a capture that cannot be made fails its step; the steps that need it are skipped, the others still run', async () => {
    const suite = await run([
      {
        name: 'grant',
        request: passwordGrant(),
        expect: { status: 200 },
        capture: { nope: 'body.id_token', h: 'header.x-nope', c: 'claims.nope' },
      },
      { name: 'needs it', request: { endpoint: 'introspect', auth: LEGACY_BASIC, params: { token: '{{nope}}' } } },
      {
        name: 'needs what needed it',
        request: { endpoint: 'token', params: { x: '{{later}}' } },
        capture: { later: 'body.x' },
      },
      { name: 'independent', request: passwordGrant(), expect: { status: 200 } },
    ])
    expect(suite.steps.map((s) => s.status)).toEqual(['failed', 'skipped', 'failed', 'passed'])
    expect(suite.steps[0]!.failures).toEqual([
      { what: 'capture nope', expected: 'a value at body.id_token', actual: 'no id_token in the body' },
      { what: 'capture h', expected: 'a value at header.x-nope', actual: 'no x-nope header in the answer' },
      { what: 'capture c', expected: 'a value at claims.nope', actual: 'no nope claim in the access token' },
    ])
    expect(suite.steps[1]!).toMatchObject({
      reason: 'needs {{nope}}, which step "grant" could not capture',
      exchangeIds: [],
    })
  })

  it('skips, saying which capture, every step downstream of a skipped one', async () => {
    const suite = await run([
      { name: 'a', request: passwordGrant({ password: 'wrong' }), capture: { rt: 'body.refresh_token' } },
      {
        name: 'b',
        request: { endpoint: 'token', params: { refresh_token: '{{rt}}' } },
        capture: { rt2: 'body.refresh_token' },
      },
      { name: 'c', request: { endpoint: 'token', params: { refresh_token: '{{rt2}}' } } },
    ])
    expect(suite.steps.map((s) => [s.status, s.reason])).toEqual([
      ['failed', 'capture rt: expected a value at body.refresh_token, got no refresh_token in the body'],
      ['skipped', 'needs {{rt}}, which step "a" could not capture'],
      ['skipped', 'needs {{rt2}}, which step "b" could not capture'],
    ])
  })
})

describe('variables and the request sent', () => {
  it('substitutes {{name}} in the endpoint, auth, parameter names and values and headers', async () => {
    const { send, sent, exchanges } = spy()
    await run(
      [
        {
          name: 'all',
          request: {
            endpoint: '{{tokenUrl}}',
            auth: { method: 'post', clientId: '{{clientId}}', clientSecret: '{{clientSecret}}' },
            params: {
              grant_type: 'password',
              '{{userParam}}': '{{username}}',
              password: '{{password}}',
              scope: '{{scope}}',
            },
            headers: { 'X-Trace': 'run-{{n}}' },
          },
          expect: { status: 200, body: { scope: '{{scope}}' } },
        },
      ],
      {
        tokenUrl: env.target.endpoints.token!,
        clientId: 'legacy',
        clientSecret: 'legacy-secret',
        userParam: 'username',
        username: 'alice',
        password: 'alice-password-1',
        scope: 'write',
        n: '7',
      },
      { send },
    )
    expect(sent[0]).toEqual({
      target: env.target.endpoints.token,
      method: 'POST',
      auth: { method: 'body', clientId: 'legacy', clientSecret: 'legacy-secret' },
      params: [
        ['grant_type', 'password'],
        ['username', 'alice'],
        ['password', 'alice-password-1'],
        ['scope', 'write'],
      ],
      extraHeaders: [['X-Trace', 'run-7']],
    })
    expect(exchanges[0]!.status).toBe(200)
    expect(exchanges[0]!.request.headers).toContainEqual(['X-Trace', 'run-7'])
  })

  it('a variable inside a /regex/ stands for its literal value', async () => {
    const suite = await run(
      [
        { name: 'escaped', request: passwordGrant(), expect: { headers: { 'cache-control': '/^{{dotted}}$/' } } },
        { name: 'literal', request: passwordGrant(), expect: { headers: { 'cache-control': '/^{{exact}}$/' } } },
      ],
      { dotted: 'no.store', exact: 'no-store' },
    )
    expect(statuses(suite)).toEqual(['failed', 'passed'])
  })

  it('never prints the value of a secret variable: the report says {{password}}', async () => {
    const suite = await run([{ name: 'echo', request: passwordGrant(), expect: { body: { scope: '{{password}}' } } }], {
      password: 'alice-password-1',
    })
    expect(JSON.stringify(suite)).not.toContain('alice-password-1')
    expect(only(suite).failures[0]).toEqual({ what: 'body.scope', expected: '"{{password}}"', actual: '"read"' })
  })

  it('maps auth basic (formEncode), none and the methods: GET for metadata and jwks, any method given, a raw body', async () => {
    const { send, sent, exchanges } = spy()
    const suite = await run(
      [
        {
          name: 'basic raw',
          request: {
            ...passwordGrant(),
            auth: { method: 'basic', clientId: 'lenient', clientSecret: 'lenient+secret', formEncode: false },
          },
          expect: { status: 200 },
        },
        {
          name: 'public',
          request: {
            endpoint: 'token',
            auth: { method: 'none', clientId: 'mobile' },
            params: { grant_type: 'password', username: 'alice', password: 'alice-password-1' },
          },
          expect: { status: 200 },
        },
        { name: 'metadata', request: { endpoint: 'metadata' }, expect: { status: 200, present: ['token_endpoint'] } },
        { name: 'jwks', request: { endpoint: 'jwks' }, expect: { status: 200, present: ['keys'] } },
        {
          name: 'GET token',
          request: { endpoint: 'token', method: 'GET' },
          expect: { status: 405, headers: { allow: 'POST' } },
        },
        {
          name: 'raw body',
          request: {
            endpoint: 'token',
            auth: LEGACY_BASIC,
            headers: { 'Content-Type': 'text/plain' },
            rawBody: 'grant_type=password&username=alice&password=alice-password-1',
          },
          expect: { findings: { include: ['wrong_content_type'] } },
        },
      ],
      {},
      { send },
    )
    expect(suite.steps.map((s) => [s.name, s.status, s.failures])).toEqual(
      suite.steps.map((s) => [s.name, 'passed', []]),
    )
    expect(sent.map((r) => [r.method, r.auth])).toEqual([
      ['POST', { method: 'basic', clientId: 'lenient', clientSecret: 'lenient+secret', formEncodeBasic: false }],
      ['POST', { method: 'none', clientId: 'mobile' }],
      ['GET', { method: 'none' }],
      ['GET', { method: 'none' }],
      ['GET', { method: 'none' }],
      ['POST', { method: 'basic', clientId: 'legacy', clientSecret: 'legacy-secret', formEncodeBasic: true }],
    ])
    expect(exchanges[5]!.request.headers).toContainEqual(['Content-Type', 'text/plain'])
    expect(exchanges.map((e) => e.origin)).toEqual(Array(6).fill('scenario'))
  })
})

describe('a step that cannot be sent', () => {
  it('fails with the reason when nothing answers, and skips the steps that need its captures', async () => {
    const suite = await run([
      { name: 'nowhere', request: { endpoint: 'http://127.0.0.1:9/token' }, capture: { rt: 'body.refresh_token' } },
      { name: 'after', request: { endpoint: 'token', params: { refresh_token: '{{rt}}' } } },
    ])
    expect(suite.steps[0]!).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^no answer: could not reach http:\/\/127\.0\.0\.1:9\/token/),
      exchangeIds: [],
    })
    expect(suite.steps[1]!.status).toBe('skipped')
  })

  it('fails when a variable turns the endpoint into something that is not a URL', async () => {
    const suite = await run([{ name: 'bad', request: { endpoint: '{{where}}' } }], { where: 'not a url' })
    expect(only(suite)).toMatchObject({
      status: 'failed',
      reason: 'request.endpoint "not a url" is not an endpoint name or an absolute http(s) URL',
    })
  })

  it('is skipped when the target does not know the endpoint (a bare token endpoint URL has no introspection)', async () => {
    const bare = {
      kind: 'token-endpoint' as const,
      url: env.target.endpoints.token!,
      endpoints: { token: env.target.endpoints.token! },
      source: 'a token endpoint URL (no RFC 8414 metadata found)',
    }
    const suite = await runScenario(
      {
        scenario: scenario([
          { name: 'introspect', request: { endpoint: 'introspect' } },
          { name: 'grant', request: passwordGrant(), expect: { status: 200 } },
        ]),
        variables: {},
      },
      { send: env.send, target: bare },
    )
    expect(suite.steps.map((s) => [s.status, s.reason])).toEqual([
      [
        'skipped',
        expect.stringMatching(/^the target has no known introspection endpoint \(RFC 7662\) \(a token endpoint URL/),
      ],
      ['passed', undefined],
    ])
  })
})

describe('running many scenarios', () => {
  it('runs at most `concurrency` scenarios at once, and never two steps of one scenario', async () => {
    let inFlight = 0
    let maxInFlight = 0
    const perScenario = new Map<string, number>()
    let overlapInOneScenario = false
    const send: SendRequest = async (r) => {
      const who = r.extraHeaders!.find(([k]) => k === 'X-Scenario')![1]
      inFlight++
      perScenario.set(who, (perScenario.get(who) ?? 0) + 1)
      if (perScenario.get(who)! > 1) overlapInOneScenario = true
      maxInFlight = Math.max(maxInFlight, inFlight)
      try {
        await new Promise((done) => setTimeout(done, 15))
        return await env.send(r)
      } finally {
        inFlight--
        perScenario.set(who, perScenario.get(who)! - 1)
      }
    }
    const jobs = Array.from({ length: 10 }, (_, i) => ({
      scenario: scenario(
        [1, 2, 3].map((n) => ({
          name: `step ${n}`,
          request: { endpoint: 'metadata', headers: { 'X-Scenario': `s${i}` } },
          expect: { status: 200 },
        })),
        `s${i}`,
      ),
      variables: {},
    }))
    const lines: string[] = []
    const suites = await runScenarios(jobs, {
      send,
      target: env.target,
      concurrency: 4,
      onStep: (step, suite) => lines.push(`${suite.name}/${step.name}`),
    })
    expect(maxInFlight).toBe(4)
    expect(overlapInOneScenario).toBe(false)
    expect(suites.map((s) => s.name)).toEqual(jobs.map((j) => j.scenario.name))
    expect(suites.every((s) => s.steps.every((st) => st.status === 'passed'))).toBe(true)
    expect(lines).toHaveLength(30)
    for (const s of suites)
      expect(lines.filter((l) => l.startsWith(`${s.name}/`))).toEqual([
        `${s.name}/step 1`,
        `${s.name}/step 2`,
        `${s.name}/step 3`,
      ])
  })

  it('with concurrency 1, runs the scenarios one after the other', async () => {
    let inFlight = 0
    let maxInFlight = 0
    const send: SendRequest = async (r) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight)
      try {
        return await env.send(r)
      } finally {
        inFlight--
      }
    }
    const jobs = [0, 1, 2].map((i) => ({
      scenario: scenario([{ name: 'm', request: { endpoint: 'metadata' } }], `q${i}`),
      variables: {},
    }))
    await runScenarios(jobs, { send, target: env.target, concurrency: 1 })
    expect(maxInFlight).toBe(1)
  })
})
