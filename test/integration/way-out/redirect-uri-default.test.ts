// RFC 6749 §3.1.2.3 and §4.1.3 over real HTTP on 127.0.0.1: a client with one registered redirect URI
// may leave redirect_uri out of the authorization request; its token request then need not name it
// ("REQUIRED, if the redirect_uri parameter was included in the authorization request"). When the
// authorization request named it, the token request must repeat it, identical.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectOAuthError, type Harness } from '../../helpers/token-server-harness'
import {
  authorizeUrl,
  locationParams,
  newPkce,
  pageState,
  SPA_REDIRECT,
  startSpaHarness,
  submitSignIn,
} from '../../helpers/way-out'

let h: Harness

beforeAll(async () => {
  h = await startSpaHarness()
})
afterAll(async () => {
  await h.close()
})

async function codeFor(params: Record<string, string>): Promise<{ code: string; verifier: string; to: string }> {
  const pkce = newPkce()
  const page = await h.request(
    'GET',
    authorizeUrl({ client_id: 'spa', code_challenge: pkce.challenge, code_challenge_method: 'S256', ...params }),
  )
  const r = await submitSignIn(h, pageState(page), { username: 'alice', password: 'alice-password-1' })
  expect(r.status).toBe(302)
  return { code: locationParams(r).get('code')!, verifier: pkce.verifier, to: r.headers.location! }
}

describe('redirect_uri at the token endpoint (RFC 6749 §4.1.3)', () => {
  it('left out of the authorization request: the one registered URI is used, and the token request may leave it out too', async () => {
    const { code, verifier, to } = await codeFor({})
    expect(to.startsWith(`${SPA_REDIRECT}?`)).toBe(true)
    const t = await h.token({ grant_type: 'authorization_code', code, code_verifier: verifier, client_id: 'spa' })
    expect(t.status).toBe(200)
  })

  it('named in the authorization request: the token request must repeat it', async () => {
    const { code, verifier } = await codeFor({ redirect_uri: SPA_REDIRECT })
    expectOAuthError(
      await h.token({ grant_type: 'authorization_code', code, code_verifier: verifier, client_id: 'spa' }),
      400,
      'invalid_grant',
    )
    const again = await codeFor({ redirect_uri: SPA_REDIRECT })
    const t = await h.token({
      grant_type: 'authorization_code',
      code: again.code,
      code_verifier: again.verifier,
      client_id: 'spa',
      redirect_uri: SPA_REDIRECT,
    })
    expect(t.status).toBe(200)
  })
})
