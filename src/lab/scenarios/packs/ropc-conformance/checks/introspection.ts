// Token introspection, RFC 7662.
import { expectJudged } from '../judged'
import { expectExactlyInactive, expectRefused, expectStatus } from '../outcomes'
import type { Check, CheckGroup, Step } from '../check'
import { jsonObject, stringField, summarize } from '../reply'
import { skip } from '../skip'

function requireIntrospection(step: Step): void {
  const why = step.session.missingEndpoint('introspection')
  if (why !== null) skip(why)
}

async function mainAccessToken(step: Step): Promise<string> {
  const main = step.use(await step.session.requireMainGrant())
  return stringField(main, 'access_token')!
}

/** RFC 7662 §2.2: the members a server may return and the JSON type each must have. */
const MEMBER_TYPES: Record<string, 'string' | 'number'> = {
  scope: 'string',
  client_id: 'string',
  username: 'string',
  token_type: 'string',
  exp: 'number',
  iat: 'number',
  nbf: 'number',
  sub: 'string',
  iss: 'string',
  jti: 'string',
}

const active: Check = {
  id: 'introspection.active',
  name: 'RFC 7662 §2.2 an active token is "active": true with its details',
  rfc: 'RFC 7662 §2.2',
  quote: 'active REQUIRED. Boolean indicator of whether or not the presented token is currently active.',
  level: 'MUST',
  requires: ['introspection-by-client', 'token'],
  async run(step) {
    requireIntrospection(step)
    const s = step.session
    const token = await mainAccessToken(step)
    const r = step.use(await s.introspect('introspect the access token', token, { hint: 'access_token' }))
    if (!step.expect(expectStatus(r, 200))) return
    const body = jsonObject(r)
    if (body?.['active'] !== true) {
      step.fail(`${r.label}: active`, 'true', summarize(r))
      return
    }
    for (const [key, type] of Object.entries(MEMBER_TYPES)) {
      if (key in body && typeof body[key] !== type)
        step.fail(`${r.label}: ${key}`, `a JSON ${type}`, JSON.stringify(body[key]))
    }
    const aud = body['aud']
    if (
      aud !== undefined &&
      typeof aud !== 'string' &&
      !(Array.isArray(aud) && aud.every((a) => typeof a === 'string'))
    ) {
      step.fail(`${r.label}: aud`, 'a string or a list of strings', JSON.stringify(aud))
    }
    if ('client_id' in body && body['client_id'] !== s.credentials.clientId) {
      step.fail(`${r.label}: client_id`, JSON.stringify(s.credentials.clientId), JSON.stringify(body['client_id']))
    }
    if (typeof body['exp'] === 'number' && body['exp'] * 1000 < Date.now() - 60_000) {
      step.fail(
        `${r.label}: exp`,
        'in the future (the token was just issued)',
        new Date(body['exp'] * 1000).toISOString(),
      )
    }
  },
}

const unknown: Check = {
  id: 'introspection.unknown-inactive',
  name: 'RFC 7662 §2.2 an unknown token is exactly {"active": false}',
  rfc: 'RFC 7662 §2.2',
  quote:
    'If the introspection call is properly authorized but the token is not active, ... the authorization server MUST return an introspection response with the "active" field set to "false".',
  level: 'MUST',
  requires: ['introspection-by-client', 'token'],
  async run(step) {
    requireIntrospection(step)
    const s = step.session
    step.expect(expectExactlyInactive(step.use(await s.introspect('introspect an unknown token', s.random()))))
  },
}

const needsAuth: Check = {
  id: 'introspection.needs-auth',
  name: 'RFC 7662 §2.1 introspection without client authentication is refused',
  rfc: 'RFC 7662 §2.1',
  quote:
    'To prevent token scanning attacks, the endpoint MUST also require some form of authorization to access this endpoint',
  level: 'MUST',
  requires: ['introspection', 'token'],
  async run(step) {
    requireIntrospection(step)
    const s = step.session
    const token = await mainAccessToken(step)
    const r = step.use(
      await s.introspect('introspect without client authentication', token, { auth: s.auth('none', { clientId: '' }) }),
    )
    // §2.1 requires authorization; the status is 401 (or 400 invalid_client, RFC 6749 §5.2).
    step.expect(expectRefused(r, '401 (or 400 invalid_client), and no token details'))
  },
}

const badSecret: Check = {
  id: 'introspection.wrong-secret',
  name: 'RFC 7662 §2.3 introspection with a wrong client secret is 401',
  rfc: 'RFC 7662 §2.3, RFC 6749 §5.2',
  quote:
    'If the protected resource uses OAuth 2.0 client credentials to authenticate to the introspection endpoint and its credentials are invalid, the authorization server responds with an HTTP 401 (Unauthorized) as described in Section 5.2 of OAuth 2.0',
  level: 'MUST',
  requires: ['introspection', 'confidential', 'token'],
  async run(step) {
    requireIntrospection(step)
    const s = step.session
    if (s.isPublic) skip('the client is public (no secret): client authentication checks do not apply')
    const token = await mainAccessToken(step)
    const r = step.use(
      await s.introspect('introspect with a wrong client secret (Basic)', token, {
        auth: s.auth('basic', { secret: s.random('wrong-secret') }),
      }),
    )
    step.expect(expectRefused(r, '401 and no token details'))
    step.expect(expectStatus(r, 401))
    expectJudged(
      step,
      r,
      new Set([
        'unauthorized_without_www_authenticate',
        'challenge_scheme_mismatch',
        'basic_challenge_without_realm',
        'invalid_client_not_401',
      ] as const),
    )
  },
}

export const introspectionChecks: CheckGroup = {
  name: 'introspection',
  checks: [active, unknown, needsAuth, badSecret],
}
