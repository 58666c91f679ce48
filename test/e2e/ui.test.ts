// End to end in Debian's Chromium (playwright-core) against the built `ropc-lab serve --ui` on a
// fresh database: create a scope, a confidential client and a user through the
// forms; send a successful password grant (JWT decoded, signature verified) and a wrong-password
// grant (error explained beside the decision trace and findings); pin both and compare them;
// reload and find both in History. One screenshot per screen goes to test-results/screenshots/.
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chromiumAvailability, launchChromium, screenshot, watchConsole } from '../helpers/browser'
import { requiresTool } from '../helpers/requires-tool'
import { runJourney, serveUiPerFile } from '../helpers/e2e-session'

const chromiumCheck = chromiumAvailability()
const hasChromium = requiresTool('Chromium', chromiumCheck.available ? null : chromiumCheck.reason)

// New things, made through the forms (the fresh database also holds the demo workspace).
const SCOPE = 'e2e-orders'
const CLIENT = 'e2e-shop'
const USER = 'e2e-carol'
const PASSWORD = 'e2e-correct-horse-1'
const EMAIL = 'carol@e2e.example'

const exact = { exact: true } as const

describe('the lab UI in a browser (ropc-lab serve --ui)', () => {
  const ui = serveUiPerFile('ui')

  it('prints a UI URL carrying ?session= and refuses API calls without the session header', async () => {
    const uiUrl = new URL(ui.serving.uiUrl!)
    const session = uiUrl.searchParams.get('session')
    expect(session).toMatch(/^[A-Za-z0-9_-]{20,}$/)

    const api = new URL('/__lab/api/workspace.get', uiUrl.origin)
    const without = await fetch(api, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    expect(without.status).toBe(401)
    expect(await without.json()).toMatchObject({ ok: false })

    // The same call with the token from the URL is answered (so the 401 is the session guard).
    const withToken = await fetch(api, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Ropc-Lab-Session': session! },
      body: '{}',
    })
    expect(withToken.status).toBe(200)
    expect(await withToken.json()).toMatchObject({ ok: true })
  })

  it.skipIf(!hasChromium)(
    'creates a scope, a client and a user, sends a good and a wrong-password grant, compares them and finds them in history',
    () =>
      runJourney({ label: 'ui', shotPrefix: '', width: 1024, height: 700 }, (page, shot) =>
        scenario(page, ui.serving.uiUrl!, shot),
      ),
    60_000,
  )

  it.skipIf(!hasChromium)(
    'Workspace → Faults: a saved rule shows as "1 fault active" in the status bar (screenshot faults.png)',
    async () => {
      const faults = await launchChromium({ width: 1024, height: 700 })
      const { page } = faults
      page.setDefaultTimeout(15_000)
      const watch = watchConsole(page)
      try {
        await page.goto(ui.serving.uiUrl!)
        await page.getByText(/Embedded server on/).waitFor()
        await nav(page, 'Workspace')
        await page.getByRole('tab', { name: 'Faults', exact: true }).click()
        const form = page.getByRole('form', { name: 'Fault rules', exact: true })
        await form.getByRole('button', { name: 'Add rule', exact: true }).click()
        const rule = form.getByRole('group', { name: 'Rule 1: rule 1', exact: true })
        await rule.getByLabel('Name', exact).fill('token endpoint overloaded')
        await form.getByRole('group', { name: 'Rule 1: token endpoint overloaded', exact: true }).waitFor()
        await form.getByLabel('Headers', exact).fill('Retry-After: 5')
        await form.getByRole('button', { name: 'Save rules', exact: true }).click()
        await form.getByText('Saved 1 rule; counts start again.').waitFor()
        const badge = page
          .getByRole('contentinfo', { name: 'Server status', exact: true })
          .getByRole('button', { name: '1 fault active', exact: true })
        await badge.waitFor()
        console.log(`[e2e ui] screenshot: ${await screenshot(page, 'faults')}`)
        // The badge opens the tab from any screen.
        await nav(page, 'Composer')
        await badge.click()
        await form.waitFor()
      } finally {
        await faults.close()
      }
      expect(watch.problems()).toEqual([])
    },
    60_000,
  )
})

