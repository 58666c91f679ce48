// RFC 6749 §4.1 with PKCE (RFC 7636), RFC 9700 §2.1.1 / §4.1.3, RFC 8252 §7.3 and RFC 9207 on the
// embedded server, over real HTTP: the sign-in page as a script drives it, and every refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CODE_TTL_MS } from '../../../src/shared/limits'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { basic, expectOAuthError, type Harness, startHarness } from '../../helpers/token-server-harness'
import { authorizeUrl, locationParams, newPkce, pageState, submitSignIn } from '../../helpers/way-out'

const REDIRECT = 'http://127.0.0.1/callback'
let h: Harness

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({
    clientId: 'spa',
    public: true,
    grantTypes: ['authorization_code', 'refresh_token'],
    redirectUris: [REDIRECT, 'https://app.example/cb?x=1'],
  })
  await h.addClient({
    clientId: 'web',
    secret: 'web-secret',
    grantTypes: ['authorization_code'],
    redirectUris: ['https://web.example/cb'],
  })
  await h.addClient({ clientId: 'legacy', secret: 'legacy-secret', redirectUris: [REDIRECT] })
  await h.addUser({ username: 'alice', password: 'alice-password-1' })
  await h.addUser({ username: 'dora', password: 'dora-password-1', disabled: true })
  await h.addUser({ username: 'pete', password: 'pete-password-1', passwordExpired: true })
})
afterAll(async () => {
  await h.close()
})

/** Signs alice in through the page; returns the redirect's parameters. */
async function signIn(params: Record<string, string>, user = 'alice', password = 'alice-password-1') {
  const page = await h.request('GET', authorizeUrl(params))
  expect(page.status).toBe(200)
  const r = await submitSignIn(h, pageState(page), { username: user, password })
  return { r, query: r.status === 302 ? locationParams(r) : null }
}

