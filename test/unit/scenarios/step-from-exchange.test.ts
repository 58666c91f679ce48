// "Save as step" (src/lab/scenario-from-exchange.ts) on every shape of exchange the lab records: an
// outside client's raw Basic credentials (RFC 6749 §2.3.1), a public client (§2.1), client_secret_post,
// an introspection with a token (RFC 7662 §2.1), metadata read with GET (RFC 8414 §3), a request sent to
// another server, a body that is not a form. No credential or token value ever reaches the step.
import { describe, expect, it } from 'vitest'
import { appendStep, stepFromExchange } from '../../../src/lab/scenario-from-exchange'
import type { Finding } from '../../../src/shared/exchange'
import { validateScenario } from '../../../src/shared/scenarios-api'
import { makeExchange } from '../../helpers/exchange-fixtures'

const FORM: [string, string] = ['Content-Type', 'application/x-www-form-urlencoded']
const RAW_BASIC: Finding = {
  code: 'basic_not_form_encoded',
  side: 'client',
  severity: 'warning',
  rfc: 'RFC 6749 §2.3.1',
  message: 'raw credentials',
}
const tokenAnswer = JSON.stringify({
  access_token: 'eyJ.x.signature-not-stored',
  token_type: 'Bearer',
  expires_in: 300,
})

const valid = (step: ReturnType<typeof stepFromExchange>['step']) =>
  expect(validateScenario({ name: 's', steps: [step] })).toEqual(expect.objectContaining({ ok: true }))

