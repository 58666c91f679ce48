// RFC 6749 §4.1.2 under concurrency, over real HTTP on 127.0.0.1: a code presented twice at the same
// instant — the client and an attacker who saw it — is redeemed once, and the replay revokes what
// that one redemption issued even when it arrives while the tokens are still being signed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { expectOAuthError, type Harness, startHarness } from '../../helpers/token-server-harness'
import { activeInStore, newPkce } from '../../helpers/way-out'

let h: Harness

beforeAll(async () => {
  h = await startHarness()
  // JWT access tokens: signing is asynchronous, the window in which a replay used to revoke nothing.
  await h.addClient({
    clientId: 'app',
    public: true,
    firstParty: true,
    grantTypes: ['authorization_code', 'refresh_token'],
    tokenFormat: 'jwt',
  })
  await h.addUser({ username: 'alice', password: 'alice-password-1' })
})
afterAll(async () => {
  await h.close()
})

async function newCode(): Promise<{ code: string; verifier: string }> {
  const pkce = newPkce()
  const r = await h.post(ENDPOINT_PATHS.challenge, {
    client_id: 'app',
    username: 'alice',
    password: 'alice-password-1',
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
  })
  expect(r.status).toBe(200)
  return { code: r.json().authorization_code, verifier: pkce.verifier }
}

const redeem = (code: string, verifier: string) =>
  h.token({ grant_type: 'authorization_code', code, code_verifier: verifier, client_id: 'app' })

describe('one authorization code, concurrent redemptions (RFC 6749 §4.1.2, §10.5)', () => {
  it('two at the same instant: one answer has tokens, the other invalid_grant, and those tokens are revoked', async () => {
    for (let round = 0; round < 8; round += 1) {
      const { code, verifier } = await newCode()
      const answers = await Promise.all([redeem(code, verifier), redeem(code, verifier)])
      const ok = answers.filter((r) => r.status === 200)
      expect(ok).toHaveLength(1)
      expectOAuthError(
        answers.find((r) => r.status !== 200)!,
        400,
        'invalid_grant',
      )
      const tokens = ok[0]!.json()
      expect(activeInStore(h, tokens.access_token)).toBe(false)
      expectOAuthError(
        await h.token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: 'app' }),
        400,
        'invalid_grant',
      )
    }
  })

  it('twenty at once: exactly one success, nineteen invalid_grant, the family revoked', async () => {
    const { code, verifier } = await newCode()
    const answers = await Promise.all(Array.from({ length: 20 }, () => redeem(code, verifier)))
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1)
    for (const r of answers.filter((a) => a.status !== 200)) expectOAuthError(r, 400, 'invalid_grant')
    const tokens = answers.find((r) => r.status === 200)!.json()
    expect(activeInStore(h, tokens.access_token)).toBe(false)
  })
})
