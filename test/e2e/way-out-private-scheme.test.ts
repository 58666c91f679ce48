// RFC 8252 §7.1: a native app may receive the code on a private-use URI scheme. The sign-in page's
// CSP form-action also governs the redirect that follows the form, so it must name that scheme:
// an opaque origin ("null") matches nothing and Chromium would block the redirect, the code never
// reaching the app. Real Chromium (headless, fresh profile), the token server on 127.0.0.1 over a real
// SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Harness, startHarness } from '../helpers/token-server-harness'
import { authorizeUrl, newPkce } from '../helpers/way-out'
import { chromiumAvailability, launchChromium, watchConsole, type LaunchedBrowser } from '../helpers/browser'
import { requiresTool } from '../helpers/requires-tool'

const chromiumCheck = chromiumAvailability()
const hasChromium = requiresTool('Chromium', chromiumCheck.available ? null : chromiumCheck.reason)
const REDIRECT = 'com.example.app:/oauth2redirect'

let h: Harness
let browser: LaunchedBrowser | null = null

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({
    clientId: 'native-app',
    public: true,
    grantTypes: ['authorization_code'],
    redirectUris: [REDIRECT],
  })
  await h.addUser({ username: 'alice', password: 'alice-password-1' })
  if (hasChromium) browser = await launchChromium()
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await h?.close()
})

describe('sign-in page, private-use URI scheme redirect (RFC 8252 §7.1)', () => {
  it('the page allows the redirect to the scheme in form-action', async () => {
    const r = await h.request(
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
      const { page } = browser!
      const seen = watchConsole(page)
      const toApp = new Promise<string>((resolve, reject) => {
        page.on('request', (req) => {
          if (req.url().startsWith(`${REDIRECT}?`)) resolve(req.url())
        })
        setTimeout(() => reject(new Error(`no redirect to the app: ${seen.problems().join('; ')}`)), 15_000)
      })
      const pkce = newPkce()
      await page.goto(
        h.baseUrl +
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
      const t = await h.token({
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