describe('stepFromExchange', () => {
  it('keeps an outside client’s raw Basic credentials raw, the secret and the password as variables', () => {
    const e = makeExchange({
      id: 'a',
      clientId: 'legacy',
      username: 'alice',
      grantType: 'password',
      findings: [RAW_BASIC],
      request: {
        method: 'POST',
        target: '/oauth/v2/oauth-token',
        headers: [
          ['Host', '127.0.0.1:1'],
          ['User-Agent', 'curl/8'],
          ['Authorization', 'Basic ***'],
          FORM,
          ['X-Trace', '1'],
        ],
        body: 'grant_type=password&username=alice&password=***&scope=read',
      },
      response: {
        status: 200,
        headers: [
          ['Cache-Control', 'no-store'],
          ['Pragma', 'no-cache'],
        ],
        body: tokenAnswer,
      },
    })
    const { step, variables } = stepFromExchange(e)
    expect(step).toEqual({
      name: 'password grant (alice) → 200',
      request: {
        endpoint: 'token',
        headers: { 'X-Trace': '1' },
        auth: { method: 'basic', clientId: 'legacy', clientSecret: '{{clientSecret}}', formEncode: false },
        params: { grant_type: 'password', username: 'alice', password: '{{password}}', scope: 'read' },
      },
      expect: {
        status: 200,
        headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
        present: ['access_token', 'token_type', 'expires_in'],
      },
    })
    expect(variables).toEqual(['clientSecret', 'password'])
    valid(step)
  })

  it('a public client keeps its client_id; client_secret_post becomes {{clientSecret}}; a 401 names its scheme', () => {
    const pub = stepFromExchange(
      makeExchange({
        id: 'b',
        request: {
          method: 'POST',
          target: '/oauth/v2/oauth-token',
          headers: [FORM],
          body: 'grant_type=password&client_id=mobile&username=bob&password=x',
        },
      }),
    ).step
    expect(pub.request.auth).toEqual({ method: 'none', clientId: 'mobile' })
    expect(pub.request.params).toEqual({ grant_type: 'password', username: 'bob', password: '{{password}}' })

    const post = stepFromExchange(
      makeExchange({
        id: 'c',
        error: 'invalid_client',
        request: {
          method: 'POST',
          target: '/oauth/v2/oauth-token',
          headers: [FORM],
          body: 'grant_type=password&client_id=legacy&client_secret=wrong-in-clear',
        },
        response: {
          status: 401,
          headers: [['WWW-Authenticate', 'Basic realm="ropc-lab"']],
          body: JSON.stringify({ error: 'invalid_client' }),
        },
      }),
    ).step
    expect(post.request.auth).toEqual({ method: 'post', clientId: 'legacy', clientSecret: '{{clientSecret}}' })
    expect(JSON.stringify(post)).not.toContain('wrong-in-clear')
    expect(post.expect).toEqual({
      status: 401,
      headers: { 'www-authenticate': '/^Basic\\b/i' },
      body: { error: 'invalid_client' },
    })
    valid(pub)
    valid(post)
  })

  it('an introspection’s token follows its hint; metadata is a GET by default; another server keeps its endpoint name', () => {
    const introspect = stepFromExchange(
      makeExchange({
        id: 'd',
        request: {
          method: 'POST',
          target: '/oauth/v2/oauth-introspect',
          headers: [FORM, ['Authorization', 'Basic ***']],
          body: 'token=abc***&token_type_hint=refresh_token',
        },
        response: { status: 200, headers: [], body: '{"active":true}' },
        clientId: 'legacy',
      }),
    ).step
    expect(introspect.request).toMatchObject({
      endpoint: 'introspect',
      params: { token: '{{refreshToken}}', token_type_hint: 'refresh_token' },
    })
    expect(introspect.expect?.present).toEqual(['active'])

    const metadata = stepFromExchange(
      makeExchange({
        id: 'e',
        method: 'GET',
        request: { method: 'GET', target: '/.well-known/oauth-authorization-server', headers: [], body: '' },
      }),
    ).step
    expect(metadata.request).toEqual({ endpoint: 'metadata', auth: { method: 'none' } })

    const elsewhere = stepFromExchange(
      makeExchange({
        id: 'f',
        origin: 'composer',
        request: {
          method: 'POST',
          target: 'https://idp.example/realms/x/protocol/openid-connect/token',
          headers: [FORM],
          body: 'grant_type=password&username=a&password=***',
        },
      }),
    ).step
    expect(elsewhere.request.endpoint).toBe('token')
    const unknown = stepFromExchange(
      makeExchange({
        id: 'g',
        request: { method: 'DELETE', target: 'https://idp.example/things', headers: [], body: '' },
      }),
    ).step
    expect(unknown.request).toMatchObject({ endpoint: 'https://idp.example/things', method: 'DELETE' })
    for (const s of [introspect, metadata, elsewhere, unknown]) valid(s)
  })

  it('sends a body that is not a form as it was stored (masked), with its content type', () => {
    const { step } = stepFromExchange(
      makeExchange({
        id: 'h',
        request: {
          method: 'POST',
          target: '/oauth/v2/oauth-token',
          headers: [['Content-Type', 'application/json']],
          body: '{"grant_type":"password","password":"***"}',
        },
      }),
    )
    expect(step.request).toMatchObject({
      rawBody: '{"grant_type":"password","password":"***"}',
      headers: { 'Content-Type': 'application/json' },
    })
    valid(step)
  })
})

describe('appendStep', () => {
  it('captures the refresh token a refresh needs from the last token request before it (RFC 6749 §6)', () => {
    const grant = { name: 'grant', request: { endpoint: 'token' } }
    const meta = { name: 'meta', request: { endpoint: 'metadata' } }
    const refresh = {
      name: 'refresh',
      request: { params: { grant_type: 'refresh_token', refresh_token: '{{refreshToken}}' } },
    }
    const steps = appendStep([grant, meta], refresh)
    expect(steps.map((s) => s.capture)).toEqual([{ refreshToken: 'body.refresh_token' }, undefined, undefined])
    // Already captured: left alone.
    const again = appendStep(steps, refresh)
    expect(again[0]!.capture).toEqual({ refreshToken: 'body.refresh_token' })
    expect(again).toHaveLength(4)
  })
})
