// The HTML migration report in a real browser (Debian's Chromium through playwright-core): it loads
// nothing, runs nothing, logs no error, fits an A4 portrait page when printed (the @media print
// rules) and prints to PDF. The report comes from a recorded run (test/helpers/migration-traffic.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumAvailability, launchChromium, watchConsole, type LaunchedBrowser } from '../helpers/browser'
import { requiresTool } from '../helpers/requires-tool'
import { labWithMigrationTraffic } from '../helpers/migration-traffic'

const chromiumCheck = chromiumAvailability()
const hasChromium = requiresTool('Chromium', chromiumCheck.available ? null : chromiumCheck.reason)

/** A4 (210 mm) less the report's 1.5 cm print margins on each side, in CSS pixels (96 per inch). */
const A4_CONTENT_WIDTH = Math.floor(((210 - 30) / 25.4) * 96)

let html = ''
let browser: LaunchedBrowser | null = null

beforeAll(async () => {
  const lab = await labWithMigrationTraffic(':memory:')
  try {
    html = (await lab.handlers['report.render']({ format: 'html', includeLabTraffic: false })).text
  } finally {
    await lab.close()
  }
})
afterAll(async () => {
  await browser?.close()
})

describe('the HTML migration report in Chromium', () => {
  it.skipIf(!hasChromium)(
    'loads nothing, logs no error, fits an A4 portrait page in print, and prints to PDF',
    async () => {
      browser = await launchChromium({ width: 1024, height: 700 })
      const { page } = browser
      const watch = watchConsole(page)
      const requests: string[] = []
      page.on('request', (r) => requests.push(r.url()))
      await page.setContent(html)
      expect(await page.title()).toBe('Password grant migration report')
      expect(await page.locator('table.clients tbody tr').count()).toBe(7)

      await page.emulateMedia({ media: 'print' })
      await page.setViewportSize({ width: A4_CONTENT_WIDTH, height: 1000 })
      // A string, evaluated in the page: this file is type-checked without the DOM library.
      const layout = await page.evaluate(`({
        pageWidth: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
        detailBreak: getComputedStyle(document.querySelector('section.clients-detail')).breakBefore,
        headerGroup: getComputedStyle(document.querySelector('table.clients thead')).display,
      })`)
      expect(layout).toEqual({
        pageWidth: A4_CONTENT_WIDTH,
        viewport: A4_CONTENT_WIDTH,
        detailBreak: 'page',
        headerGroup: 'table-header-group',
      })

      const pdf = await page.pdf({ format: 'A4' })
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      expect(requests).toEqual([])
      expect(watch.problems()).toEqual([])
    },
  )
})
