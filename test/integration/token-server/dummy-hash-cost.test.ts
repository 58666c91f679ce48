// RFC 6749 §4.3.2, §10.7: an unknown user, a locked user and a wrong password must look alike,
// timing included, and so must an unknown client and a wrong secret (architecture.md "Performance
// shape"). The dummy compare paid for an unknown user or client was made at the workspace's
// *setting* (bcryptCost), while a wrong password is compared with the user's *stored* hash. The two
// differ as soon as the setting changes after the hashes were made, or a workspace is imported with
// its hashes: then each compare told its cost, and cost 12 against cost 4 is a 64-fold difference.
// The dummy now costs what the stored hashes cost: the user's own for a locked user, the common
// cost of the stored hashes for an unknown user or client.
import { getRounds } from 'bcryptjs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { basic, type Harness, startHarness, TEST_COST } from '../../helpers/token-server-harness'

// The setting says 12, the hashes below are made at TEST_COST (4), as after a change of the setting.
const SETTING = 12
const AUTH = basic('legacy', 'legacy-secret')

let h: Harness
/** The cost of every hash the pool compared with, in order. */
const costs: number[] = []

beforeAll(async () => {
  h = await startHarness({ bcryptCost: SETTING, lockout: { enabled: true, maxFailures: 1, lockSeconds: 300 } })
  await h.addClient({ clientId: 'legacy', secret: 'legacy-secret' })
  await h.addUser({ username: 'alice', password: 'alice-password-1' })
  await h.addUser({ username: 'locked', password: 'locked-password-1' })
  const compare = h.pool.compare.bind(h.pool)
  h.pool.compare = (plaintext, hash) => {
    costs.push(getRounds(hash))
    return compare(plaintext, hash)
  }
  // Warm the client's secret cache: the requests below are about the user.
  expect(
    (await h.token({ grant_type: 'password', username: 'alice', password: 'alice-password-1' }, AUTH)).status,
  ).toBe(200)
  // One wrong password locks `locked` (maxFailures 1).
  await h.token({ grant_type: 'password', username: 'locked', password: 'wrong' }, AUTH)
  expect(h.store.users.get('locked')!.lockedUntilMs).not.toBeNull()
})
afterAll(async () => {
  await h.close()
})

/** The costs of the compares one request made. */
async function comparedCosts(send: () => Promise<{ status: number }>): Promise<number[]> {
  costs.length = 0
  const r = await send()
  expect(r.status).toBeGreaterThanOrEqual(400)
  return [...costs]
}

it('RFC 6749 §4.3.2: an unknown user pays a compare at the cost of the stored hashes, as a wrong password does', async () => {
  const wrong = await comparedCosts(() =>
    h.token({ grant_type: 'password', username: 'alice', password: 'wrong' }, AUTH),
  )
  const unknown = await comparedCosts(() =>
    h.token({ grant_type: 'password', username: 'nobody', password: 'wrong' }, AUTH),
  )
  expect(wrong).toEqual([TEST_COST])
  expect(unknown).toEqual(wrong)
})

it('RFC 6749 §4.3.2: a locked user pays a compare at the cost of their own hash', async () => {
  const locked = await comparedCosts(() =>
    h.token({ grant_type: 'password', username: 'locked', password: 'locked-password-1' }, AUTH),
  )
  expect(locked).toEqual([TEST_COST])
})

it('RFC 6749 §2.3.1: an unknown client pays a compare at the cost of the stored client secrets, as a wrong secret does', async () => {
  const grant = { grant_type: 'password', username: 'alice', password: 'alice-password-1' }
  const wrong = await comparedCosts(() => h.token(grant, basic('legacy', 'wrong-secret')))
  const unknown = await comparedCosts(() => h.token(grant, basic('nobody', 'wrong-secret')))
  const unknownPost = await comparedCosts(() => h.token({ ...grant, client_id: 'nobody', client_secret: 'x' }))
  expect(wrong).toEqual([TEST_COST])
  expect(unknown).toEqual(wrong)
  expect(unknownPost).toEqual(wrong)
})
