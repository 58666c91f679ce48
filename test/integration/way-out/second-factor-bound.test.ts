// The second factor's guesses are bounded by the lockout whatever else the attacker does (RFC 6749
// §4.3.2 brute-force protection; RFC 6238 §5.2 "the validation system SHOULD ... throttle"). An
// attacker who knows the password of a user who must use a second factor must not be able to reset
// the failure count with that password at the token endpoint (where the password grant refuses the
// user anyway, RFC 9700 §2.4) and so guess six digits without end. Real HTTP on 127.0.0.1, real SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTotpSecret } from '../../../src/server/credentials/totp'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { type Harness, startHarness } from '../../helpers/token-server-harness'
import { authorizeUrl, newPkce, pageState, submitSignIn, totpNow } from '../../helpers/way-out'

const SECRET = generateTotpSecret()
const MAX_FAILURES = 5
let h: Harness

beforeAll(async () => {
  h = await startHarness({ lockout: { enabled: true, maxFailures: MAX_FAILURES, lockSeconds: 300 } })
  await h.addClient({
    clientId: 'app',
    public: true,
    firstParty: true,
    grantTypes: ['authorization_code', 'password'],
    redirectUris: ['http://127.0.0.1/cb'],
  })
  await h.addUser({ username: 'mia', password: 'mia-password-1', requiresMfa: true })
  h.store.users.setTotpSecret('mia', SECRET)
})
afterAll(async () => {
  await h.close()
})

/** A six-digit code that is not valid now (nor one step either side). */
function wrongCode(i: number): string {
  const valid = new Set([-30_000, 0, 30_000].map((d) => totpNow(SECRET, h.clock.now + d)))
  for (let n = i; ; n += 1) {
    const code = String(100_000 + (n % 900_000))
    if (!valid.has(code)) return code
  }
}

/**
 * The password grant refuses mia (she signs in with a one-time code), and for a user with a key its right
 * password clears no count at all (password-grant-second-factor.test.ts): an attacker who knows the password
 * tries it here between guesses, hoping it does.
 */
async function resetWithPasswordGrant(): Promise<void> {
  const before = h.store.users.get('mia')!.failedAttempts
  expect((await passwordGrant()).status).toBe(400)
  expect(h.store.users.get('mia')!.failedAttempts).toBeGreaterThanOrEqual(before)
}

const passwordGrant = () =>
  h.token({ grant_type: 'password', username: 'mia', password: 'mia-password-1', client_id: 'app' })

/** One-time codes the server actually compared (its trace says so), from exchange `from` on. */
function codesCompared(from: number): number {
  return h.exchanges
    .slice(from)
    .filter((e) => e.trace.some((t) => t.step === 'user.second_factor' && t.detail.includes('does not match'))).length
}

function challengeWithPassword(extra: Record<string, string> = {}) {
  return h.post(ENDPOINT_PATHS.challenge, {
    client_id: 'app',
    username: 'mia',
    password: 'mia-password-1',
    code_challenge: newPkce().challenge,
    code_challenge_method: 'S256',
    ...extra,
  })
}

describe('wrong one-time codes stay bounded whatever resets the password count', () => {
  it('challenge endpoint and sign-in page: the right password at the token endpoint between guesses buys no more guesses', async () => {
    const from = h.exchanges.length
    for (let cycle = 0; cycle < 4; cycle += 1) {
      const session = (await challengeWithPassword()).json().auth_session as string
      for (let guess = 0; guess < 2; guess += 1) {
        await h.post(ENDPOINT_PATHS.challenge, {
          client_id: 'app',
          auth_session: session,
          otp: wrongCode(cycle * 10 + guess),
        })
      }
      await resetWithPasswordGrant()
      const page = await h.request(
        'GET',
        authorizeUrl({
          client_id: 'app',
          redirect_uri: 'http://127.0.0.1/cb',
          code_challenge: newPkce().challenge,
          code_challenge_method: 'S256',
        }),
      )
      const form = pageState(page)
      const step = await submitSignIn(h, form, { username: 'mia', password: 'mia-password-1' })
      // Once the wrong codes have locked her, the page refuses the password and asks for no code.
      if (step.text.includes('name="otp"')) await submitSignIn(h, form, { otp: wrongCode(cycle * 10 + 500) })
      await resetWithPasswordGrant()
    }
    // Twelve wrong codes offered, the right password tried between them: at most MAX_FAILURES were compared
    // (the password's lock, which wrong codes feed and the password grant no longer clears, may end it sooner).
    const compared = codesCompared(from)
    expect(compared).toBeGreaterThan(0)
    expect(compared).toBeLessThanOrEqual(MAX_FAILURES)

    // Locked: even the right code gets no code back, so a lucky guess would not have worked either.
    const locked = await challengeWithPassword({ otp: totpNow(SECRET, h.clock.now) })
    expect(locked.status).not.toBe(200)
    expect(locked.json().authorization_code).toBeUndefined()
    expect(codesCompared(from)).toBe(compared)

    // The lock runs out after lockSeconds: mia signs in with her current code.
    h.clock.advance(300_000)
    expect((await passwordGrant()).status).toBe(400)
    const ok = await challengeWithPassword({ otp: totpNow(SECRET, h.clock.now) })
    expect(ok.status).toBe(200)
    expect(ok.json().authorization_code).toBeTruthy()
  })
})