describe('authorization endpoint (RFC 6749 §4.1.1, §4.1.2)', () => {
  it('shows one form with username and password, a CSRF token, a cookie and a strict CSP', async () => {
    const { challenge } = newPkce()
    const r = await h.request(
      'GET',
      authorizeUrl({
        client_id: 'spa',
        redirect_uri: REDIRECT,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state: 's1',
      }),
    )
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(r.headers['content-security-policy']).toContain("form-action 'self' http://127.0.0.1")
    expect(r.headers['cache-control']).toBe('no-store')
    expect(r.text.match(/<form method="post"/g)).toHaveLength(1)
    expect(r.text).toContain('name="username"')
    expect(r.text).toContain('name="password"')
    expect(r.text).not.toContain('name="otp"')
    expect(r.text).not.toContain('<script')
    expect(r.headers['set-cookie']?.[0]).toMatch(/HttpOnly; SameSite=Strict/)
    const e = h.lastExchange()
    expect(e.flow).toBe('authorization_code')
    expect(e.response.body).not.toContain(pageState(r).csrf)
  })

  it('RFC 6749 §4.1.2, RFC 9207: signs in and redirects with code, state and iss; the code is redeemed once with the verifier', async () => {
    const pkce = newPkce()
    const port = 49152 + Math.floor(Math.random() * 1000)
    // RFC 8252 §7.3: a loopback redirect may come back on any port.
    const redirect = `http://127.0.0.1:${port}/callback`
    const { r, query } = await signIn({
      client_id: 'spa',
      redirect_uri: redirect,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      state: 'xyz',
      scope: 'read',
    })
    expect(r.status).toBe(302)
    expect(r.headers.location!.startsWith(`${redirect}?`)).toBe(true)
    expect(query!.get('state')).toBe('xyz')
    expect(query!.get('iss')).toBe(h.baseUrl)
    const code = query!.get('code')!
    expect(h.lastExchange().response.headers.find(([k]) => k === 'Location')![1]).not.toContain(code)

    const t = await h.token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirect,
      code_verifier: pkce.verifier,
      client_id: 'spa',
    })
    expect(t.status).toBe(200)
    const tokens = t.json()
    expect(tokens).toMatchObject({ token_type: 'Bearer', scope: 'read' })
    expect(tokens.refresh_token).toBeDefined()
    const e = h.lastExchange()
    expect(e.flow).toBe('authorization_code')
    expect(e.grantType).toBe('authorization_code')
    expect(e.username).toBe('alice')
    expect(e.request.body).not.toContain(code)
    expect(e.request.body).not.toContain(pkce.verifier)

    // RFC 6749 §4.1.2: a second use is refused and revokes what the first issued.
    const again = await h.token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirect,
      code_verifier: pkce.verifier,
      client_id: 'spa',
    })
    expectOAuthError(again, 400, 'invalid_grant')
    expect(h.lastExchange().findings.map((f) => f.code)).toContain('authorization_code_reused')
    const refresh = await h.token({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: 'spa',
    })
    expectOAuthError(refresh, 400, 'invalid_grant')
  })

  it('RFC 7636 §4.6: a wrong or missing code_verifier is invalid_grant (finding pkce_verifier_mismatch)', async () => {
    for (const verifier of [newPkce().verifier, undefined]) {
      const pkce = newPkce()
      const { query } = await signIn({
        client_id: 'spa',
        redirect_uri: REDIRECT,
        code_challenge: pkce.challenge,
        code_challenge_method: 'S256',
        state: 's',
      })
      const t = await h.token({
        grant_type: 'authorization_code',
        code: query!.get('code')!,
        redirect_uri: REDIRECT,
        client_id: 'spa',
        ...(verifier && { code_verifier: verifier }),
      })
      expectOAuthError(t, 400, 'invalid_grant')
      expect(h.lastExchange().findings.map((f) => f.code)).toContain('pkce_verifier_mismatch')
      // RFC 6749 §4.1.2: the code was spent by that attempt; the right verifier comes too late.
      const retry = await h.token({
        grant_type: 'authorization_code',
        code: query!.get('code')!,
        redirect_uri: REDIRECT,
        client_id: 'spa',
        code_verifier: pkce.verifier,
      })
      expectOAuthError(retry, 400, 'invalid_grant')
      expect(h.lastExchange().findings.map((f) => f.code)).toContain('authorization_code_reused')
    }
  })

  it('RFC 6749 §4.1.3: the token request must repeat the redirect_uri; another client cannot redeem the code', async () => {
    const pkce = newPkce()
    const { query } = await signIn({
      client_id: 'spa',
      redirect_uri: REDIRECT,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      state: 's',
    })
    const code = query!.get('code')!
    const other = await h.token(
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: pkce.verifier },
      basic('legacy', 'legacy-secret'),
    )
    expectOAuthError(other, 400, 'unauthorized_client')
    const wrongUri = await h.token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://127.0.0.1/other',
      code_verifier: pkce.verifier,
      client_id: 'spa',
    })
    expectOAuthError(wrongUri, 400, 'invalid_grant')
    expect(h.lastExchange().findings.map((f) => f.code)).toContain('redirect_uri_mismatch')
  })

  it('RFC 6749 §4.1.2: a code lives a minute', async () => {
    const pkce = newPkce()
    const { query } = await signIn({
      client_id: 'spa',
      redirect_uri: REDIRECT,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      state: 's',
    })
    h.clock.advance(CODE_TTL_MS + 1_000)
    const t = await h.token({
      grant_type: 'authorization_code',
      code: query!.get('code')!,
      redirect_uri: REDIRECT,
      code_verifier: pkce.verifier,
      client_id: 'spa',
    })
    expectOAuthError(t, 400, 'invalid_grant')
  })

  it('RFC 9700 §2.1.1: a missing challenge or plain is sent back as invalid_request, with state and iss', async () => {
    const { challenge } = newPkce()
    const cases: [Record<string, string>, string][] = [
      [{}, 'pkce_missing'],
      [{ code_challenge: challenge, code_challenge_method: 'plain' }, 'pkce_plain'],
      [{ code_challenge: challenge }, 'pkce_plain'],
    ]
    for (const [pkce, finding] of cases) {
      const r = await h.request('GET', authorizeUrl({ client_id: 'spa', redirect_uri: REDIRECT, state: 'st', ...pkce }))
      expect(r.status).toBe(302)
      const q = locationParams(r)
      expect(q.get('error')).toBe('invalid_request')
      expect(q.get('state')).toBe('st')
      expect(q.get('iss')).toBe(h.baseUrl)
      expect(h.lastExchange().findings.map((f) => f.code)).toContain(finding)
    }
  })

  it('RFC 6749 §4.1.2.1: an unknown client or an unregistered redirect_uri gets an error page, never a redirect', async () => {
    const { challenge } = newPkce()
    const base = { code_challenge: challenge, code_challenge_method: 'S256', state: 's' }
    for (const params of [
      { client_id: 'nobody', redirect_uri: REDIRECT },
      { client_id: 'spa', redirect_uri: 'http://127.0.0.1/callback/../evil' },
      { client_id: 'spa', redirect_uri: 'https://app.example/cb' },
      { client_id: 'spa', redirect_uri: 'https://evil.example/cb' },
      { client_id: 'spa', redirect_uri: 'http://localhost:5000/callback' },
    ]) {
      const r = await h.request('GET', authorizeUrl({ ...base, ...params }))
      expect(r.status, params.redirect_uri).toBe(400)
      expect(r.headers.location).toBeUndefined()
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8')
    }
    expect(h.lastExchange().findings.map((f) => f.code)).toContain('redirect_uri_mismatch')
  })

  it('RFC 6749 §4.1.2.1: a client without the grant, or another response_type, is answered at its redirect URI', async () => {
    const { challenge } = newPkce()
    const base = { code_challenge: challenge, code_challenge_method: 'S256', state: 's', redirect_uri: REDIRECT }
    const legacy = await h.request('GET', authorizeUrl({ ...base, client_id: 'legacy' }))
    expect(locationParams(legacy).get('error')).toBe('unauthorized_client')
    const token = await h.request(
      'GET',
      `${ENDPOINT_PATHS.authorize}?${new URLSearchParams({ ...base, client_id: 'spa', response_type: 'token' })}`,
    )
    expect(locationParams(token).get('error')).toBe('unsupported_response_type')
  })

  it('RFC 6749 §10.12: no state is allowed with PKCE but raises state_missing', async () => {
    const { challenge } = newPkce()
    const r = await h.request(
      'GET',
      authorizeUrl({
        client_id: 'spa',
        redirect_uri: REDIRECT,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
    )
    expect(r.status).toBe(200)
    expect(h.lastExchange().findings.map((f) => f.code)).toContain('state_missing')
  })
})

