// Token introspection, RFC 7662.
import { expectBasicChallenge, expectExactlyInactive, expectRefused, expectStatus } from '../assert'
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
  name: 'RFC 7662 §2.2 an active token is "active": true with its details',
  rfc: 'RFC 7662 §2.2',
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
  name: 'RFC 7662 §2.2 an unknown token is exactly {"active": false}',
  rfc: 'RFC 7662 §2.2',
  async run(step) {
    requireIntrospection(step)
    const s = step.session
    step.expect(expectExactlyInactive(step.use(await s.introspect('introspect an unknown token', s.random()))))
  },
}

const needsAuth: Check = {
  name: 'RFC 7662 §2.1 introspection without client authentication is refused',
  rfc: 'RFC 7662 §2.1',
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
  name: 'RFC 7662 §2.3 introspection with a wrong client secret is 401',
  rfc: 'RFC 7662 §2.3, RFC 6749 §5.2',
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
    step.expect(expectBasicChallenge(r))
  },
}

export const introspectionChecks: CheckGroup = {
  name: 'introspection',
  checks: [active, unknown, needsAuth, badSecret],
}
