// The sign-in page while every bcrypt worker is busy and the queue is full, over real HTTP on 127.0.0.1: the
// person gets the same form back as an HTML page (503, Retry-After, RFC 9110 §15.6.4) that still works once
// the pool has room, not the token endpoint's JSON; no lockout attempt is counted for it.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { HASH_BUSY_RETRY_AFTER_S } from '../../../src/shared/limits'
import type { Harness } from '../../helpers/token-server-harness'
import { authorizeUrl, locationParams, newPkce, pageState, startSpaHarness, submitSignIn } from '../../helpers/way-out'

let h: Harness

beforeAll(async () => {
  h = await startSpaHarness({ lockout: { enabled: true, maxFailures: 1, lockSeconds: 300 } })
})
afterAll(async () => {
  await h.close()
})

it('a busy pool: the form comes back as a 503 page with Retry-After, and signs in once the pool has room', async () => {
  const pkce = newPkce()
  const page = await h.request(
    'GET',
    authorizeUrl({ client_id: 'spa', code_challenge: pkce.challenge, code_challenge_method: 'S256', state: 's1' }),
  )
  const form = pageState(page)
  // The server holds this very pool: saturated, every compare would be refused.
  const saturated = h.pool.saturated.bind(h.pool)
  h.pool.saturated = () => true
  let busy
  try {
    busy = await submitSignIn(h, form, { username: 'alice', password: 'wrong-password' })
  } finally {
    h.pool.saturated = saturated
  }
  expect(busy.status).toBe(503)
  expect(busy.headers['content-type']).toMatch(/^text\/html/)
  expect(busy.headers['retry-after']).toBe(String(HASH_BUSY_RETRY_AFTER_S))
  expect(busy.text).toContain('The server is busy checking other sign-ins.')
  // The same form, now with room: the busy answer counted no failure (maxFailures 1 would have locked alice).
  const signedIn = await submitSignIn(h, pageState(busy, form.cookie), {
    username: 'alice',
    password: 'alice-password-1',
  })
  expect(signedIn.status).toBe(302)
  expect(locationParams(signedIn).get('code')).toBeTruthy()
  expect(locationParams(signedIn).get('state')).toBe('s1')
})
