// The scenario editor's draft is lossless: a definition opened and saved unchanged is written back the
// same (docs/scenarios-format.md), whatever it uses — a raw body, a header that must be absent, a list of
// statuses, JSON values in an expected body, captures.
import { describe, expect, it } from 'vitest'
import {
  definitionOf,
  errorsAt,
  jsonText,
  jsonValue,
  moved,
  newScenario,
  scenarioDraft,
} from '../../../src/renderer/components/scenarios/scenario-form'
import { validateScenario, type ScenarioInput } from '../../../src/shared/scenarios-api'

const DOCUMENTED: ScenarioInput = {
  name: 'refresh tokens rotate and a reused one is refused',
  description: 'RFC 6749 §6, RFC 9700 §4.14.2',
  steps: [
    {
      name: 'password grant',
      request: {
        endpoint: 'token',
        auth: { method: 'basic', clientId: '{{clientId}}', clientSecret: '{{clientSecret}}' },
        params: { grant_type: 'password', username: '{{username}}', password: '{{password}}', scope: 'read' },
      },
      expect: {
        status: 200,
        headers: { 'cache-control': 'no-store' },
        body: { token_type: '/^bearer$/i' },
        present: ['access_token', 'refresh_token', 'expires_in'],
      },
      capture: { rt: 'body.refresh_token' },
    },
    {
      name: 'the used refresh token again',
      request: {
        endpoint: 'token',
        auth: { method: 'basic', clientId: '{{clientId}}', clientSecret: '{{clientSecret}}', formEncode: false },
        params: { grant_type: 'refresh_token', refresh_token: '{{rt}}' },
      },
      expect: { status: 400, body: { error: 'invalid_grant' } },
    },
  ],
}

const EVERYTHING_ELSE: ScenarioInput = {
  name: 'odd requests',
  steps: [
    {
      name: 'malformed body, wrong method, odd header',
      request: {
        endpoint: 'https://idp.example/token',
        method: 'PUT',
        auth: { method: 'post', clientId: 'legacy', clientSecret: '{{clientSecret}}' },
        rawBody: 'grant_type=password&&',
        headers: { 'Content-Type': 'text/plain' },
      },
      expect: {
        status: [400, 405],
        headers: { 'www-authenticate': null, pragma: '/no-cache/i' },
        body: { error: 'invalid_request', nested: { a: [1, true] }, count: 3, text: '3' },
        absent: ['access_token'],
        claims: { aud: 'ropc-lab' },
        findings: { include: ['basic_not_form_encoded'], exclude: ['token_response_cacheable'] },
        maxMs: 500,
      },
    },
    { name: 'public client', request: { endpoint: 'metadata', auth: { method: 'none', clientId: 'mobile' } } },
  ],
}

describe('scenario editor draft (scenario-form.ts)', () => {
  it.each([
    ['the documented example', DOCUMENTED],
    ['raw body, status list, absent header, JSON body values', EVERYTHING_ELSE],
  ])('writes %s back unchanged', (_, definition) => {
    expect(definitionOf(scenarioDraft(definition))).toEqual(definition)
    expect(validateScenario(definitionOf(scenarioDraft(definition))).ok).toBe(true)
  })

  it('a new scenario is valid as it comes, with secrets as variables', () => {
    const definition = definitionOf(newScenario('new'))
    expect(validateScenario(definition).ok).toBe(true)
    expect(definition.steps[0]!.request).toMatchObject({
      auth: { clientSecret: '{{clientSecret}}' },
      params: { password: '{{password}}' },
    })
  })

  it('reads a typed value as JSON only when it is JSON, and shows a string that looks like JSON quoted', () => {
    expect(jsonValue('invalid_grant')).toBe('invalid_grant')
    expect(jsonValue('3')).toBe(3)
    expect(jsonValue('"3"')).toBe('3')
    expect(jsonText('3')).toBe('"3"')
    expect(jsonText('invalid_grant')).toBe('invalid_grant')
    expect(jsonText({ a: 1 })).toBe('{"a":1}')
  })

  it('finds the messages of a field and of everything below it, not of its neighbours', () => {
    const fields = {
      'steps[0].expect.present[1]': ['must not be empty'],
      'steps[0].expect.presentation': ['no'],
      'steps[0].request.params.scope': ['bad'],
    }
    expect(errorsAt(fields, 'steps[0].expect.present')).toEqual(['must not be empty'])
    expect(errorsAt(fields, 'steps[0].request.params')).toEqual(['bad'])
  })

  it('moves a step up and down, not past either end', () => {
    expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c'])
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c'])
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c'])
  })
})