/** A new user's journey through every screen; `shot` saves one screenshot per screen. */
async function scenario(page: Page, uiUrl: string, shot: (name: string) => Promise<unknown>): Promise<void> {
  await page.goto(uiUrl)
  // The page takes the token out of the address bar (kept in sessionStorage for reloads).
  await expect.poll(() => new URL(page.url()).searchParams.has('session')).toBe(false)
  await page.getByText(/Embedded server on/).waitFor()
  await page.getByRole('button', { name: 'Dismiss caution', exact: true }).click()

  // ── Workspace ───────────────────────────────────────────────────────────────────────
  await nav(page, 'Workspace')
  const panel = page.getByRole('tabpanel')

  // Scope
  await page.getByRole('tab', { name: 'Scopes', exact: true }).click()
  await panel.getByLabel('Name', exact).fill(SCOPE)
  await panel.getByLabel('Description', exact).fill('Orders placed in the e2e shop')
  await panel.getByRole('button', { name: 'Create scope', exact: true }).click()
  // Saved: the form becomes the scope's own form and the list shows it.
  await panel.getByRole('form', { name: `Scope ${SCOPE}`, exact: true }).waitFor()
  await panel.getByRole('navigation', { name: 'Scopes', exact: true }).getByText(SCOPE, exact).waitFor()
  await shot('workspace-scopes')

  // Confidential client allowed the new scope, JWT access tokens; the secret is generated.
  await page.getByRole('tab', { name: 'Clients', exact: true }).click()
  const newClient = panel.getByRole('form', { name: 'New client', exact: true })
  await newClient.getByLabel('Client ID', exact).fill(CLIENT)
  await newClient.getByRole('radio', { name: 'Confidential', exact: true }).check()
  await newClient.getByRole('checkbox', { name: 'client_secret_basic (HTTP Basic)', exact: true }).check()
  await newClient.getByRole('checkbox', { name: 'password', exact: true }).check()
  await newClient.getByRole('checkbox', { name: SCOPE, exact: true }).check()
  await newClient.getByLabel('Token format', exact).selectOption('jwt')
  await newClient.getByLabel('Access token lifetime (s)', exact).fill('600')
  await newClient.getByRole('button', { name: 'Create client', exact: true }).click()
  const secretRegion = panel.getByRole('region', { name: 'Client secret shown once', exact: true })
  const secretInput = secretRegion.getByLabel('New client secret', exact)
  await secretInput.waitFor()
  const secret = await secretInput.inputValue()
  expect(secret.length).toBeGreaterThanOrEqual(16)
  const savedClient = panel.getByRole('form', { name: `Client ${CLIENT}`, exact: true })
  await savedClient.waitFor()
  expect(await savedClient.getByLabel('Token format', exact).inputValue()).toBe('jwt')
  expect(await savedClient.getByRole('checkbox', { name: SCOPE, exact: true }).isChecked()).toBe(true)
  await shot('workspace-clients')
  await secretRegion.getByRole('button', { name: 'Done', exact: true }).click()
  await secretRegion.waitFor({ state: 'detached' })

  // User with a claim that ends up in the JWT.
  await page.getByRole('tab', { name: 'Users', exact: true }).click()
  const newUser = panel.getByRole('form', { name: 'New user', exact: true })
  await newUser.getByLabel('Username', exact).fill(USER)
  await newUser.getByLabel('Password', exact).fill(PASSWORD)
  await newUser.getByLabel('Claims (JSON)', exact).fill(JSON.stringify({ email: EMAIL }))
  await newUser.getByRole('button', { name: 'Create user', exact: true }).click()
  await panel.getByRole('form', { name: `User ${USER}`, exact: true }).waitFor()
  await panel
    .getByRole('region', { name: 'Lock state', exact: true })
    .getByText(/Not locked/)
    .waitFor()
  await shot('workspace-users')

  // Settings: the demo defaults (JWT access tokens).
  await page.getByRole('tab', { name: 'Settings', exact: true }).click()
  const settings = panel.getByRole('form', { name: 'Settings', exact: true })
  await settings.waitFor()
  expect(await settings.getByLabel('Token format', exact).inputValue()).toBe('jwt')
  await shot('workspace-settings')

  // ── Composer: a successful password grant ───────────────────────────────────────────
  await nav(page, 'Composer')
  const composer = page.getByRole('region', { name: 'Composer', exact: true })
  const inspector = page.getByRole('region', { name: 'Inspector', exact: true })
  await composer.getByLabel('Workspace client', exact).selectOption(CLIENT)
  // The composer kept the generated secret for this session; type the one read from the form anyway.
  await expect.poll(() => composer.getByLabel('Client secret', exact).inputValue()).toBe(secret)
  await composer.getByLabel('Client secret', exact).fill(secret)
  await expect.poll(() => composer.getByLabel('Client ID', exact).inputValue()).toBe(CLIENT)
  await composer.getByLabel('Client authentication', exact).selectOption('basic')
  await composer.getByLabel('Username', exact).fill(USER)
  await composer.getByLabel('Password', exact).fill(PASSWORD)
  await composer.getByLabel('Scope', exact).fill(SCOPE)
  const preview = composer.getByLabel('Raw request preview', exact)
  await preview.getByText(/grant_type=password/).waitFor()
  const previewText = (await preview.textContent()) ?? ''
  expect(previewText).toMatch(/^POST \S*\/oauth\/v2\/oauth-token HTTP\/1\.1$/m)
  expect(previewText).toMatch(/^Authorization: Basic \S+$/m)
  expect(previewText).toContain(`scope=${SCOPE}`)

  await composer.getByRole('button', { name: 'Send', exact: true }).click()
  await inspector.getByLabel('Status 200', exact).waitFor()
  const tokenRegion = inspector.getByRole('region', { name: 'Access token', exact: true })
  await tokenRegion.getByText(/✓ Signature verified/).waitFor()
  const header = tokenRegion.getByRole('table', { name: 'JWT header', exact: true })
  const payload = tokenRegion.getByRole('table', { name: 'JWT payload', exact: true })
  expect(await claimValue(header, 'alg')).toMatch(/^(RS256|ES256)/)
  expect(await claimValue(payload, 'client_id')).toContain(CLIENT)
  expect(await claimValue(payload, 'sub')).toContain(USER)
  expect(await claimValue(payload, 'scope')).toContain(SCOPE)
  expect(await claimValue(payload, 'email')).toContain(EMAIL)
  // The secret and the password are masked in the request as recorded.
  const sent = (await inspector.getByLabel('Raw request sent', exact).textContent()) ?? ''
  expect(sent).not.toContain(PASSWORD)
  expect(sent).not.toContain(secret)
  await shot('composer-success')
  await pin(inspector)

  // ── Composer: the same grant with a wrong password ──────────────────────────────────
  await composer.getByLabel('Password', exact).fill('not-the-password')
  await composer.getByLabel('Password', exact).press('Control+Enter')
  await inspector.getByLabel('Status 400', exact).waitFor()
  const error = inspector.getByRole('region', { name: 'Error invalid_grant', exact: true })
  await error.waitFor()
  expect(await error.textContent()).toMatch(
    /What it means \(RFC 6749 §5\.2, §4\.3\.2, §6\):.*resource owner credentials are wrong/,
  )
  expect(await error.textContent()).toContain('wrong password or unknown username')
  const trace = inspector.getByRole('region', { name: 'Decision trace', exact: true })
  const steps = trace.getByRole('list', { name: 'Decision trace steps', exact: true }).getByRole('listitem')
  expect(await steps.count()).toBeGreaterThan(1)
  // The client authenticated; the password check is the step that failed.
  expect(await steps.and(trace.locator('.outcome-ok')).count()).toBeGreaterThan(0)
  expect(await steps.and(trace.locator('.outcome-fail')).count()).toBeGreaterThan(0)
  await inspector.getByRole('region', { name: 'Findings', exact: true }).waitFor()
  await shot('composer-error')
  await pin(inspector)

  // ── Compare ─────────────────────────────────────────────────────────────────────────
  await nav(page, 'Compare')
  const compare = page.getByRole('region', { name: 'Compare', exact: true })
  await compare.getByRole('button', { name: 'Open #1', exact: true }).waitFor()
  await compare.getByRole('button', { name: 'Open #2', exact: true }).waitFor()
  const differing = compare.locator('tr[data-differs="true"]')
  expect(await differing.count()).toBeGreaterThan(1)
  expect(await compare.getByText('≠').count()).toBe(await differing.count())
  expect(await summaryRow(compare, 'Status')).toEqual({ differs: 'true', cells: ['200', '400'] })
  expect(await summaryRow(compare, 'Error')).toEqual({ differs: 'true', cells: ['—', 'invalid_grant'] })
  // Same client and user on both sides: not marked.
  expect(await summaryRow(compare, 'Client')).toEqual({ differs: 'false', cells: [CLIENT, CLIENT] })
  expect(await summaryRow(compare, 'User')).toEqual({ differs: 'false', cells: [USER, USER] })
  await shot('compare')
  await compare.getByRole('checkbox', { name: 'Only differences', exact: true }).check()
  await compare.locator('tr[data-differs="false"]').first().waitFor({ state: 'detached' })
  expect(await differing.count()).toBeGreaterThan(1)

  // ── Reload, then History ────────────────────────────────────────────────────────────
  await page.reload()
  await page.getByText(/Embedded server on/).waitFor()
  await nav(page, 'History')
  const history = page.getByRole('region', { name: 'History', exact: true })
  const rows = history.getByRole('list', { name: 'Exchanges', exact: true }).getByRole('listitem')
  await history.getByText('2 exchanges', exact).waitFor()
  await rows.nth(1).waitFor()
  expect(await rows.count()).toBe(2)
  const good = rows
    .filter({ hasText: `client ${CLIENT}` })
    .filter({ hasText: `user ${USER}` })
    .filter({ hasNotText: 'invalid_grant' })
  const bad = rows
    .filter({ hasText: `client ${CLIENT}` })
    .filter({ hasText: `user ${USER}` })
    .filter({ hasText: 'invalid_grant' })
  expect(await good.count()).toBe(1)
  expect(await bad.count()).toBe(1)
  expect(await good.getByRole('button', { name: 'Pin for compare', exact: true }).count()).toBe(1)
  // Opening the failed one shows it explained again, from the stored record.
  await bad.locator('button.history-open').click()
  const historyInspector = page.getByRole('region', { name: 'Inspector', exact: true })
  await historyInspector.getByLabel('Status 400', exact).waitFor()
  await historyInspector.getByRole('region', { name: 'Error invalid_grant', exact: true }).waitFor()
  await shot('history')
}

