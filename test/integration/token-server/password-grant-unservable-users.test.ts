// Users the password grant can never serve: one who must use a second factor (RFC 9700 §2.4: the grant
// cannot do MFA) and one whose password has expired (the grant cannot lead the user to change it). Both
// get exactly the answer of a wrong password (RFC 6749 §4.3.2: invalid_grant, one description, one
// bcrypt compare), and only the trace says why; the check comes after the password is verified.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Exchange } from '../../../src/shared/exchange'
import { basic, expectOAuthError, hashSteps, type Harness, startHarness } from '../../helpers/token-server-harness'

const AUTH = basic('legacy', 'legacy-secret')
const BAD = 'The username or password is incorrect.'
const grant = (username: string, password: string) => ({ grant_type: 'password', username, password })
const MFA_STEP = 'this user must use a second factor: the password grant cannot do MFA (RFC 9700 §2.4)'

let h: Harness

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({ clientId: 'legacy', secret: 'legacy-secret' })
  await h.addUser({ username: 'alice', password: 'alice-password-1' })
  await h.addUser({ username: 'mia', password: 'mia-password-1', requiresMfa: true })
  await h.addUser({ username: 'ed', password: 'ed-password-1', passwordExpired: true })
  // Warm the secret cache: each request below pays the user's compare only.
  expect((await h.token(grant('alice', 'alice-password-1'), AUTH)).status).toBe(200)
})
afterAll(async () => {
  await h.close()
})

const steps = (e: Exchange) => e.trace.map((s) => s.step)
/** What the wire shows: status, headers but the transport's, and the body byte for byte. */
const wire = (r: Awaited<ReturnType<Harness['token']>>) => ({
  status: r.status,
  headers: Object.entries(r.headers).filter(([k]) => !['date', 'connection', 'keep-alive'].includes(k)),
  body: r.text,
})

describe('users the password grant cannot serve (RFC 9700 §2.4, RFC 6749 §4.3.2)', () => {
  it('RFC 6749 §4.3.2: a user who requires MFA, with the right password, gets the answer of a wrong password; the trace says why', async () => {
    const wrong = await h.token(grant('alice', 'not-her-password'), AUTH)
    const wrongExchange = h.lastExchange()
    const mfa = await h.token(grant('mia', 'mia-password-1'), AUTH)
    const e = h.lastExchange()
    expectOAuthError(mfa, 400, 'invalid_grant', BAD)
    expect(wire(mfa)).toEqual(wire(wrong))
    expect(e.trace.find((s) => s.step === 'user.password')).toMatchObject({
      outcome: 'ok',
      detail: 'password verified',
    })
    expect(e.trace.find((s) => s.step === 'user.mfa_required')).toMatchObject({ outcome: 'fail', detail: MFA_STEP })
    expect(steps(wrongExchange)).not.toContain('user.mfa_required')
    // One bcrypt compare each: the timing does not tell them apart either.
    expect(hashSteps(e)).toEqual(['user.password'])
    expect(hashSteps(wrongExchange)).toEqual(['user.password'])
  })

  it('RFC 6749 §4.3.2: a user whose password has expired is refused the same way, with its own trace step', async () => {
    const wrong = await h.token(grant('alice', 'not-her-password'), AUTH)
    const expired = await h.token(grant('ed', 'ed-password-1'), AUTH)
    const e = h.lastExchange()
    expectOAuthError(expired, 400, 'invalid_grant', BAD)
    expect(wire(expired)).toEqual(wire(wrong))
    const step = e.trace.find((s) => s.step === 'user.password_expired')
    expect(step).toMatchObject({ outcome: 'fail' })
    expect(step?.detail).toContain('the grant cannot lead the user to change it')
    expect(steps(e)).not.toContain('user.mfa_required')
    expect(hashSteps(e)).toEqual(['user.password'])
  })

  it('the check comes after the password: a wrong password of an MFA user reads as a wrong password and counts as a failure', async () => {
    const before = h.store.users.get('mia')!.failedAttempts
    const r = await h.token(grant('mia', 'wrong-password'), AUTH)
    const e = h.lastExchange()
    expectOAuthError(r, 400, 'invalid_grant', BAD)
    expect(e.trace.find((s) => s.step === 'user.password')).toMatchObject({
      outcome: 'fail',
      detail: 'password does not match',
    })
    expect(steps(e)).not.toContain('user.mfa_required')
    expect(hashSteps(e)).toEqual(['user.password'])
    expect(h.store.users.get('mia')!.failedAttempts).toBe(before + 1)
  })

  it('the right password of an MFA or expired user is no brute-force failure: it ends the consecutive failures', async () => {
    // RFC 6749 §4.3.2: the attempt is counted before the compare; the right password clears the count.
    await h.token(grant('mia', 'wrong'), AUTH)
    await h.token(grant('ed', 'wrong'), AUTH)
    expect(h.store.users.get('mia')!.failedAttempts).toBeGreaterThan(0)
    expect(h.store.users.get('ed')!.failedAttempts).toBeGreaterThan(0)
    await h.token(grant('mia', 'mia-password-1'), AUTH)
    await h.token(grant('ed', 'ed-password-1'), AUTH)
    expect(h.store.users.get('mia')!.failedAttempts).toBe(0)
    expect(h.store.users.get('ed')!.failedAttempts).toBe(0)
  })

  it('no token is issued: the user stays unserved until the flag is cleared', async () => {
    h.store.users.update('mia', { requiresMfa: false })
    const r = await h.token(grant('mia', 'mia-password-1'), AUTH)
    expect(r.status).toBe(200)
    h.store.users.update('mia', { requiresMfa: true })
    expectOAuthError(await h.token(grant('mia', 'mia-password-1'), AUTH), 400, 'invalid_grant', BAD)
  })
})
