// Every screen and tab, checked by machine in Debian's Chromium against the built `ropc-lab serve --ui`,
// at 1280×800 and 1024×700, light and dark, with realistic content (a client with a long id, 50+
// history rows, a conformance pack run, a JWT exchange): the layout rules of test/helpers/layout-checks.ts
// and axe-core's serious/critical rules. One screenshot per screen, size and theme goes to
// test-results/screenshots/layout-<screen>-<size>-<theme>.png, to be looked at by eye.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chromiumAvailability } from '../helpers/browser'
import { ENDPOINT_PATHS } from '../../src/shared/wire'
import { runJourney, serveUiPerFile } from '../helpers/e2e-session'
import { accessibilityProblems, layoutProblems } from '../helpers/layout-checks'

const chromiumCheck = chromiumAvailability()
const hasChromium = chromiumCheck.available
if (!chromiumCheck.available) console.log(`[e2e layout] browser checks skipped: ${chromiumCheck.reason}`)

const exact = { exact: true } as const
const LONG_CLIENT = 'partner-integration-billing-service-account-eu-west-1-production-0001'
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
] as const
const THEMES = ['light', 'dark'] as const

/** A lab call over the UI server's API, with the session token of the printed URL. */
async function api(uiUrl: string, method: string, input: unknown = {}): Promise<unknown> {
  const url = new URL(uiUrl)
  const res = await fetch(new URL(`/__lab/api/${method}`, url.origin), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Ropc-Lab-Session': url.searchParams.get('session')! },
    body: JSON.stringify(input),
  })
  const result = (await res.json()) as { ok: boolean; data?: unknown; error?: unknown }
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`)
  return result.data
}

/** Realistic content: a long client id and 50 password grants (some failing). */
async function seed(uiUrl: string, tokenEndpoint: string): Promise<void> {
  await api(uiUrl, 'clients.create', {
    clientId: LONG_CLIENT,
    public: false,
    grantTypes: ['password'],
    scopes: ['read'],
    authMethods: ['client_secret_basic'],
    secret: 'long-client-demo-secret-1',
  })
  const basic = `Basic ${Buffer.from('legacy:legacy-demo-secret').toString('base64')}`
  for (let i = 0; i < 50; i++) {
    const password = i % 5 === 0 ? 'wrong-password' : 'demo-password'
    const res = await fetch(tokenEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic },
      body: new URLSearchParams({ grant_type: 'password', username: i % 7 === 0 ? 'alice' : 'demo', password }),
    })
    await res.arrayBuffer()
  }
}

interface Screen {
  name: string
  open(page: Page): Promise<void>
  /** Undoes what `open` did that would cover the next screen (presentation mode). */
  close?(page: Page): Promise<void>
}

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Screens', exact: true }).getByRole('button', { name, exact: true }).click()
const tab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true }).click()

const ALL_SCREENS: Screen[] = [
  { name: 'composer', open: (p) => nav(p, 'Composer') },
  ...['Clients', 'Scopes', 'Users', 'Settings', 'Relay', 'Faults'].map((t) => ({
    name: `workspace-${t.toLowerCase()}`,
    open: async (p: Page) => {
      await nav(p, 'Workspace')
      await tab(p, t)
    },
  })),
  { name: 'history', open: (p) => nav(p, 'History') },
  { name: 'compare', open: (p) => nav(p, 'Compare') },
  { name: 'migration', open: (p) => nav(p, 'Migration') },
  ...['By client', 'Catalogue'].map((t) => ({
    name: `findings-${t.toLowerCase().replace(' ', '-')}`,
    open: async (p: Page) => {
      await nav(p, 'Findings')
      await tab(p, t)
    },
  })),
  { name: 'lesson', open: (p) => nav(p, 'Why caution') },
  {
    // Step 7: the "who sees the password" diagram.
    name: 'lesson-step-7',
    open: async (p) => {
      await nav(p, 'Why caution')
      await p.getByRole('navigation', { name: 'Lesson steps', exact: true }).getByRole('button').nth(6).click()
    },
  },
  {
    name: 'lesson-presenting',
    open: async (p) => {
      await nav(p, 'Why caution')
      await p.getByRole('button', { name: 'Presentation mode', exact: true }).click()
    },
    close: (p) => p.getByRole('button', { name: 'Presentation mode', exact: true }).click(),
  },
  ...['Scenarios', 'Run'].map((t) => ({
    name: `scenarios-${t.toLowerCase()}`,
    open: async (p: Page) => {
      await nav(p, 'Scenarios')
      await tab(p, t)
    },
  })),
]

/** LAYOUT_ONLY=history,compare checks only the screens whose names contain one of those words (to debug). */
const ONLY = process.env.LAYOUT_ONLY?.split(',').filter(Boolean) ?? []
const SCREENS = ONLY.length ? ALL_SCREENS.filter((s) => ONLY.some((o) => s.name.includes(o))) : ALL_SCREENS

/** The composer's first Send with the demo client, a pinned pair for Compare, a selected History row. */
async function prepare(page: Page, uiUrl: string): Promise<void> {
  await page.goto(uiUrl)
  await page.getByText(/Embedded server on/).waitFor()
  await nav(page, 'Composer')
  const composer = page.getByRole('region', { name: 'Composer', exact: true })
  const inspector = page.getByRole('region', { name: 'Inspector', exact: true })
  await composer.getByLabel('Workspace client', exact).selectOption('legacy')
  await composer.getByLabel('Username', exact).fill('demo')
  await composer.getByLabel('Password', exact).fill('demo-password')
  await composer.getByRole('button', { name: 'Send', exact: true }).click()
  await inspector.getByLabel('Status 200', exact).waitFor()
  await nav(page, 'History')
  const pins = page.getByRole('button', { name: 'Pin for compare', exact: true })
  await pins.nth(0).click()
  await pins.nth(1).click()
  // The conformance pack, run from the Run tab with the composer's credentials: its results stay there.
  await nav(page, 'Scenarios')
  await tab(page, 'Run')
  const run = page.getByRole('form', { name: 'Run scenarios', exact: true })
  await run.getByLabel('The conformance pack (ropc-conformance)', exact).check()
  await run.getByRole('button', { name: 'Use the composer’s credentials', exact: true }).click()
  await run.getByRole('button', { name: 'Run', exact: true }).click()
  await page.getByRole('table', { name: 'Step results', exact: true }).waitFor({ timeout: 60_000 })
  // The Inspector then shows a JWT grant from the composer, on every screen that has it.
  await nav(page, 'Composer')
  await composer.getByRole('button', { name: 'Send', exact: true }).click()
  await inspector.getByText(/Signature verified/).waitFor()
}

const timings = { open: 0, layout: 0, axe: 0, shot: 0 }
async function timed<T>(phase: keyof typeof timings, work: () => Promise<T>): Promise<T> {
  const start = performance.now()
  try {
    return await work()
  } finally {
    timings[phase] += performance.now() - start
  }
}

async function checkScreen(page: Page, screen: Screen, axe: 'all' | 'contrast' | 'none'): Promise<string[]> {
  await timed('open', async () => {
    await screen.open(page)
    // Let late loads (history, reports) settle before measuring.
    await page.waitForTimeout(100)
  })
  const problems = await timed('layout', () => layoutProblems(page))
  if (axe !== 'none') {
    problems.push(...(await timed('axe', () => accessibilityProblems(page, { contrastOnly: axe === 'contrast' }))))
  }
  return problems
}

describe('every screen keeps the layout rules and axe-core’s serious/critical rules', () => {
  const ui = serveUiPerFile('layout')

  it.skipIf(!hasChromium)(
    'at 1280×800 and 1024×700, light and dark, with realistic content (screenshots layout-*.png)',
    async () => {
      const uiUrl = ui.serving.uiUrl!
      const started = performance.now()
      await seed(uiUrl, new URL(ENDPOINT_PATHS.token, ui.serving.baseUrl).href)
      const seeded = performance.now() - started
      const found: string[] = []
      let checked = 0
      await runJourney({ label: 'layout', width: 1280, height: 800 }, async (page, shot) => {
        await prepare(page, uiUrl)
        for (const theme of THEMES) {
          await page.emulateMedia({ colorScheme: theme })
          for (const size of SIZES) {
            await page.setViewportSize(size)
            for (const screen of SCREENS) {
              // Axe once per screen and theme: every rule in light, the contrast rule in dark (roles, names
              // and labels differ neither by theme nor by size).
              const axe = size !== SIZES[0] ? 'none' : theme === 'light' ? 'all' : 'contrast'
              const problems = await checkScreen(page, screen, axe)
              const where = `${screen.name} ${size.width}×${size.height} ${theme}`
              found.push(...problems.map((p) => `${where}: ${p}`))
              // Said as found, so a run cut short still shows what it saw.
              for (const p of problems) console.log(`[e2e layout] ${where}: ${p}`)
              await timed('shot', () => shot(`${screen.name}-${size.width}x${size.height}-${theme}`))
              await screen.close?.(page)
              checked += 1
            }
          }
        }
      })
      const ms = (n: number) => `${(n / 1000).toFixed(1)} s`
      console.log(
        `[e2e layout] ${checked} screens checked; seed ${ms(seeded)}, open ${ms(timings.open)}, layout ${ms(timings.layout)}, axe ${ms(timings.axe)}, screenshots ${ms(timings.shot)}`,
      )
      expect(checked).toBe(SCREENS.length * SIZES.length * THEMES.length)
      expect(found).toEqual([])
    },
    900_000,
  )
})
