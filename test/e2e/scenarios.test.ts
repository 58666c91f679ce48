// End to end in Debian's Chromium (playwright-core) against the built `ropc-lab serve --ui` on a fresh
// database (the demo workspace): send a password grant in the composer, "Save as step" into a new
// scenario, run it with the credentials typed in and see it pass; change its expected status to 201,
// run again and see it fail with expected against actual; open the step's exchange in the Inspector.
// Screenshots go to test-results/screenshots/scenarios-*.png.
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chromiumAvailability } from '../helpers/browser'
import { requiresTool } from '../helpers/requires-tool'
import { runJourney, serveUiPerFile } from '../helpers/e2e-session'

const chromiumCheck = chromiumAvailability()
const hasChromium = requiresTool('Chromium', chromiumCheck.available ? null : chromiumCheck.reason)

// The demo workspace (resources/demo-workspace.json), seeded into the fresh database.
const CLIENT = 'legacy'
const SECRET = 'legacy-demo-secret'
const USER = 'demo'
const PASSWORD = 'demo-password'
const SCENARIO = 'e2e demo signs in'

const exact = { exact: true } as const

describe('the Scenarios screen in a browser (ropc-lab serve --ui)', () => {
  const ui = serveUiPerFile('scenarios')

  it.skipIf(!hasChromium)(
    'saves a composer exchange as a step, runs it (pass), changes an expectation and runs it again (fail)',
    () =>
      runJourney({ label: 'scenarios', width: 1280, height: 860 }, (page, shot) =>
        journey(page, ui.serving.uiUrl!, shot),
      ),
    90_000,
  )
})

async function journey(page: Page, uiUrl: string, shot: (name: string) => Promise<unknown>): Promise<void> {
  await page.goto(uiUrl)
  await page.getByText(/Embedded server on/).waitFor()
  await page.getByRole('button', { name: 'Dismiss caution', exact: true }).click()

  // ── Composer: a password grant ──────────────────────────────────────────────────────
  await nav(page, 'Composer')
  const composer = page.getByRole('region', { name: 'Composer', exact: true })
  const inspector = page.getByRole('region', { name: 'Inspector', exact: true })
  await composer.getByLabel('Workspace client', exact).selectOption(CLIENT)
  await composer.getByLabel('Client secret', exact).fill(SECRET)
  await composer.getByLabel('Client authentication', exact).selectOption('basic')
  await composer.getByLabel('Username', exact).fill(USER)
  await composer.getByLabel('Password', exact).fill(PASSWORD)
  await composer.getByRole('button', { name: 'Send', exact: true }).click()
  await inspector.getByLabel('Status 200', exact).waitFor()

  // ── Save as step, into a new scenario ───────────────────────────────────────────────
  await inspector.getByRole('button', { name: 'Save as step', exact: true }).click()
  const saveForm = inspector.getByRole('region', { name: 'Save as step', exact: true })
  await saveForm.getByLabel('New scenario name', exact).fill(SCENARIO)
  await saveForm.getByRole('button', { name: 'Save step', exact: true }).click()
  await saveForm.getByText(`Saved as step 1 of “${SCENARIO}”`).waitFor()
  await shot('save-as-step')

  // The scenario, in the editor: the secret and the password are variables, never the values.
  await saveForm.getByRole('button', { name: 'Open in Scenarios', exact: true }).click()
  const editor = page.getByRole('form', { name: `Scenario ${SCENARIO}`, exact: true })
  await editor.waitFor()
  const step = editor.getByRole('region', { name: 'Step 1', exact: true })
  expect(await step.getByLabel('Client secret', exact).inputValue()).toBe('{{clientSecret}}')
  expect(await step.getByLabel('Status', exact).inputValue()).toBe('200')
  const params = step.getByRole('group', { name: 'Form parameters', exact: true })
  expect(await params.getByLabel('Parameter 3 value', exact).inputValue()).toBe('{{password}}')
  expect(await editor.textContent()).not.toContain(PASSWORD)
  await shot('editor')

  // ── Run it: pass ────────────────────────────────────────────────────────────────────
  await page.getByRole('tab', { name: 'Run', exact: true }).click()
  const runForm = page.getByRole('form', { name: 'Run scenarios', exact: true })
  expect(await runForm.getByLabel(`Scenario “${SCENARIO}”`, exact).isChecked()).toBe(true)
  await runForm.getByLabel('Client secret', exact).fill(SECRET)
  await runForm.getByLabel('Password', exact).fill(PASSWORD)
  await runForm.getByRole('button', { name: 'Run', exact: true }).click()
  const results = page.getByRole('table', { name: 'Step results', exact: true })
  await results.locator('tbody tr[data-status="passed"]').waitFor()
  expect(await results.locator('tbody tr').count()).toBe(1)
  await expectProgressFull(page)
  await page.getByText('1 passed', exact).waitFor()
  await shot('run-passed')

  // ── Change the expected status to 201, run again: fail, expected against actual ─────
  await page.getByRole('tab', { name: 'Scenarios', exact: true }).click()
  await editor.waitFor()
  await step.getByLabel('Status', exact).fill('201')
  await editor.getByRole('button', { name: 'Save scenario', exact: true }).click()
  await editor.getByRole('status').getByText('Saved', exact).waitFor()
  await page.getByRole('tab', { name: 'Run', exact: true }).click()
  // The credentials typed before are still there (memory only), so the run is one click.
  await runForm.getByRole('button', { name: 'Run', exact: true }).click()
  const failed = results.locator('tbody tr[data-status="failed"]')
  await failed.waitFor()
  const cells = (await failed.getByRole('cell').allTextContents()).map((t) => t.trim())
  expect(cells.slice(0, 3)).toEqual(['fail', 'status: 201', 'status: 200'])
  await page.getByText('0 passed', exact).waitFor()
  await expectProgressFull(page)

  // The step's exchange, one click away, in the Inspector beside the results.
  await failed.getByRole('button', { name: /^Open the exchange of/ }).click()
  const runInspector = page.getByRole('region', { name: 'Inspector', exact: true })
  await runInspector.getByText(/sent by a scenario/).waitFor()
  await runInspector.getByLabel('Status 200', exact).waitFor()
  const sent = (await runInspector.getByLabel('Raw request sent', exact).textContent()) ?? ''
  expect(sent).not.toContain(PASSWORD)
  expect(sent).not.toContain(SECRET)
  await shot('run-failed')
}

async function expectProgressFull(page: Page): Promise<void> {
  const bar: Locator = page.getByRole('progressbar', { name: 'Run progress', exact: true })
  await expect.poll(async () => [await bar.getAttribute('value'), await bar.getAttribute('max')]).toEqual(['1', '1'])
}

async function nav(page: Page, screen: 'Composer' | 'Scenarios'): Promise<void> {
  const button = page
    .getByRole('navigation', { name: 'Screens', exact: true })
    .getByRole('button', { name: screen, exact: true })
  await button.click()
  await page.locator(`nav[aria-label="Screens"] button[aria-current="page"]`, { hasText: screen }).waitFor()
}
