// RFC 6749 §4.3.2: the endpoint must be protected against brute force, and the limit must hold
// under concurrency: a burst of guesses sent at once gets at most `maxFailures` compares against
// the user's hash, and the right password sent last is refused while the user is locked.
import http from 'node:http'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { basic, form, type Harness, startHarness } from '../../helpers/token-server-harness'

const AUTH = basic('legacy', 'legacy-secret')
const GUESSES = 100
const MAX_FAILURES = 5

let h: Harness
let userHash = ''
let compares = 0
let inFlight = 0
let maxInFlight = 0

beforeAll(async () => {
  h = await startHarness({ lockout: { enabled: true, maxFailures: MAX_FAILURES, lockSeconds: 300 } })
  await h.addClient({ clientId: 'legacy', secret: 'legacy-secret' })
  await h.addUser({ username: 'target', password: 'the-right-password' })
  userHash = h.store.users.get('target')!.passwordHash
  // Count the compares made against this user's hash (the server holds this very pool object).
  const compare = h.pool.compare.bind(h.pool)
  h.pool.compare = async (plaintext, hash) => {
    if (hash !== userHash) return compare(plaintext, hash)
    compares++
    maxInFlight = Math.max(maxInFlight, ++inFlight)
    try {
      return await compare(plaintext, hash)
    } finally {
      inFlight--
    }
  }
  // Warm the client-secret cache so the burst is about the user.
  await h.token({ grant_type: 'password', username: 'nobody', password: 'x' }, AUTH)
})
afterAll(async () => {
  await h.close()
})

/** One request on its own socket; resolves with the status. */
function send(password: string): Promise<number> {
  const body = form({ grant_type: 'password', username: 'target', password })
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(ENDPOINT_PATHS.token, h.baseUrl),
      {
        method: 'POST',
        agent: false,
        headers: {
          ...AUTH,
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': String(Buffer.byteLength(body)),
        },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

it(`RFC 6749 §4.3.2: ${GUESSES} concurrent guesses get at most ${MAX_FAILURES} compares; the right password sent last is refused`, async () => {
  const wrong = Array.from({ length: GUESSES - 1 }, (_, i) => send(`guess-${i}`))
  // The right password goes last, while the burst is still being answered.
  const right = send('the-right-password')
  const statuses = await Promise.all([...wrong, right])
  expect(statuses.filter((s) => s === 200)).toEqual([])
  expect(statuses.every((s) => s === 400)).toBe(true)
  expect(compares).toBeLessThanOrEqual(MAX_FAILURES)
  expect(maxInFlight).toBeLessThanOrEqual(MAX_FAILURES)
  const user = h.store.users.get('target')!
  expect(user.lockedUntilMs).toBeGreaterThan(h.clock.now)
  // Every refusal is the same invalid_grant, and each still paid one compare (the dummy when locked).
  const burst = h.exchanges.filter((e) => e.username === 'target')
  expect(burst).toHaveLength(GUESSES)
  for (const e of burst) expect(e.trace.filter((s) => s.step === 'user.password' && s.ms !== undefined)).toHaveLength(1)
})

it('RFC 6749 §4.3.2: once the lock runs out, the right password is granted and the count starts over', async () => {
  h.clock.advance(300_001)
  expect(await send('the-right-password')).toBe(200)
  expect(h.store.users.get('target')).toMatchObject({ failedAttempts: 0, lockedUntilMs: null })
})
