// The scenario file (scenarios-format.md): a bad file is refused whole, every problem said by its
// JSON path, every {{variable}} used but never defined included.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  checkScenarioVariables,
  parseScenarioFile,
  parseScenarioList,
  scenarioListSchema,
} from '../../../src/shared/scenarios/index'

/** The example of scenarios-format.md, as printed there. */
const example = JSON.parse(
  readFileSync(new URL('../../fixtures/scenarios/format-example.json', import.meta.url), 'utf8'),
) as Record<string, unknown>

const step = (over: Record<string, unknown> = {}) => ({ name: 'a step', request: { endpoint: 'token' }, ...over })
const file = (...steps: unknown[]) => ({ version: 1, scenarios: [{ name: 's', steps }] })
/** The problems of a file, or [] when it is accepted. */
const problems = (input: unknown, defined: string[] = []) => {
  const r = parseScenarioFile(input, { defined })
  return r.ok ? [] : r.problems
}

describe('scenario file: accepted', () => {
  it('accepts the example of scenarios-format.md, with its defaults applied', () => {
    const r = parseScenarioFile(example, { defined: [] })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const [first] = r.value.scenarios
    expect(first!.steps).toHaveLength(3)
    expect(first!.steps[0]!.capture).toEqual({ rt: 'body.refresh_token' })
    expect(first!.steps[1]!.expect).toEqual({ status: 200, present: ['access_token'] })
    expect(r.value.variables.clientId).toBe('legacy')
  })

  it('fills the defaults of scenarios-format.md: endpoint token, auth none, params and headers empty', () => {
    const r = parseScenarioFile(file({ name: 'bare', request: {} }))
    expect(r.ok && r.value.scenarios[0]!.steps[0]).toEqual({
      name: 'bare',
      request: { endpoint: 'token', auth: { method: 'none' }, params: {}, headers: {} },
      expect: {},
      capture: {},
    })
  })

  it('turns number and boolean variables into the text they stand for', () => {
    const r = parseScenarioFile({ ...file(step()), variables: { n: 5, yes: true, s: 'x' } })
    expect(r.ok && r.value.variables).toEqual({ n: '5', yes: 'true', s: 'x' })
  })

  it('accepts every expectation kind, a status list, a {{variable}} standing for a number, and an absolute URL', () => {
    const ok = file(
      step({
        request: { endpoint: 'https://as.example/token', method: 'PUT', rawBody: 'a=%' },
        expect: {
          status: [400, '{{code}}'],
          headers: { 'Cache-Control': 'no-store', 'www-authenticate': null, pragma: '/no-cache/i' },
          body: { error: 'invalid_request', nested: { list: [1, '/x/'] } },
          present: ['error'],
          absent: ['access_token'],
          claims: { sub: 'alice' },
          findings: { include: ['wrong_content_type'], exclude: ['password_in_query'] },
          maxMs: '{{slow}}',
        },
      }),
    )
    expect(problems(ok, ['code', 'slow'])).toEqual([])
  })
})

