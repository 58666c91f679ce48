// Users these flows cannot finish signing in — an expired password, or a second factor required but
// none enrolled — over real HTTP on 127.0.0.1 with real SQLite. Their right password is no brute-force
// failure (RFC 6749 §4.3.2 counts consecutive failures), as at the token endpoint
// (password-grant-unservable-users.test.ts): trying again must not lock them out, and the answer
// stays the one that tells them what to do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { type Harness, startHarness } from '../../helpers/token-server-harness'
import { authorizeUrl, locationParams, newPkce, pageState, submitSignIn } from '../../helpers/way-out'

const MAX_FAILURES = 3
let h: Harness

beforeAll(async () => {
  h = await startHarness({ lockout: { enabled: true, maxFailures: MAX_FAILURES, lockSeconds: 300 } })
  await h.addClient({
    clientId: 'app',
    public: true,
    firstParty: true,
    grantTypes: ['authorization_code'],
    redirectUris: ['http://127.0.0.1/cb'],
  })
  await h.addUser({ username: 'pete', password: 'pete-password-1', passwordExpired: true })
  await h.addUser({ username: 'nina', password: 'nina-password-1', requiresMfa: true })
})
afterAll(async () => {
  await h.close()
})

async function viaPage(username: string, password: string): Promise<string | null> {
  const page = await h.request(
    'GET',
    authorizeUrl({
      client_id: 'app',
      redirect_uri: 'http://127.0.0.1/cb',
      code_challenge: newPkce().challenge,
      code_challenge_method: 'S256',
    }),
  )
  const r = await submitSignIn(h, pageState(page), { username, password })
  return r.status === 302 ? locationParams(r).get('error_description') : null
}

async function viaChallenge(username: string, password: string): Promise<string> {
  const r = await h.post(ENDPOINT_PATHS.challenge, {
    client_id: 'app',
    username,
    password,
    code_challenge: newPkce().challenge,
    code_challenge_method: 'S256',
  })
  return r.json().error_description
}

describe('the right password of a user these flows cannot serve ends the consecutive failures', () => {
  for (const [username, password, says] of [
    ['pete', 'pete-password-1', 'The password has expired'],
    ['nina', 'nina-password-1', 'second factor but has none enrolled'],
  ] as const) {
    it(`${username}: more tries than maxFailures, page and challenge, never locked`, async () => {
      await viaPage(username, 'wrong-password')
      expect(h.store.users.get(username)!.failedAttempts).toBe(1)
      for (let i = 0; i < MAX_FAILURES + 1; i += 1) {
        expect(await viaPage(username, password)).toContain(says)
        expect(await viaChallenge(username, password)).toContain(says)
      }
      const user = h.store.users.get(username)!
      expect(user.failedAttempts).toBe(0)
      expect(user.lockedUntilMs).toBeNull()
    })
  }
})
