// draft-ietf-oauth-first-party-apps-04 §4–§6 on the embedded server, over real HTTP, with a real
// second factor (RFC 6238 codes computed by the otpauth library), and every refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTotpSecret } from '../../../src/server/credentials/totp'
import { AUTH_SESSION_TTL_MS, SIGN_IN_TTL_MS } from '../../../src/shared/limits'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import {
  basic,
  expectOAuthError,
  type Harness,
  type HttpResult,
  startHarness,
} from '../../helpers/token-server-harness'
import { authorizeUrl, newPkce, pageState, submitSignIn, locationParams, totpNow } from '../../helpers/way-out'

const SECRET = generateTotpSecret()
let h: Harness

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({
    clientId: 'app',
    public: true,
    firstParty: true,
    grantTypes: ['authorization_code', 'refresh_token'],
  })
  await h.addClient({
    clientId: 'app-conf',
    secret: 'app-secret',
    firstParty: true,
    grantTypes: ['authorization_code'],
  })
  await h.addClient({ clientId: 'partner', public: true, grantTypes: ['authorization_code'] })
  await h.addClient({
    clientId: 'spa',
    public: true,
    grantTypes: ['authorization_code'],
    redirectUris: ['http://127.0.0.1/cb'],
  })
  await h.addClient({ clientId: 'legacy', secret: 'legacy-secret', firstParty: true })
  await h.addUser({ username: 'alice', password: 'alice-password-1' })
  await h.addUser({ username: 'mia', password: 'mia-password-1', requiresMfa: true })
  await h.addUser({ username: 'nina', password: 'nina-password-1', requiresMfa: true })
  await h.addUser({ username: 'pete', password: 'pete-password-1', passwordExpired: true })
  await h.addUser({ username: 'dora', password: 'dora-password-1', disabled: true })
  h.store.users.setTotpSecret('mia', SECRET)
})
afterAll(async () => {
  await h.close()
})

const challenge = (params: Record<string, string>, headers?: Record<string, string>) =>
  h.post(ENDPOINT_PATHS.challenge, params, headers)

/** draft §5.2: an error of this endpoint, JSON and no-store. */
function expectChallengeError(r: HttpResult, error: string): Record<string, string> {
  expect(r.status).toBe(error === 'invalid_client' ? 401 : 400)
  expect(r.headers['content-type']).toBe('application/json')
  expect(r.headers['cache-control']).toBe('no-store')
  const body = r.json()
  expect(body.error).toBe(error)
  return body
}

function redeem(
  code: string,
  verifier: string,
  client: Record<string, string> = { client_id: 'app' },
  headers?: Record<string, string>,
) {
  return h.token({ grant_type: 'authorization_code', code, code_verifier: verifier, ...client }, headers)
}