describe('scenario file: refused, each problem by JSON path', () => {
  it.each([
    ['not an object', [], '(root): expected a JSON object with "version": 1, got an array'],
    ['no version', { scenarios: [] }, 'version: required'],
    [
      'a newer version',
      { version: 2, scenarios: [], later: true },
      'version: this file is version 2; this ROPC Lab reads version 1 — update ROPC Lab',
    ],
    [
      'a version that does not exist',
      { version: 0, scenarios: [] },
      'version: version 0 does not exist; this ROPC Lab reads version 1',
    ],
    ['no scenarios', { version: 1 }, 'scenarios: required'],
    ['an unknown top-level key', { version: 1, scenarios: [], faults: [] }, '(root): unknown key "faults"'],
    [
      'a bad variable name',
      { version: 1, scenarios: [], variables: { 'a b': 'x' } },
      'variables["a b"]: not a variable name (a letter or _, then letters, digits, _, . or -)',
    ],
    [
      'an object as a variable',
      { version: 1, scenarios: [], variables: { a: {} } },
      'variables.a: expected a string, number or boolean',
    ],
  ])('%s', (_, input, expected) => {
    expect(problems(input)).toEqual([expected])
  })

  const at = 'scenarios[0].steps[0]'
  it.each([
    [
      'an unknown endpoint',
      step({ request: { endpoint: 'tokn' } }),
      `${at}.request.endpoint: unknown endpoint "tokn" (expected token, introspect, revoke, metadata or jwks, or an absolute http(s) URL)`,
    ],
    [
      'a relative URL',
      step({ request: { endpoint: '/oauth/token' } }),
      `${at}.request.endpoint: unknown endpoint "/oauth/token" (expected token, introspect, revoke, metadata or jwks, or an absolute http(s) URL)`,
    ],
    [
      'a method in lower case',
      step({ request: { method: 'post' } }),
      `${at}.request.method: an HTTP method in capitals, e.g. GET or POST`,
    ],
    [
      'an unknown auth method',
      step({ request: { auth: { method: 'bearer' } } }),
      `${at}.request.auth.method: expected "basic", "post" or "none", got the string "bearer"`,
    ],
    [
      'formEncode without basic',
      step({ request: { auth: { method: 'post', formEncode: false } } }),
      `${at}.request.auth.formEncode: only applies to "method": "basic"`,
    ],
    [
      'a secret with method none',
      step({ request: { auth: { method: 'none', clientSecret: 'x' } } }),
      `${at}.request.auth.clientSecret: "method": "none" sends no secret (use "basic" or "post")`,
    ],
    [
      'an unknown auth key',
      step({ request: { auth: { method: 'basic', user: 'x' } } }),
      `${at}.request.auth: unknown key "user"`,
    ],
    [
      'a number as a parameter',
      step({ request: { params: { expires_in: 5 } } }),
      `${at}.request.params.expires_in: expected a string, got the number 5`,
    ],
    [
      'a bad header name',
      step({ request: { headers: { 'x y': '1' } } }),
      `${at}.request.headers["x y"]: not a header name (one token, RFC 9110 §5.1)`,
    ],
    [
      'params and rawBody',
      step({ request: { params: {}, rawBody: 'x' } }),
      `${at}.request.rawBody: give "params" or "rawBody", not both`,
    ],
    ['no request', { name: 'x' }, `${at}.request: required`],
    ['no step name', { request: {} }, `${at}.name: required`],
    ['an unknown step key', step({ expects: {} }), `${at}: unknown key "expects"`],
    [
      'a status as text',
      step({ expect: { status: 'ok' } }),
      `${at}.expect.status: expected a number or a list of numbers (HTTP status codes from 100 to 599)`,
    ],
    [
      'a status list with text',
      step({ expect: { status: [200, 'x'] } }),
      `${at}.expect.status: expected a number or a list of numbers (HTTP status codes from 100 to 599)`,
    ],
    [
      'a status out of range',
      step({ expect: { status: 99 } }),
      `${at}.expect.status: expected a number or a list of numbers (HTTP status codes from 100 to 599)`,
    ],
    [
      'an empty status list',
      step({ expect: { status: [] } }),
      `${at}.expect.status: expected a number or a list of numbers (HTTP status codes from 100 to 599)`,
    ],
    [
      'a header value that is a number',
      step({ expect: { headers: { pragma: 1 } } }),
      `${at}.expect.headers.pragma: expected a string, got the number 1`,
    ],
    [
      'a header regex that does not compile',
      step({ expect: { headers: { pragma: '/(/' } } }),
      `${at}.expect.headers.pragma: invalid regular expression /(/: Invalid regular expression: /(/: Unterminated group`,
    ],
    [
      'a body regex that does not compile',
      step({ expect: { body: { a: { b: ['/[/'] } } } }),
      `${at}.expect.body.a.b[0]: invalid regular expression /[/: Invalid regular expression: /[/: Unterminated character class`,
    ],
    [
      'a claims regex that does not compile',
      step({ expect: { claims: { sub: '/+/' } } }),
      `${at}.expect.claims.sub: invalid regular expression /+/: Invalid regular expression: /+/: Nothing to repeat`,
    ],
    [
      'present as text',
      step({ expect: { present: 'access_token' } }),
      `${at}.expect.present: expected an array, got the string "access_token"`,
    ],
    ['an empty absent key', step({ expect: { absent: [''] } }), `${at}.expect.absent[0]: must not be empty`],
    [
      'an unknown findings key',
      step({ expect: { findings: { includes: [] } } }),
      `${at}.expect.findings: unknown key "includes"`,
    ],
    [
      'a bad finding code',
      step({ expect: { findings: { include: ['Basic Not Encoded'] } } }),
      `${at}.expect.findings.include[0]: unknown finding code "Basic Not Encoded" (see the findings catalogue for the codes)`,
    ],
    [
      'a negative maxMs',
      step({ expect: { maxMs: -1 } }),
      `${at}.expect.maxMs: expected a number of milliseconds (an integer of 1 or more)`,
    ],
    ['an unknown expectation', step({ expect: { json: {} } }), `${at}.expect: unknown key "json"`],
    [
      'a capture from elsewhere',
      step({ capture: { rt: 'cookie.rt' } }),
      `${at}.capture.rt: expected body.KEY, header.NAME or claims.KEY`,
    ],
    [
      'a capture with a bad name',
      step({ capture: { '1rt': 'body.rt' } }),
      `${at}.capture["1rt"]: not a variable name (a letter or _, then letters, digits, _, . or -)`,
    ],
  ])('%s', (_, badStep, expected) => {
    expect(problems(file(badStep))).toEqual([expected])
  })

  it('refuses a scenario without steps, without a name, and two scenarios of one name', () => {
    const input = {
      version: 1,
      scenarios: [{ name: 'x', steps: [] }, { steps: [step()] }, { name: 'x', steps: [step()] }, 'y'],
    }
    expect(problems(input)).toEqual([
      'scenarios[0].steps: a scenario needs at least one step',
      'scenarios[1].name: required',
      'scenarios[3]: expected a JSON object, got the string "y"',
    ])
    // Duplicates are checked once every entry has the right shape.
    expect(
      problems({
        version: 1,
        scenarios: [
          { name: 'x', steps: [step()] },
          { name: 'x', steps: [step()] },
        ],
      }),
    ).toEqual(['scenarios[1].name: duplicate scenario name "x" (also scenarios[0])'])
  })

  it('lists every problem of the file at once, in file order', () => {
    const input = {
      version: 1,
      extra: true,
      scenarios: [
        { name: 'one', steps: [step({ expect: { status: 'x' } }), step({ request: { params: { a: '{{nope}}' } } })] },
        { name: 'two', steps: [step({ request: { endpoint: 'x' } })] },
      ],
    }
    expect(problems(input)).toEqual([
      '(root): unknown key "extra"',
      'scenarios[0].steps[0].expect.status: expected a number or a list of numbers (HTTP status codes from 100 to 599)',
      `scenarios[0].steps[1].request.params.a: {{nope}} is not defined: define it in the file's "variables", pass --var nope=VALUE or capture it in an earlier step of this scenario`,
      'scenarios[1].steps[0].request.endpoint: unknown endpoint "x" (expected token, introspect, revoke, metadata or jwks, or an absolute http(s) URL)',
    ])
  })
})

