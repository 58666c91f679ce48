// What every end-to-end file in Chromium needs: a fresh `ropc-lab serve --ui` on its own database for
// the file, and a browser journey that leaves its screenshots and the page's console problems next to
// a failure and fails on any uncaught page error.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { launchChromium, screenshot, watchConsole } from './browser'
import { assertCliBuilt, startServe, type ServingCli } from './cli-process'

export interface UiServer {
  /** The running `serve --ui` (set in beforeAll). */
  readonly serving: ServingCli
}

/** Starts `serve --ui --port 0` on a fresh database before the file's tests, stops it after. */
export function serveUiPerFile(label: string): UiServer {
  let dir = ''
  let serving: ServingCli | undefined
  beforeAll(async () => {
    assertCliBuilt()
    dir = await mkdtemp(join(tmpdir(), `ropc-e2e-${label}-`))
    serving = await startServe(['--ui', '--port', '0', '--db', join(dir, 'lab.db')])
  })
  afterAll(async () => {
    await serving?.stop()
    if (dir) await rm(dir, { recursive: true, force: true })
  })
  return {
    get serving() {
      if (!serving) throw new Error('serve --ui has not started')
      return serving
    },
  }
}

export interface JourneyOptions {
  /** Log prefix and screenshot prefix, e.g. `scenarios` → `[e2e scenarios]`, `scenarios-<name>.png`. */
  label: string
  /** Prefix of the screenshot names ('' for none). */
  shotPrefix?: string
  width: number
  height: number
}

/**
 * Runs `journey` in a new Chromium page: on failure a screenshot and the page's console problems are
 * printed; the screenshots taken are listed; any uncaught page error or console error fails the test.
 */
export async function runJourney(
  options: JourneyOptions,
  journey: (page: Page, shot: (name: string) => Promise<void>) => Promise<void>,
): Promise<void> {
  const { label } = options
  const prefix = options.shotPrefix ?? `${label}-`
  const browser = await launchChromium({ width: options.width, height: options.height })
  const { page } = browser
  page.setDefaultTimeout(15_000)
  const watch = watchConsole(page)
  const shots: string[] = []
  try {
    await journey(page, async (name) => {
      shots.push(await screenshot(page, `${prefix}${name}`))
    })
  } catch (err) {
    const failure = await screenshot(page, `${prefix}failure`).catch(() => 'not taken')
    console.log(
      `[e2e ${label}] failed; screenshot: ${failure}; browser problems:\n${watch.problems().join('\n') || '(none)'}`,
    )
    throw err
  } finally {
    for (const path of shots) console.log(`[e2e ${label}] screenshot: ${path}`)
    for (const w of watch.warnings) console.log(`[e2e ${label}] browser warning: ${w}`)
    // Closed before the server stops: its event stream would otherwise see the server go away.
    await browser.close()
  }
  expect(watch.problems()).toEqual([])
}