describe('authorization challenge endpoint (draft-ietf-oauth-first-party-apps-04)', () => {
  it('§5.1, §6: a first-party app signs alice in and redeems the code with the PKCE verifier (no redirect_uri)', async () => {
    const pkce = newPkce()
    const r = await challenge({
      client_id: 'app',
      username: 'alice',
      password: 'alice-password-1',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      scope: 'read',
    })
    expect(r.status).toBe(200)
    expect(r.headers['cache-control']).toBe('no-store')
    const { authorization_code: code } = r.json()
    const e = h.lastExchange()
    expect(e.flow).toBe('authorization_challenge')
    expect(e.request.body).not.toContain('alice-password-1')
    expect(e.response.body).not.toContain(code)
    const t = await redeem(code, pkce.verifier)
    expect(t.status).toBe(200)
    expect(t.json()).toMatchObject({ token_type: 'Bearer', scope: 'read' })
    expect(h.lastExchange().flow).toBe('authorization_challenge')
  })

  it('client authentication as at the token endpoint: a confidential app with a wrong secret is invalid_client', async () => {
    const pkce = newPkce()
    const base = {
      username: 'alice',
      password: 'alice-password-1',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    }
    expectOAuthError(await challenge(base, basic('app-conf', 'wrong')), 401, 'invalid_client')
    const ok = await challenge(base, basic('app-conf', 'app-secret'))
    expect(ok.status).toBe(200)
    expect(
      (await redeem(ok.json().authorization_code, pkce.verifier, {}, basic('app-conf', 'app-secret'))).status,
    ).toBe(200)
  })

  it('§5.2.1: a user with a second factor gets insufficient_authorization with an auth_session, then the code for the TOTP', async () => {
    const pkce = newPkce()
    const first = await challenge({
      client_id: 'app',
      username: 'mia',
      password: 'mia-password-1',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    })
    const { auth_session } = expectChallengeError(first, 'insufficient_authorization')
    expect(auth_session).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(h.lastExchange().response.body).not.toContain(auth_session)

    // A wrong code keeps the session (and counts as a failure).
    const wrong = await challenge({
      client_id: 'app',
      auth_session: auth_session!,
      otp: '000000' === totpNow(SECRET) ? '111111' : '000000',
    })
    expect(expectChallengeError(wrong, 'insufficient_authorization').auth_session).toBe(auth_session)

    const otp = totpNow(SECRET, h.clock.now)
    const second = await challenge({ client_id: 'app', auth_session: auth_session!, otp })
    expect(second.status).toBe(200)
    expect(h.lastExchange().request.body).not.toContain(otp)
    expect((await redeem(second.json().authorization_code, pkce.verifier)).status).toBe(200)

    // The session is spent, and RFC 6238 §5.2: the same code is not accepted twice.
    expectChallengeError(await challenge({ client_id: 'app', auth_session: auth_session!, otp }), 'invalid_session')
    const again = await challenge({
      client_id: 'app',
      username: 'mia',
      password: 'mia-password-1',
      otp,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    })
    expectChallengeError(again, 'insufficient_authorization')
  })

  it('RFC 9700 §2.4: the password grant still refuses the user with a second factor', async () => {
    await h.addClient({ clientId: 'ropc', secret: 'ropc-secret' })
    expectOAuthError(
      await h.token(
        { grant_type: 'password', username: 'mia', password: 'mia-password-1' },
        basic('ropc', 'ropc-secret'),
      ),
      400,
      'invalid_grant',
    )
    // That refusal counted an attempt, and a right password no longer clears the count of a user with
    // a one-time-code key (only a full sign-in does): the tests below start from a clean count.
    expect(h.store.users.get('mia')!.failedAttempts).toBeGreaterThan(0)
    h.store.users.resetFailures('mia')
  })

  it('§5.2: a client not marked first-party is sent to the browser (redirect_to_web, finding challenge_not_first_party)', async () => {
    const r = await challenge({
      client_id: 'partner',
      username: 'alice',
      password: 'alice-password-1',
      code_challenge: newPkce().challenge,
      code_challenge_method: 'S256',
    })
    expectChallengeError(r, 'redirect_to_web')
    expect(h.lastExchange().findings.map((f) => f.code)).toContain('challenge_not_first_party')
  })

  it('the refusals: unauthorized_client, invalid_request (PKCE, plain, no password), access_denied, invalid_session', async () => {
    const { challenge: cc } = newPkce()
    const s256 = { code_challenge: cc, code_challenge_method: 'S256' }
    const legacy = await challenge(
      { username: 'alice', password: 'alice-password-1', ...s256 },
      basic('legacy', 'legacy-secret'),
    )
    expectOAuthError(legacy, 400, 'unauthorized_client')
    expectChallengeError(
      await challenge({ client_id: 'app', username: 'alice', password: 'alice-password-1' }),
      'invalid_request',
    )
    expect(h.lastExchange().findings.map((f) => f.code)).toContain('pkce_missing')
    expectChallengeError(
      await challenge({
        client_id: 'app',
        username: 'alice',
        password: 'alice-password-1',
        code_challenge: cc,
        code_challenge_method: 'plain',
      }),
      'invalid_request',
    )
    expect(h.lastExchange().findings.map((f) => f.code)).toContain('pkce_plain')
    expectChallengeError(await challenge({ client_id: 'app', username: 'alice', ...s256 }), 'invalid_request')
    for (const [username, password] of [
      ['alice', 'wrong'],
      ['dora', 'dora-password-1'],
      ['nobody', 'x'],
      ['pete', 'pete-password-1'],
      ['nina', 'nina-password-1'],
    ]) {
      expectChallengeError(
        await challenge({ client_id: 'app', username: username!, password: password!, ...s256 }),
        'access_denied',
      )
    }
    expectChallengeError(
      await challenge({ client_id: 'app', auth_session: 'made-up', otp: '123456' }),
      'invalid_session',
    )
  })

  it('an auth_session is bound to its client', async () => {
    const first = await challenge({
      client_id: 'app',
      username: 'mia',
      password: 'mia-password-1',
      code_challenge: newPkce().challenge,
      code_challenge_method: 'S256',
    })
    const { auth_session } = first.json()
    await h.addClient({ clientId: 'app2', public: true, firstParty: true, grantTypes: ['authorization_code'] })
    expectChallengeError(
      await challenge({ client_id: 'app2', auth_session, otp: totpNow(SECRET, h.clock.now) }),
      'invalid_session',
    )
  })
})

