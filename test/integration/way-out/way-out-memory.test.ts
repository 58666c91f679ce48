// What one client can make the way-out flows keep, over real HTTP on 127.0.0.1: each sign-in page is
// kept until its form comes back, so what an unauthenticated request can put in one is bounded in bytes
// (AUTHORIZE_QUERY_LIMIT) as well as in count (WAY_OUT_STATE_LIMIT).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTotpSecret, TotpVerifier } from '../../../src/server/credentials/totp'
import { AUTHORIZE_QUERY_LIMIT, CODE_TTL_MS, TOTP_REPLAY_LIMIT, USED_CODE_MEMORY_MS } from '../../../src/shared/limits'
import { expectOAuthError, type Harness } from '../../helpers/token-server-harness'
import {
  activeInStore,
  authorizeUrl,
  locationParams,
  newPkce,
  pageState,
  SPA_REDIRECT,
  startSpaHarness,
  submitSignIn,
  totpNow,
} from '../../helpers/way-out'

let h: Harness

beforeAll(async () => {
  h = await startSpaHarness({}, { grantTypes: ['authorization_code', 'refresh_token'] })
})
afterAll(async () => {
  await h.close()
})

/** An authorization request whose query is exactly `length` bytes, padded through `state`. */
function requestOfLength(length: number, pad: 'state' | 'redirect_uri' = 'state'): string {
  const base = {
    client_id: 'spa',
    redirect_uri: SPA_REDIRECT,
    code_challenge: newPkce().challenge,
    code_challenge_method: 'S256',
    state: '',
  }
  const query = authorizeUrl(base).split('?')[1]!
  const room = length - query.length
  // RFC 8252 §7.3's loopback port may be any: a port with leading zeros lengthens the URI the same.
  if (pad === 'redirect_uri') {
    const withZeros = (n: number) =>
      authorizeUrl({ ...base, redirect_uri: `http://127.0.0.1:${'0'.repeat(n)}80/cb`, state: 's' })
    const unpadded = withZeros(0).split('?')[1]!.length
    return withZeros(length - unpadded)
  }
  return authorizeUrl({ ...base, state: 'x'.repeat(room) })
}

describe('AUTHORIZE_QUERY_LIMIT: what one sign-in page may keep', () => {
  it('a request at the limit gets its page', async () => {
    const path = requestOfLength(AUTHORIZE_QUERY_LIMIT)
    expect(path.split('?')[1]!.length).toBe(AUTHORIZE_QUERY_LIMIT)
    const page = await h.request('GET', path)
    expect(page.status).toBe(200)
    expect(pageState(page).csrf).toBeTruthy()
  })

  it('one byte more, through state or a padded loopback redirect_uri: 414 on an error page, nothing kept, no redirect', async () => {
    for (const pad of ['state', 'redirect_uri'] as const) {
      const path = requestOfLength(AUTHORIZE_QUERY_LIMIT + 1, pad)
      expect(path.split('?')[1]!.length).toBe(AUTHORIZE_QUERY_LIMIT + 1)
      const r = await h.request('GET', path)
      expect(r.status, pad).toBe(414)
      expect(r.headers.location).toBeUndefined()
      expect(r.headers['set-cookie']).toBeUndefined()
      expect(r.text).not.toContain('csrf_token')
      expect(r.text).toContain('too long')
    }
  })
})

/** Signs alice in through the page; returns a fresh code and its verifier. */
async function newCode(): Promise<{ code: string; verifier: string }> {
  const pkce = newPkce()
  const page = await h.request(
    'GET',
    authorizeUrl({
      client_id: 'spa',
      redirect_uri: SPA_REDIRECT,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    }),
  )
  const r = await submitSignIn(h, pageState(page), { username: 'alice', password: 'alice-password-1' })
  return { code: locationParams(r).get('code')!, verifier: pkce.verifier }
}

const redeem = (code: string, verifier: string) =>
  h.token({
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: SPA_REDIRECT,
    client_id: 'spa',
  })

describe('USED_CODE_MEMORY_MS: how long a spent code is remembered', () => {
  it('a replay within the memory still revokes; past it the code is forgotten (and stays refused)', async () => {
    const a = await newCode()
    const tokens = (await redeem(a.code, a.verifier)).json()
    h.clock.advance(CODE_TTL_MS + USED_CODE_MEMORY_MS - 1_000)
    expectOAuthError(await redeem(a.code, a.verifier), 400, 'invalid_grant')
    expect(h.lastExchange().trace.find((t) => t.step === 'code.reuse')?.detail).toContain('2 token(s) revoked')
    expect(activeInStore(h, tokens.refresh_token)).toBe(false)

    const b = await newCode()
    await redeem(b.code, b.verifier)
    h.clock.advance(CODE_TTL_MS + USED_CODE_MEMORY_MS + 1_000)
    await newCode() // each new code prunes what has outlived its memory
    expectOAuthError(await redeem(b.code, b.verifier), 400, 'invalid_grant')
    expect(h.lastExchange().trace.find((t) => t.step === 'code.lookup')?.detail).toContain('no such authorization code')
  })
})

describe('TOTP_REPLAY_LIMIT: users whose second-factor state is remembered', () => {
  it('never more than the limit; the oldest goes first', () => {
    const verifier = new TotpVerifier()
    const secret = generateTotpSecret()
    const policy = { enabled: true, maxFailures: 5, lockSeconds: 300 }
    const now = Date.now()
    expect(verifier.verify(secret, 'first', totpNow(secret, now), now, policy)).toBe('ok')
    expect(verifier.verify(secret, 'first', totpNow(secret, now), now, policy)).toBe('replayed')
    for (let i = 0; i < TOTP_REPLAY_LIMIT; i += 1) verifier.verify(secret, `user-${i}`, 'abcdef', now, policy)
    expect(verifier.size).toBe(TOTP_REPLAY_LIMIT)
    // 'first' was the oldest entry: forgotten, as the bound requires.
    expect(verifier.verify(secret, 'first', totpNow(secret, now), now, policy)).toBe('ok')
    expect(verifier.size).toBe(TOTP_REPLAY_LIMIT)
  })
})
