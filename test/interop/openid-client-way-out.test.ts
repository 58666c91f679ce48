// A real third-party client against the way out: openid-client 6 discovers the embedded server
// (RFC 8414), builds the authorization URL with PKCE S256, follows the sign-in page as a script does,
// and redeems the code checking state and iss (RFC 9207) itself; then the client credentials grant
// (RFC 6749 §4.4). Real HTTP on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as oidc from 'openid-client'
import { type Harness, startHarness } from '../helpers/token-server-harness'
import { pageState, submitSignIn } from '../helpers/way-out'

const REDIRECT = 'http://127.0.0.1:43123/callback'
let h: Harness

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({
    clientId: 'web-app',
    public: true,
    grantTypes: ['authorization_code', 'refresh_token'],
    redirectUris: ['http://127.0.0.1/callback'],
  })
  await h.addClient({ clientId: 'batch', secret: 'batch-secret', grantTypes: ['client_credentials'] })
  await h.addUser({ username: 'alice', password: 'alice-password-1' })
})
afterAll(async () => {
  await h.close()
})

const discover = (clientId: string, auth: oidc.ClientAuth, secret?: string) =>
  oidc.discovery(new URL(h.baseUrl), clientId, secret, auth, {
    algorithm: 'oauth2',
    execute: [oidc.allowInsecureRequests],
  })

describe('openid-client 6 (a real client) against the code flow and client credentials', () => {
  it('RFC 8414 + RFC 7636 + RFC 9207: discovery, PKCE S256, sign-in, code redeemed with state and iss checked', async () => {
    const config = await discover('web-app', oidc.None())
    expect(config.serverMetadata().supportsPKCE()).toBe(true)
    const verifier = oidc.randomPKCECodeVerifier()
    const state = oidc.randomState()
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      scope: 'read',
    })
    const page = await h.request('GET', url.pathname + url.search)
    expect(page.status).toBe(200)
    const answer = await submitSignIn(h, pageState(page), { username: 'alice', password: 'alice-password-1' })
    expect(answer.status).toBe(302)
    const tokens = await oidc.authorizationCodeGrant(config, new URL(answer.headers.location!), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    })
    expect(tokens.token_type.toLowerCase()).toBe('bearer')
    expect(tokens.access_token).toBeTruthy()
    expect(tokens.refresh_token).toBeTruthy()
    expect(h.lastExchange().flow).toBe('authorization_code')
  })

  it('RFC 9207 §2.4: openid-client refuses an answer whose iss is not the issuer', async () => {
    const config = await discover('web-app', oidc.None())
    const forged = new URL(`${REDIRECT}?code=x&state=s&iss=${encodeURIComponent('https://evil.example')}`)
    await expect(
      oidc.authorizationCodeGrant(config, forged, { pkceCodeVerifier: 'v'.repeat(43), expectedState: 's' }),
    ).rejects.toThrow()
  })

  it('RFC 6749 §4.4: client credentials with client_secret_basic', async () => {
    const config = await discover('batch', oidc.ClientSecretBasic('batch-secret'), 'batch-secret')
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'read' })
    expect(tokens.access_token).toBeTruthy()
    expect(tokens.refresh_token).toBeUndefined()
    expect(h.lastExchange().flow).toBe('client_credentials')
  })
})
