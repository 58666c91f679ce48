// Debian's Chromium driven by playwright-core (no browser is ever downloaded): availability
// check, a launch with the flags this machine needs and a fresh profile, console capture and
// screenshots into the ignored test-results/ folder.
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

export const CHROMIUM_PATH = '/usr/bin/chromium'

/** Where screenshots go (test-results/ is gitignored). */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../test-results/screenshots')

/**
 * Flags required here: no sandbox (containers), no GPU, no QUIC, and nothing that talks to
 * Google in the background. The profile is a fresh directory given to launchPersistentContext
 * (Playwright refuses --user-data-dir in args).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Whether the browser can be used, and why not when it cannot (for a skip message). */
export function chromiumAvailability(): { available: true } | { available: false; reason: string } {
  if (existsSync(CHROMIUM_PATH)) return { available: true }
  return {
    available: false,
    reason: `${CHROMIUM_PATH} is missing (install it with: apt-get install -y chromium; never a downloaded browser)`,
  }
}

export interface LaunchedBrowser {
  context: BrowserContext
  page: Page
  /** Closes the browser and removes its profile directory. */
  close(): Promise<void>
}

export async function launchChromium(options: { width?: number; height?: number } = {}): Promise<LaunchedBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'ropc-chromium-'))
  let context: BrowserContext
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: options.width ?? 1024, height: options.height ?? 700 },
      timeout: 30_000,
    })
  } catch (err) {
    await rm(profile, { recursive: true, force: true })
    throw err
  }
  const page = context.pages()[0] ?? (await context.newPage())
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => {})
      await rm(profile, { recursive: true, force: true })
    },
  }
}

/** Messages Chromium prints that say nothing about the app. */
const IGNORED_CONSOLE = [
  // A CSP meta tag cannot carry frame-ancestors; the served header does (src/shared/csp.ts).
  /frame-ancestors.*ignored when delivered via a <meta> element/i,
]

export interface ConsoleWatch {
  /** Uncaught exceptions in the page. */
  pageErrors: string[]
  /** console.error messages (and failed loads Chromium reports as errors), known noise excluded. */
  consoleErrors: string[]
  /** Everything else logged at warning level, for the test log. */
  warnings: string[]
  /** Both lists of problems, one line each, for a single assertion. */
  problems(): string[]
}

export function watchConsole(page: Page): ConsoleWatch {
  const watch: ConsoleWatch = {
    pageErrors: [],
    consoleErrors: [],
    warnings: [],
    problems: () => [
      ...watch.pageErrors.map((e) => `pageerror: ${e}`),
      ...watch.consoleErrors.map((e) => `console.error: ${e}`),
    ],
  }
  page.on('pageerror', (err) => watch.pageErrors.push(err.stack ?? err.message))
  page.on('console', (msg) => {
    const text = msg.text()
    if (IGNORED_CONSOLE.some((re) => re.test(text))) return
    const where = msg.location().url ? ` (${msg.location().url}:${msg.location().lineNumber})` : ''
    if (msg.type() === 'error') watch.consoleErrors.push(`${text}${where}`)
    else if (msg.type() === 'warning') watch.warnings.push(`${text}${where}`)
  })
  return watch
}

/** Saves a viewport screenshot as test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true })
  const path = join(SCREENSHOT_DIR, `${name}.png`)
  await page.screenshot({ path, animations: 'disabled' })
  return path
}
