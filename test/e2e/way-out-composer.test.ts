// End to end in Debian's Chromium against the built `ropc-lab serve --ui` on a fresh database: a
// first-party public client made through the Clients form (redirect URI, first-party, the
// authorization_code grant); the Composer's authorization code + PKCE flow opens the real sign-in
// page in a new tab, the person signs in there, the lab's loopback callback catches the redirect and
// redeems the code, and the Composer shows the flow as one conversation. Then a second factor
// enrolled in the Users form, the Migration screen and the lesson's live way out. Screenshots of
// each new screen at 1280×800 and 1024×700, light and dark, in test-results/screenshots/, each checked
// by the layout rules and axe-core as layout.test.ts checks every screen.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chromiumAvailability } from '../helpers/browser'
import { runJourney, serveUiPerFile } from '../helpers/e2e-session'
import { accessibilityProblems, layoutProblems } from '../helpers/layout-checks'

const chromiumCheck = chromiumAvailability()
const hasChromium = chromiumCheck.available
if (!chromiumCheck.available) console.log(`[e2e way-out] browser scenario skipped: ${chromiumCheck.reason}`)

const CLIENT = 'e2e-native-app'
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
] as const

describe('the way out in the lab UI (ropc-lab serve --ui)', () => {
  const ui = serveUiPerFile('way-out')

  it.skipIf(!hasChromium)(
    'walks the Composer’s authorization code flow through the real sign-in page, then the new screens',
    () =>
      runJourney({ label: 'way-out', width: 1280, height: 800 }, async (page, shot) => {
        const found: string[] = []
        /**
         * The screen at both sizes, light and dark, each checked by the layout rules of layout.test.ts
         * (and axe-core once, light at 1280×800; contrast in dark); back to 1280×800 light after.
         */
        const shots = async (name: string) => {
          for (const size of SIZES) {
            await page.setViewportSize(size)
            for (const theme of ['light', 'dark'] as const) {
              await page.emulateMedia({ colorScheme: theme })
              const where = `${name} ${size.width}×${size.height} ${theme}`
              const problems = [
                ...(await layoutProblems(page)),
                ...(size === SIZES[0] ? await accessibilityProblems(page, { contrastOnly: theme === 'dark' }) : []),
              ]
              found.push(...problems.map((p) => `${where}: ${p}`))
              await shot(`${name}-${size.width}x${size.height}-${theme}`)
            }
          }
          await page.setViewportSize(SIZES[0])
          await page.emulateMedia({ colorScheme: 'light' })
        }
        await page.goto(ui.serving.uiUrl!)
        await createClient(page)
        await shots('client-form')

        await page.getByRole('button', { name: 'Composer', exact: true }).click()
        await page.getByRole('radio', { name: 'Authorization code + PKCE' }).check()
        await page.getByLabel('Workspace client').selectOption(CLIENT)
        const [signIn] = await Promise.all([
          page.context().waitForEvent('page'),
          page.getByRole('button', { name: 'Open sign-in page' }).click(),
        ])
        await signIn.waitForLoadState()
        expect(await signIn.title()).toBe('Sign in · ROPC Lab')
        await signIn.getByLabel('Username').fill('demo')
        await signIn.getByLabel('Password').fill('demo-password')
        await signIn.getByRole('button', { name: 'Sign in' }).click()
        await signIn.waitForURL((u) => u.hostname === '127.0.0.1' && u.pathname === '/callback')
        await signIn.close()
        await page.getByText('Signed in: the code was redeemed for tokens.').waitFor()
        const steps = page.getByRole('list', { name: 'Flow conversation' }).getByRole('button')
        await expect
          .poll(() => steps.allTextContents())
          .toEqual([
            expect.stringMatching(/^authorize\s*GET\s*200/),
            expect.stringMatching(/^sign-in\s*POST\s*302/),
            expect.stringMatching(/^token\s*POST\s*200/),
          ])
        await shots('composer-code')

        await page.getByRole('button', { name: 'Workspace', exact: true }).click()
        await page.getByRole('tab', { name: 'Users' }).click()
        await page.getByRole('button', { name: /^alice/ }).click()
        await page.getByRole('button', { name: 'Enrol a second factor' }).click()
        await page.getByRole('img', { name: /QR code to enrol alice/ }).waitFor()
        await page.getByRole('button', { name: 'Show current code' }).click()
        await expect.poll(() => page.getByLabel('Current code').textContent()).toMatch(/^\d{6}$/)
        await shots('users-totp')

        await page.getByRole('button', { name: 'Migration', exact: true }).click()
        await page.getByRole('table', { name: 'Clients' }).waitFor()
        await shots('migration')

        await page.getByRole('button', { name: 'Why caution', exact: true }).click()
        await page.getByRole('button', { name: 'Step 7: The way out' }).click()
        await page.getByRole('button', { name: 'Sign in three ways' }).click()
        await page.getByRole('region', { name: 'Code + PKCE' }).waitFor({ timeout: 30_000 })
        await page.getByRole('region', { name: 'The way out, live' }).scrollIntoViewIfNeeded()
        await shots('lesson-live')
        expect(found).toEqual([])
      }),
    180_000,
  )
})

async function createClient(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Workspace', exact: true }).click()
  await page.getByRole('tab', { name: 'Clients' }).click()
  await page.getByRole('button', { name: 'New client' }).click()
  await page.getByLabel('Client ID').fill(CLIENT)
  await page.getByRole('radio', { name: 'Public' }).check()
  await page.getByLabel('password', { exact: true }).uncheck()
  await page.getByLabel('refresh_token', { exact: true }).uncheck()
  await page.getByLabel('authorization_code', { exact: true }).check()
  await page.getByLabel('Redirect URIs (one per line)').fill('http://127.0.0.1/callback')
  await page.getByRole('switch', { name: 'First-party app' }).check()
  await page.getByRole('button', { name: 'Create client' }).click()
  await page.getByRole('button', { name: new RegExp(`^${CLIENT}`) }).waitFor()
}
