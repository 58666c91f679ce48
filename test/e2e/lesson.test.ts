// End to end in Debian's Chromium (playwright-core) against the built `ropc-lab serve --ui`: the
// "Why caution" lesson walked step by step in presentation mode, each step's live result checked
// against its lesson lab, one screenshot per step (test-results/screenshots/lesson-<n>.png), then
// Reset — and the person's workspace is what it was before the lesson (workspace.export).
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { LESSON_CAST } from '../../src/shared/lab-api'
import { chromiumAvailability } from '../helpers/browser'
import { requiresTool } from '../helpers/requires-tool'
import { runJourney, serveUiPerFile } from '../helpers/e2e-session'

const chromiumCheck = chromiumAvailability()
const hasChromium = requiresTool('Chromium', chromiumCheck.available ? null : chromiumCheck.reason)

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

describe('the Why caution lesson in a browser (ropc-lab serve --ui)', () => {
  const ui = serveUiPerFile('lesson')

  it.skipIf(!hasChromium)(
    'walks every step live, screenshots each, and Reset leaves the person’s workspace as it was',
    async () => {
      const uiUrl = ui.serving.uiUrl!
      const before = await api(uiUrl, 'workspace.export')
      const logBefore = (await api(uiUrl, 'exchanges.list')) as { total: number }
      let shots = 0
      // A projector's resolution.
      await runJourney({ label: 'lesson', width: 1920, height: 1080 }, (page, shot) =>
        walk(page, uiUrl, async (n) => {
          shots += 1
          await shot(String(n))
        }),
      )
      expect(shots).toBe(7)
      // The lesson ran on its own lab: the person's workspace and log are untouched.
      expect(await api(uiUrl, 'workspace.export')).toEqual(before)
      expect(((await api(uiUrl, 'exchanges.list')) as { total: number }).total).toBe(logBefore.total)
    },
    120_000,
  )
})

