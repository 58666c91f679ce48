// The sign-in form under concurrency, over real HTTP on 127.0.0.1: one page is one sign-in. The same
// form (its CSRF token and cookie) posted several times at once, while the first password compare is
// still running, yields one code; the others find the form spent (way-out.md, RFC 6749 §10.12).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Harness } from '../../helpers/token-server-harness'
import {
  authorizeUrl,
  locationParams,
  newPkce,
  pageState,
  SPA_REDIRECT,
  startSpaHarness,
  submitSignIn,
} from '../../helpers/way-out'

let h: Harness

beforeAll(async () => {
  h = await startSpaHarness()
})
afterAll(async () => {
  await h.close()
})

describe('one sign-in page, one code', () => {
  it('the same form posted five times at once: one redirect with a code, four "expired" pages', async () => {
    const pkce = newPkce()
    const page = await h.request(
      'GET',
      authorizeUrl({
        client_id: 'spa',
        redirect_uri: SPA_REDIRECT,
        code_challenge: pkce.challenge,
        code_challenge_method: 'S256',
        state: 'one',
      }),
    )
    const form = pageState(page)
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => submitSignIn(h, form, { username: 'alice', password: 'alice-password-1' })),
    )
    const redirects = answers.filter((r) => r.status === 302)
    expect(redirects).toHaveLength(1)
    expect(locationParams(redirects[0]!).get('code')).toBeTruthy()
    for (const r of answers.filter((a) => a.status !== 302)) {
      expect(r.status).toBe(400)
      expect(r.text).toContain('This sign-in form has expired')
    }
    // And a later replay of the spent form is refused the same way.
    const later = await submitSignIn(h, form, { username: 'alice', password: 'alice-password-1' })
    expect(later.status).toBe(400)
  })
})