describe('variables used but never defined (scenarios-format.md "Variables")', () => {
  const uses = (where: Record<string, unknown>) => file(step(where))

  it('reports a variable no source defines, wherever it is used: request, header name, expectation', () => {
    const input = file(
      step({
        request: {
          endpoint: '{{url}}',
          auth: { method: 'basic', clientId: '{{clientId}}' },
          headers: { '{{h}}': 'v' },
        },
        expect: { body: { error: '{{err}}' }, headers: { pragma: '/^{{p}}$/' } },
      }),
    )
    expect(problems(input).map((p) => p.split(':')[0])).toEqual([
      'scenarios[0].steps[0].request.endpoint',
      'scenarios[0].steps[0].request.auth.clientId',
      'scenarios[0].steps[0].request.headers["{{h}}"]',
      'scenarios[0].steps[0].expect.body.error',
      'scenarios[0].steps[0].expect.headers.pragma',
    ])
  })

  it('names the flag when the variable is one of the target credentials', () => {
    expect(problems(uses({ request: { params: { username: '{{username}}' } } }))).toEqual([
      `scenarios[0].steps[0].request.params.username: {{username}} is not defined: give the target's username (--username, or in the UI), define it in the file's "variables", pass --var username=VALUE or capture it in an earlier step of this scenario`,
    ])
  })

  it('accepts a variable from the file, from the credentials or --var (the sources given), and spaces in the braces', () => {
    const input = {
      ...uses({ request: { params: { a: '{{fromFile}}', b: '{{ clientId }}', c: '{{cli}}' } } }),
      variables: { fromFile: 'x' },
    }
    expect(problems(input, ['clientId', 'cli'])).toEqual([])
    expect(problems(input, ['clientId'])).toHaveLength(1)
  })

  it('a capture is available to the later steps of its scenario only, not to its own step or another scenario', () => {
    const input = {
      version: 1,
      scenarios: [
        {
          name: 'one',
          steps: [
            step({ name: 'grant', request: { params: { x: '{{rt}}' } }, capture: { rt: 'body.refresh_token' } }),
            step({ name: 'refresh', request: { params: { refresh_token: '{{rt}}' } } }),
          ],
        },
        { name: 'two', steps: [step({ request: { params: { refresh_token: '{{rt}}' } } })] },
      ],
    }
    expect(problems(input)).toEqual([
      'scenarios[0].steps[0].request.params.x: {{rt}} is captured only by step 1 ("grant"); a capture is available to the steps after the one that makes it',
      `scenarios[1].steps[0].request.params.refresh_token: {{rt}} is not defined: define it in the file's "variables", pass --var rt=VALUE or capture it in an earlier step of this scenario`,
    ])
  })

  it('refuses {{…}} that is not a variable name', () => {
    expect(problems(uses({ request: { params: { a: 'x{{a b}}y' } } }))).toEqual([
      'scenarios[0].steps[0].request.params.a: {{a b}} is not a variable: a name starts with a letter or _ and has only letters, digits, _, . or -',
    ])
  })

  it('checks variables even where the structure is wrong, so one run lists everything', () => {
    const input = file(step({ request: { params: { a: '{{nope}}' } }, expect: { status: 'x' } }))
    expect(problems(input)).toHaveLength(2)
  })

  it('without sources, checks the structure only (an import, before the run knows its credentials)', () => {
    expect(parseScenarioFile(uses({ request: { params: { a: '{{nope}}' } } })).ok).toBe(true)
  })

  it('checkScenarioVariables takes the path of the list, for the scenarios of a workspace file', () => {
    const list = [{ name: 's', steps: [step({ request: { params: { a: '{{x}}' } } })] }]
    expect(checkScenarioVariables(list, [], ['workspace', 'scenarios'])[0]!.path).toEqual([
      'workspace',
      'scenarios',
      0,
      'steps',
      0,
      'request',
      'params',
      'a',
    ])
  })
})

describe('the scenarios of a workspace file', () => {
  it('parseScenarioList says each problem by its path in the workspace file', () => {
    const r = parseScenarioList([{ name: 's', steps: [step({ expect: { maxMs: 0 } })] }], { defined: [] })
    expect(r).toEqual({
      ok: false,
      problems: ['scenarios[0].steps[0].expect.maxMs: expected a number of milliseconds (an integer of 1 or more)'],
    })
  })

  it('scenarioListSchema words its own messages, so the workspace schema can embed it as is', () => {
    const r = scenarioListSchema.safeParse([{ name: 's', steps: [step({ expect: { status: 'x' } })] }])
    expect(r.success).toBe(false)
    expect(r.error!.issues[0]).toMatchObject({
      path: [0, 'steps', 0, 'expect', 'status'],
      message: 'expected a number or a list of numbers (HTTP status codes from 100 to 599)',
    })
  })
})
