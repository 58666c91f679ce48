// Two sign-in pages open in one browser (two tabs, or two apps asking at once): each form still
// signs in. Each page binds its form to the browser with a cookie (way-out.md); one cookie name for
// all pages let the second page replace the first one's cookie, and the first form was then refused
// as coming "from another browser". Real Chromium (headless, fresh profile), the token server on
// 127.0.0.1 over a real SQLite file.
import { describe, expect, it } from 'vitest'
import { authorizeUrl, newPkce } from '../helpers/way-out'
import { NATIVE_REDIRECT, nativeAppSignIn } from '../helpers/native-app-sign-in'

const fixture = nativeAppSignIn()
const { hasChromium } = fixture
const REDIRECT = NATIVE_REDIRECT

describe('two sign-in pages in one browser', () => {
  it.skipIf(!hasChromium)(
    'the page opened first still signs in after a second one was opened',
    async () => {
      const first = fixture.browser!.page
      const second = await fixture.browser!.context.newPage()
      const url = (state: string) =>
        fixture.h.baseUrl +
        authorizeUrl({
          client_id: 'native-app',
          redirect_uri: REDIRECT,
          code_challenge: newPkce().challenge,
          code_challenge_method: 'S256',
          state,
        })
      await first.goto(url('first'))
      await second.goto(url('second'))
      for (const [page, state] of [
        [first, 'first'],
        [second, 'second'],
      ] as const) {
        const toApp = new Promise<string>((resolve, reject) => {
          page.on('request', (req) => {
            if (req.url().startsWith(`${REDIRECT}?`)) resolve(req.url())
          })
          page.on('response', (res) => {
            if (res.request().method() === 'POST' && res.status() !== 302)
              reject(new Error(`POST answered ${res.status()}`))
          })
        })
        await page.getByLabel('Username').fill('alice')
        await page.getByLabel('Password').fill('alice-password-1')
        await page.getByRole('button', { name: 'Sign in' }).click()
        const query = new URL(await toApp).searchParams
        expect(query.get('state')).toBe(state)
        expect(query.get('code')).toBeTruthy()
      }
      await second.close()
    },
    60_000,
  )
})
