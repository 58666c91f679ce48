// RFC 9700 §2.4: the password grant "cannot do multi-factor". A user who signs in with a second factor
// (an RFC 6238 key enrolled, or `requiresMfa`) is refused by it, whatever the password; and a right
// password sent to it must not reset the lockout count that wrong one-time codes built up elsewhere,
// or the password grant becomes a way to guess the six digits without end (RFC 6238 §5.2, RFC 4226
// §7.3: throttle the guesses; RFC 6749 §4.3.2).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { generateTotpSecret } from '../../../src/server/credentials/totp'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { basic, expectOAuthError, type Harness, startHarness } from '../../helpers/token-server-harness'
import { newPkce, totpNow } from '../../helpers/way-out'

const SECRET = generateTotpSecret()
const ROPC = basic('ropc', 'ropc-secret')
const MAX_FAILURES = 5
let h: Harness

beforeAll(async () => {
  h = await startHarness({ lockout: { enabled: true, maxFailures: MAX_FAILURES, lockSeconds: 300 } })
  await h.addClient({ clientId: 'ropc', secret: 'ropc-secret' })
  await h.addClient({ clientId: 'app', public: true, firstParty: true, grantTypes: ['authorization_code'] })
  // A key enrolled, requiresMfa off: the sign-in page and the challenge endpoint ask for the code.
  await h.addUser({ username: 'tina', password: 'tina-password-1' })
  h.store.users.setTotpSecret('tina', SECRET)
  await h.addUser({ username: 'mia', password: 'mia-password-1', requiresMfa: true })
  h.store.users.setTotpSecret('mia', SECRET)
  await h.addUser({ username: 'alice', password: 'alice-password-1' })
})
afterAll(async () => {
  await h.close()
})

const grant = (username: string, password: string) => h.token({ grant_type: 'password', username, password }, ROPC)

/** The right password with a wrong one-time code at the challenge endpoint: one counted failure. */
async function wrongCode(username: string, password: string): Promise<void> {
  const now = totpNow(SECRET, h.clock.now)
  const r = await h.post(ENDPOINT_PATHS.challenge, {
    client_id: 'app',
    username,
    password,
    otp: now === '000000' ? '111111' : '000000',
    code_challenge: newPkce().challenge,
    code_challenge_method: 'S256',
  })
  expect(r.status).toBe(400)
}

it('RFC 9700 §2.4: a user with a one-time-code key enrolled is refused by the password grant, right password or not', async () => {
  expectOAuthError(
    await grant('tina', 'tina-password-1'),
    400,
    'invalid_grant',
    'The username or password is incorrect.',
  )
  expect(h.lastExchange().trace.map((s) => s.step)).toContain('user.mfa_required')
  // A user without a second factor is granted as before.
  expect((await grant('alice', 'alice-password-1')).status).toBe(200)
})

it('RFC 6238 §5.2, RFC 6749 §4.3.2: the right password at the password grant does not reset the count of wrong one-time codes', async () => {
  for (let i = 0; i < MAX_FAILURES - 1; i++) await wrongCode('mia', 'mia-password-1')
  expect(h.store.users.get('mia')!.failedAttempts).toBe(MAX_FAILURES - 1)
  expectOAuthError(await grant('mia', 'mia-password-1'), 400, 'invalid_grant')
  // The grant's own attempt counts (before the compare) and is not undone by the right password:
  // the user is locked now, and one more code guess finds the lock.
  const after = h.store.users.get('mia')!
  expect(after.failedAttempts).toBe(MAX_FAILURES)
  expect(after.lockedUntilMs).toBeGreaterThan(h.clock.now)
})

it('a full success at the password grant still starts the count over (RFC 6749 §4.3.2 counts consecutive failures)', async () => {
  expectOAuthError(await grant('alice', 'wrong'), 400, 'invalid_grant')
  expect(h.store.users.get('alice')!.failedAttempts).toBe(1)
  expect((await grant('alice', 'alice-password-1')).status).toBe(200)
  expect(h.store.users.get('alice')!).toMatchObject({ failedAttempts: 0, lockedUntilMs: null })
})
