// RFC 8252 §7.1: a native app may receive the code on a private-use URI scheme. The sign-in page's
// CSP form-action also governs the redirect that follows the form, so it must name that scheme:
// an opaque origin ("null") matches nothing and Chromium would block the redirect, the code never
// reaching the app. Real Chromium (headless, fresh profile), the token server on 127.0.0.1 over a real
// SQLite file.
import { describe, expect, it } from 'vitest'
import { authorizeUrl, newPkce } from '../helpers/way-out'
import { watchConsole } from '../helpers/browser'
import { NATIVE_REDIRECT, nativeAppSignIn } from '../helpers/native-app-sign-in'

const fixture = nativeAppSignIn()
const { hasChromium } = fixture
const REDIRECT = NATIVE_REDIRECT

describe('sign-in page, private-use URI scheme redirect (RFC 8252 §7.1)', () => {
  it('the page allows the redirect to the scheme in form-action', async () => {
    const r = await fixture.h.request(
      'GET',
      authorizeUrl({
        client_id: 'native-app',
        redirect_uri: REDIRECT,
        code_challenge: newPkce().challenge,
        code_challenge_method: 'S256',
      }),
    )
    expect(r.status).toBe(200)
    expect(r.headers['content-security-policy']).toContain("form-action 'self' com.example.app:;")
  })

  it.skipIf(!hasChromium)(
    'Chromium follows the redirect to the app with a code that redeems',
    async () => {
      const { page } = fixture.browser!
      const seen = watchConsole(page)
      const toApp = new Promise<string>((resolve, reject) => {
        page.on('request', (req) => {
          if (req.url().startsWith(`${REDIRECT}?`)) resolve(req.url())
        })
        setTimeout(() => reject(new Error(`no redirect to the app: ${seen.problems().join('; ')}`)), 15_000)
      })
      const pkce = newPkce()
      await page.goto(
        fixture.h.baseUrl +
          authorizeUrl({
            client_id: 'native-app',
            redirect_uri: REDIRECT,
            code_challenge: pkce.challenge,
            code_challenge_method: 'S256',
            state: 'st',
          }),
      )
      await page.getByLabel('Username').fill('alice')
      await page.getByLabel('Password').fill('alice-password-1')
      await page.getByRole('button', { name: 'Sign in' }).click()
      const query = new URL(await toApp).searchParams
      expect(query.get('state')).toBe('st')
      expect(seen.consoleErrors.filter((e) => e.includes('Content Security Policy'))).toEqual([])
      const t = await fixture.h.token({
        grant_type: 'authorization_code',
        code: query.get('code')!,
        redirect_uri: REDIRECT,
        code_verifier: pkce.verifier,
        client_id: 'native-app',
      })
      expect(t.status).toBe(200)
    },
    60_000,
  )
})