async function walk(page: Page, uiUrl: string, shot: (n: number) => Promise<unknown>): Promise<void> {
  await page.goto(uiUrl)
  await page.getByText(/Embedded server on/).waitFor()
  // From the caution banner into the lesson, then presentation mode.
  await page.getByRole('button', { name: 'See why, step by step', exact: true }).click()
  const lesson = page.getByRole('region', { name: 'Why caution lesson', exact: true })
  await lesson.getByRole('button', { name: 'Presentation mode', exact: true }).click()
  await expect.poll(() => lesson.getAttribute('class')).toContain('lesson-presenting')

  // 1. The client holds the password.
  await expectStep(lesson, 1, 'The client holds the password')
  await lesson.getByRole('form', { name: 'Legacy App', exact: true }).getByRole('button', { name: 'Sign in' }).click()
  const request = lesson.getByLabel('The request the legacy app sent', { exact: true })
  await expect.poll(() => request.textContent()).toContain('password=••••••••')
  expect(await lesson.textContent()).not.toContain(LESSON_CAST.signInPassword)
  expect(await lesson.getByLabel('What the lab’s log keeps', { exact: true }).textContent()).toContain('password=***')
  await lesson.getByRole('button', { name: 'Reveal', exact: true }).first().click()
  const careless = lesson.getByLabel('What a careless log would keep', { exact: true })
  await expect.poll(() => careless.textContent()).toContain(`password=${LESSON_CAST.signInPassword}`)
  await shot(1)
  await lesson.getByRole('button', { name: 'Hide', exact: true }).first().click()

  // 2. Guessing: arrow key to the next step.
  await page.keyboard.press('ArrowRight')
  await expectStep(lesson, 2, 'Guessing')
  await lesson.getByRole('button', { name: 'Guess with lockout off', exact: true }).click()
  const off = lesson.getByLabel('Lockout off: result', { exact: true })
  // Live: the count climbs while the run goes (50 guesses at 40 ms each), then the run says what it found.
  await expect.poll(() => off.textContent()).toMatch(/Guessing… \d+ of 50/)
  await expect.poll(() => off.textContent(), { timeout: 30_000 }).toMatch(/found sam’s password on guess 42/)
  await lesson.getByRole('button', { name: 'Guess with lockout on', exact: true }).click()
  const on = lesson.getByLabel('Lockout on: result', { exact: true })
  await expect.poll(() => on.textContent(), { timeout: 30_000 }).toMatch(/locked after 5 failures \(guess 5\)/)
  expect(await on.textContent()).toMatch(/Guess 42 was the right password — refused/)
  await lesson.getByRole('button', { name: `The real ${LESSON_CAST.guessedUser} signs in`, exact: true }).click()
  await lesson.getByText(/typed the right password and is refused/).waitFor()
  await lesson.getByRole('button', { name: 'Compare a known and an unknown user', exact: true }).click()
  await lesson.getByText(/The same answer, byte for byte/).waitFor()
  await lesson.getByRole('table', { name: 'Lockout on: attempts by outcome' }).waitFor()
  // The chart is drawn (a canvas with pixels), not only the table.
  expect(await lesson.locator('canvas').count()).toBe(2)
  await shot(2)

  // 3. No consent, any scope.
  await next(lesson)
  await expectStep(lesson, 3, 'No consent, any scope')
  await lesson.getByRole('button', { name: 'Ask for admin', exact: true }).click()
  const granted = lesson.getByLabel('Granted scope', { exact: true })
  await expect.poll(() => granted.textContent()).toMatch(/Asked: admin · granted: admin/)
  expect(await lesson.getByLabel('Consent screen: never shown').count()).toBe(1)
  await lesson.getByText(/^Decision trace \(\d+ steps\) · findings/).click()
  await lesson.getByText('Scope granted without consent', { exact: true }).waitFor()
  await shot(3)

  // 4. No second factor.
  await next(lesson)
  await expectStep(lesson, 4, 'No second factor')
  await lesson.getByRole('button', { name: 'Sign in as Mia and Leo', exact: true }).click()
  await lesson.getByText(/There is no step in this grant where a second factor could be asked/).waitFor()
  await lesson.getByText(/There is no step in this grant where a new password could be set/).waitFor()
  expect(await lesson.getByText('400 Bad Request · invalid_grant').count()).toBe(2)
  // The trace shows the dead end, open from the start.
  await lesson.getByText('user.mfa_required', { exact: true }).first().waitFor()
  await lesson.getByText('user.password_expired', { exact: true }).first().waitFor()
  await shot(4)

  // 5. The password is shared.
  await next(lesson)
  await expectStep(lesson, 5, 'The password is shared')
  await lesson.getByRole('button', { name: 'Sign in to both clients', exact: true }).click()
  await lesson.getByRole('heading', { name: `${LESSON_CAST.signInUser} at ${LESSON_CAST.partnerClient}` }).waitFor()
  expect(await lesson.getByText('200 OK').count()).toBe(2)
  await lesson.getByRole('button', { name: 'Sign in to the look-alike', exact: true }).click()
  const collected = lesson.getByLabel('The look-alike collected', { exact: true })
  await expect.poll(() => collected.textContent()).toMatch(/The server cannot tell: tokens issued/)
  expect(await collected.textContent()).not.toContain(LESSON_CAST.signInPassword)
  await shot(5)

  // 6. Tokens outlive the password.
  await next(lesson)
  await expectStep(lesson, 6, 'Tokens outlive the password')
  await lesson.getByRole('button', { name: 'Setting off: sign in, change the password, refresh' }).click()
  const offResult = lesson.getByLabel('Revoke refresh tokens when the password changes: off: result')
  await expect.poll(() => offResult.textContent()).toMatch(/the old refresh token still works/)
  await lesson.getByRole('button', { name: 'Setting on: sign in, change the password, refresh' }).click()
  const onResult = lesson.getByLabel('Revoke refresh tokens when the password changes: on: result')
  await expect.poll(() => onResult.textContent()).toMatch(/the old refresh token is refused/)
  await shot(6)

  // 7. The way out.
  await next(lesson)
  await expectStep(lesson, 7, 'The way out')
  await lesson.getByRole('img', { name: /Who sees the password/ }).waitFor()
  await lesson.getByRole('button', { name: 'Count from the lesson’s log', exact: true }).click()
  const report = lesson.getByRole('table', { name: 'Clients that received a password in this lesson' })
  await report.waitFor()
  for (const client of [LESSON_CAST.legacyClient, LESSON_CAST.partnerClient, LESSON_CAST.publicClient]) {
    await report.getByRole('cell', { name: client, exact: true }).waitFor()
  }
  await lesson.getByRole('button', { name: 'Sign in with the grant deprecated', exact: true }).click()
  const deprecated = lesson.getByLabel('The legacy app, grant deprecated', { exact: true })
  await expect
    .poll(() => deprecated.textContent())
    .toMatch(/200 OK[\s\S]*Deprecation: @\d+[\s\S]*Sunset: [\s\S]*Link: </)
  await lesson.getByRole('button', { name: 'Sign in with the grant disabled', exact: true }).click()
  const disabled = lesson.getByLabel('The legacy app, grant disabled', { exact: true })
  await expect.poll(() => disabled.textContent()).toContain('400 Bad Request · unsupported_grant_type')
  await shot(7)

  // Reset: back to step 1, nothing shown; Escape leaves presentation mode.
  await lesson.getByRole('button', { name: 'Reset', exact: true }).click()
  await expectStep(lesson, 1, 'The client holds the password')
  await expect.poll(() => request.count()).toBe(0)
  await page.keyboard.press('Escape')
  await expect.poll(() => lesson.getAttribute('class')).not.toContain('lesson-presenting')
}

async function expectStep(lesson: Locator, n: number, title: string): Promise<void> {
  await lesson.getByText(`Step ${n} of 7`, { exact: true }).waitFor()
  await expect.poll(() => lesson.getByRole('heading', { level: 3 }).textContent()).toContain(title)
}

async function next(lesson: Locator): Promise<void> {
  await lesson.getByRole('button', { name: 'Next', exact: true }).click()
}