async function nav(page: Page, screen: 'Workspace' | 'Composer' | 'History' | 'Compare'): Promise<void> {
  const button = page
    .getByRole('navigation', { name: 'Screens', exact: true })
    .getByRole('button', { name: screen, exact: true })
  await button.click()
  await page.locator(`nav[aria-label="Screens"] button[aria-current="page"]`, { hasText: screen }).waitFor()
}

async function pin(inspector: Locator): Promise<void> {
  const button = inspector.getByRole('button', { name: 'Pin for compare', exact: true })
  await button.click()
  await inspector.locator('button[aria-pressed="true"]', { hasText: 'Pin for compare' }).waitFor()
}

/** The Value cell of one claim in a ClaimsTable (row header = the claim name). */
async function claimValue(table: Locator, claim: string): Promise<string> {
  const row = table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name: claim, exact: true }) })
  return (await row.getByRole('cell').first().textContent()) ?? ''
}

/** One Summary row of the compare table: whether it is marked, and its values column by column. */
async function summaryRow(compare: Locator, label: string): Promise<{ differs: string | null; cells: string[] }> {
  const row = compare
    .getByRole('row')
    .filter({ has: compare.page().locator('th[scope="row"] > code', { hasText: new RegExp(`^${label}$`) }) })
    .first()
  return {
    differs: await row.getAttribute('data-differs'),
    cells: (await row.getByRole('cell').allTextContents()).map((t) => t.trim()),
  }
}