describe('the sign-in page asks for the second factor', () => {
  it('password first, then the one-time code, then the redirect with the code', async () => {
    const pkce = newPkce()
    const page = await h.request(
      'GET',
      authorizeUrl({
        client_id: 'spa',
        redirect_uri: 'http://127.0.0.1/cb',
        code_challenge: pkce.challenge,
        code_challenge_method: 'S256',
        state: 's',
      }),
    )
    const state = pageState(page)
    h.clock.advance(30_000) // a fresh TOTP step: the codes above were used
    const step2 = await submitSignIn(h, state, { username: 'mia', password: 'mia-password-1' })
    expect(step2.status).toBe(200)
    expect(step2.text).toContain('name="otp"')
    expect(step2.text).not.toContain('name="password"')
    const wrong = await submitSignIn(h, state, { otp: '12345x' })
    expect(wrong.status).toBe(400)
    expect(wrong.text).toContain('name="otp"')
    const done = await submitSignIn(h, state, { otp: totpNow(SECRET, h.clock.now) })
    expect(done.status).toBe(302)
    const code = locationParams(done).get('code')!
    const t = await h.token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://127.0.0.1/cb',
      code_verifier: pkce.verifier,
      client_id: 'spa',
    })
    expect(t.status).toBe(200)
  })
})

describe('what the flows keep expires', () => {
  it('AUTH_SESSION_TTL_MS: an auth_session past its lifetime is invalid_session, even with the right code', async () => {
    h.clock.advance(30_000) // a fresh TOTP step
    const first = await challenge({
      client_id: 'app',
      username: 'mia',
      password: 'mia-password-1',
      code_challenge: newPkce().challenge,
      code_challenge_method: 'S256',
    })
    const { auth_session } = expectChallengeError(first, 'insufficient_authorization')
    h.clock.advance(AUTH_SESSION_TTL_MS + 1)
    expectChallengeError(
      await challenge({ client_id: 'app', auth_session: auth_session!, otp: totpNow(SECRET, h.clock.now) }),
      'invalid_session',
    )
  })

  it('fault rules act on the endpoints they can name only: a rule for every endpoint leaves the challenge answered', async () => {
    h.server.faults.replace([
      {
        name: 'everything overloaded',
        enabled: true,
        match: {},
        trigger: { always: true },
        effect: { type: 'error', status: 503, error: 'temporarily_unavailable' },
      },
    ])
    try {
      // The rule is live: the token endpoint is faulted...
      expect((await h.token({ grant_type: 'client_credentials' }, basic('legacy', 'legacy-secret'))).status).toBe(503)
      // ...while the challenge endpoint, which no rule can name, still signs alice in.
      const r = await challenge({
        client_id: 'app',
        username: 'alice',
        password: 'alice-password-1',
        code_challenge: newPkce().challenge,
        code_challenge_method: 'S256',
      })
      expect(r.status).toBe(200)
      expect(r.json().authorization_code).toBeTruthy()
    } finally {
      h.server.faults.replace([])
    }
  })

  it('SIGN_IN_TTL_MS: a sign-in page past its lifetime is refused, even with the right password', async () => {
    const pkce = newPkce()
    const page = await h.request(
      'GET',
      authorizeUrl({
        client_id: 'spa',
        redirect_uri: 'http://127.0.0.1/cb',
        code_challenge: pkce.challenge,
        code_challenge_method: 'S256',
      }),
    )
    const state = pageState(page)
    h.clock.advance(SIGN_IN_TTL_MS + 1)
    const late = await submitSignIn(h, state, { username: 'alice', password: 'alice-password-1' })
    expect(late.status).toBe(400)
    expect(late.headers.location).toBeUndefined()
  })
})