describe('the sign-in page honours the user rules', () => {
  const params = () => ({
    client_id: 'spa',
    redirect_uri: REDIRECT,
    code_challenge: newPkce().challenge,
    code_challenge_method: 'S256',
    state: 's',
  })

  it('a wrong password shows the form again with one message; a disabled user gets the very same', async () => {
    for (const [user, password] of [
      ['alice', 'wrong'],
      ['dora', 'dora-password-1'],
      ['nobody', 'x'],
    ]) {
      const { r } = await signIn(params(), user, password)
      expect(r.status).toBe(400)
      expect(r.text).toContain('The username or password is incorrect.')
      expect(r.text).toContain('name="password"')
    }
  })

  it('an expired password is refused with access_denied at the redirect URI', async () => {
    const { query } = await signIn(params(), 'pete', 'pete-password-1')
    expect(query!.get('error')).toBe('access_denied')
    expect(query!.get('error_description')).toContain('expired')
  })

  it('RFC 6749 §4.3.2 lockout counts failures on the page too, and a locked user cannot sign in', async () => {
    await h.addUser({ username: 'lena', password: 'lena-password-1' })
    const { maxFailures } = h.store.settings.get().lockout
    for (let i = 0; i < maxFailures; i++) await signIn(params(), 'lena', 'wrong')
    expect(h.store.users.get('lena')!.lockedUntilMs).not.toBeNull()
    const { r } = await signIn(params(), 'lena', 'lena-password-1')
    expect(r.status).toBe(400)
  })

  it('a form without its cookie or with an unknown CSRF token is refused', async () => {
    const page = await h.request('GET', authorizeUrl(params()))
    const state = pageState(page)
    const noCookie = await submitSignIn(
      h,
      { ...state, cookie: '' },
      { username: 'alice', password: 'alice-password-1' },
    )
    expect(noCookie.status).toBe(400)
    expect(noCookie.headers.location).toBeUndefined()
    const forged = await submitSignIn(
      h,
      { ...state, csrf: 'forged' },
      { username: 'alice', password: 'alice-password-1' },
    )
    expect(forged.status).toBe(400)
  })
})
