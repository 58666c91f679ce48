// The security rule on the new flows: after a code flow with PKCE, a challenge with a second factor
// and a client credentials grant, the database files hold no password, code, verifier, auth_session,
// one-time code, CSRF token, cookie or token as sent (architecture.md "One exchange pipeline").
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTotpSecret } from '../../../src/server/credentials/totp'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { forms, occurrences, readDbFiles, tokenForms } from '../../helpers/plaintext-scan'
import { basic, type Harness, startHarness } from '../../helpers/token-server-harness'
import { authorizeUrl, locationParams, newPkce, pageState, submitSignIn, totpNow } from '../../helpers/way-out'

const SECRET = generateTotpSecret()
let h: Harness
const secrets: string[] = []
/** Six digits may occur by chance in any database page: checked in the stored exchanges instead. */
const otps: string[] = []

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({
    clientId: 'spa',
    public: true,
    firstParty: true,
    grantTypes: ['authorization_code', 'refresh_token'],
    redirectUris: ['http://127.0.0.1/cb'],
  })
  await h.addClient({ clientId: 'batch', secret: 'batch-secret-1', grantTypes: ['client_credentials'] })
  await h.addUser({ username: 'mia', password: 'mia-password-1' })
  h.store.users.setTotpSecret('mia', SECRET)
  secrets.push('mia-password-1', 'batch-secret-1')

  // Code flow with PKCE through the page (password, then the one-time code).
  const pkce = newPkce()
  const page = await h.request(
    'GET',
    authorizeUrl({
      client_id: 'spa',
      redirect_uri: 'http://127.0.0.1/cb',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      state: 'st',
    }),
  )
  const state = pageState(page)
  await submitSignIn(h, state, { username: 'mia', password: 'mia-password-1' })
  const otp1 = totpNow(SECRET, h.clock.now)
  const done = await submitSignIn(h, state, { otp: otp1 })
  const code = locationParams(done).get('code')!
  const t1 = (
    await h.token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://127.0.0.1/cb',
      code_verifier: pkce.verifier,
      client_id: 'spa',
    })
  ).json()
  otps.push(otp1)
  secrets.push(pkce.verifier, code, state.csrf, state.cookie.split('=')[1]!, t1.access_token, t1.refresh_token)

  // The challenge with the second factor.
  h.clock.advance(30_000)
  const pkce2 = newPkce()
  const first = (
    await h.post(ENDPOINT_PATHS.challenge, {
      client_id: 'spa',
      username: 'mia',
      password: 'mia-password-1',
      code_challenge: pkce2.challenge,
      code_challenge_method: 'S256',
    })
  ).json()
  const otp2 = totpNow(SECRET, h.clock.now)
  const second = (
    await h.post(ENDPOINT_PATHS.challenge, { client_id: 'spa', auth_session: first.auth_session, otp: otp2 })
  ).json()
  const t2 = (
    await h.token({
      grant_type: 'authorization_code',
      code: second.authorization_code,
      code_verifier: pkce2.verifier,
      client_id: 'spa',
    })
  ).json()
  otps.push(otp2)
  secrets.push(first.auth_session, second.authorization_code, pkce2.verifier, t2.access_token)

  const t3 = (await h.token({ grant_type: 'client_credentials' }, basic('batch', 'batch-secret-1'))).json()
  secrets.push(t3.access_token)
  // The pipeline commits in the next turn: give it one.
  await new Promise((r) => setTimeout(r, 50))
})
afterAll(async () => {
  await h.close()
})

describe('no plaintext of the way-out flows in the database', () => {
  it('every flow succeeded (the scan would mean nothing otherwise)', () => {
    expect(secrets.every((s) => typeof s === 'string' && s.length >= 6)).toBe(true)
    expect(h.exchanges.length).toBeGreaterThanOrEqual(8)
  })

  it('no secret, code, verifier, session, OTP, CSRF token, cookie or token in the database files', () => {
    const files = readDbFiles(h.dbPath)
    for (const s of secrets) {
      const needles = s.length > 40 ? tokenForms(s) : forms(null, s)
      expect(occurrences(files, needles), s.slice(0, 6)).toEqual([])
    }
  })

  it('the one-time codes are masked in every stored exchange', () => {
    const stored = h.store.exchanges.list({}, 100, 0)
    expect(stored.items.length).toBeGreaterThanOrEqual(8)
    for (const summary of stored.items) {
      const e = h.store.exchanges.get(summary.id)!
      for (const otp of otps) expect(e.request.body).not.toContain(otp)
    }
  })
})
