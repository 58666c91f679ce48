// @vitest-environment jsdom
// The "Why caution" lesson in the real app over a real lab (test-lab.ts): the step navigation (buttons,
// indicator, arrow keys), presentation mode, secrets hidden until revealed, and Reset.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { WHY_CAUTION_STEPS } from '../../../src/renderer/lessons/why-caution'
import { LAB_METHODS, LESSON_CAST } from '../../../src/shared/lab-api'
import { renderApp } from './render-app'

beforeEach(() => {
  // jsdom has no canvas: the chart leaves its canvas hidden and the counts table stands in.
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null)
})
afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

const lessonRegion = () => screen.getByRole('region', { name: 'Why caution lesson' })
const stepHeading = () => within(lessonRegion()).getByRole('heading', { level: 3 })
const position = () => screen.getByText(/^Step \d of 7$/).textContent

async function openLesson() {
  const app = await renderApp()
  await app.user.click(screen.getByRole('button', { name: 'Why caution' }))
  await waitFor(() => expect(app.store.getState().lessonStatus?.running).toBe(true), { timeout: 10_000 })
  return app
}

describe('the steps as data', () => {
  it('has seven steps, each citing its sources and naming a lesson action of the LabApi', () => {
    expect(WHY_CAUTION_STEPS.map((s) => s.title)).toEqual([
      'The client holds the password',
      'Guessing',
      'No consent, any scope',
      'No second factor',
      'The password is shared',
      'Tokens outlive the password',
      'The way out',
    ])
    const cited = WHY_CAUTION_STEPS.flatMap((s) => s.sources.map((src) => src.label))
    for (const source of ['RFC 9700 §2.4', 'RFC 6749 §4.3.1', 'RFC 6749 §4.3.2', 'RFC 6749 §10.7'])
      expect(cited).toContain(source)
    expect(cited.some((c) => c.startsWith('RFC 6819 §4.4.3'))).toBe(true)
    for (const step of WHY_CAUTION_STEPS) {
      expect(step.sources.length).toBeGreaterThan(0)
      for (const s of step.sources) expect(s.href).toMatch(/^https:\/\/www\.rfc-editor\.org\/rfc\/rfc\d+/)
      expect(LAB_METHODS).toContain(step.action.method)
    }
  })
})

describe('Why caution lesson', () => {
  it('opens from the main navigation at step 1 of 7, on a lesson lab of its own', async () => {
    const { store, lab } = await openLesson()
    expect(stepHeading().textContent).toContain('The client holds the password')
    expect(position()).toBe('Step 1 of 7')
    expect(within(lessonRegion()).getByRole('link', { name: 'RFC 9700 §2.4' }).getAttribute('href')).toBe(
      'https://www.rfc-editor.org/rfc/rfc9700#section-2.4',
    )
    const indicator = screen.getByRole('navigation', { name: 'Lesson steps' })
    expect(within(indicator).getAllByRole('button')).toHaveLength(7)
    expect(within(indicator).getByRole('button', { name: 'Step 1: The client holds the password' })).toHaveProperty(
      'ariaCurrent',
      'step',
    )
    expect(store.getState().lessonStatus?.baseUrl).not.toBe(lab.baseUrl)
  })

  it('opens from the caution banner', async () => {
    const { user } = await renderApp()
    await user.click(screen.getByRole('button', { name: 'See why, step by step' }))
    expect(stepHeading().textContent).toContain('The client holds the password')
  })

  it('goes step by step with Next and Previous, and jumps from the step indicator', async () => {
    const { user } = await openLesson()
    const previous = screen.getByRole('button', { name: 'Previous' })
    const next = screen.getByRole('button', { name: 'Next' })
    expect(previous).toHaveProperty('disabled', true)
    await user.click(next)
    expect(stepHeading().textContent).toContain('Guessing')
    expect(position()).toBe('Step 2 of 7')
    await user.click(previous)
    expect(stepHeading().textContent).toContain('The client holds the password')
    await user.click(screen.getByRole('button', { name: 'Step 7: The way out' }))
    expect(stepHeading().textContent).toContain('The way out')
    expect(screen.getByRole('button', { name: 'Next' })).toHaveProperty('disabled', true)
    expect(screen.getByRole('img', { name: /Who sees the password/ })).toBeTruthy()
  })

  it('moves with the arrow keys (and Page Up / Down), but not while typing in a field', async () => {
    const { user } = await openLesson()
    await user.keyboard('{ArrowRight}{ArrowRight}')
    expect(position()).toBe('Step 3 of 7')
    await user.keyboard('{ArrowLeft}')
    expect(position()).toBe('Step 2 of 7')
    await user.keyboard('{PageDown}')
    expect(position()).toBe('Step 3 of 7')
    await user.keyboard('{PageUp}{PageUp}')
    expect(position()).toBe('Step 1 of 7')
    await user.keyboard('{ArrowLeft}')
    expect(position()).toBe('Step 1 of 7')
    // In the login form's field, an arrow moves the caret.
    await user.click(screen.getByLabelText('Username'))
    await user.keyboard('{ArrowRight}')
    expect(position()).toBe('Step 1 of 7')
  })

  it('presentation mode fills the window in large type and Escape leaves it', async () => {
    const { user } = await openLesson()
    const toggle = screen.getByRole('button', { name: 'Presentation mode' })
    await user.click(toggle)
    expect(toggle.getAttribute('aria-pressed')).toBe('true')
    expect(lessonRegion().classList.contains('lesson-presenting')).toBe(true)
    await user.keyboard('{ArrowRight}')
    expect(position()).toBe('Step 2 of 7')
    fireEvent.keyDown(window, { key: 'Escape' })
    await waitFor(() => expect(lessonRegion().classList.contains('lesson-presenting')).toBe(false))
  })

  it('hides the password until Reveal: the request shows dots, the lab’s log masks it, Reveal shows a careless log', async () => {
    const { user } = await openLesson()
    expect(screen.getByLabelText('Password').getAttribute('type')).toBe('password')
    await user.click(within(screen.getByRole('form', { name: 'Legacy App' })).getByRole('button', { name: 'Sign in' }))
    const request = await screen.findByLabelText('The request the legacy app sent')
    expect(request.textContent).toContain('POST /oauth/v2/oauth-token HTTP/1.1')
    expect(request.textContent).toContain('password=••••••••')
    expect(request.textContent).toContain('Authorization: Basic ••••••••')
    expect(lessonRegion().textContent).not.toContain(LESSON_CAST.signInPassword)
    expect(screen.getByLabelText('What the lab’s log keeps').textContent).toContain('password=***')
    expect(screen.getByRole('region', { name: 'Where the password now is' }).textContent).toMatch(/app’s memory/)

    await user.click(screen.getAllByRole('button', { name: 'Reveal' })[0]!)
    await waitFor(() =>
      expect(screen.getByLabelText('The request the legacy app sent').textContent).toContain(
        `password=${LESSON_CAST.signInPassword}`,
      ),
    )
    expect(screen.getByLabelText('What a careless log would keep').textContent).toContain(
      `password=${LESSON_CAST.signInPassword}`,
    )
    await user.click(screen.getByRole('button', { name: 'Hide' }))
    expect(lessonRegion().textContent).not.toContain(LESSON_CAST.signInPassword)
  })

  it('Reset brings the lesson back to its start and closes the lesson lab', async () => {
    const { user, store } = await openLesson()
    await user.click(within(screen.getByRole('form', { name: 'Legacy App' })).getByRole('button', { name: 'Sign in' }))
    await screen.findByLabelText('The request the legacy app sent')
    await user.click(screen.getByRole('button', { name: 'Step 3: No consent, any scope' }))
    await user.click(screen.getByRole('button', { name: 'Ask for admin' }))
    await screen.findByLabelText('Granted scope')
    await user.click(screen.getByRole('button', { name: 'Reset' }))
    expect(position()).toBe('Step 1 of 7')
    expect(store.getState().lessonResults).toEqual({})
    await waitFor(() => expect(store.getState().lessonStatus).toMatchObject({ running: false, baseUrl: null }))
    expect(screen.queryByLabelText('The request the legacy app sent')).toBeNull()
    // The next action opens a fresh lesson lab (it hashes its cast's passwords first: give it time).
    await user.click(within(screen.getByRole('form', { name: 'Legacy App' })).getByRole('button', { name: 'Sign in' }))
    await screen.findByLabelText('The request the legacy app sent', undefined, { timeout: 15_000 })
    await waitFor(() => expect(store.getState().lessonStatus?.running).toBe(true))
  })

  it('streams the guessing run into the step and says what it found', async () => {
    const { user, store } = await openLesson()
    await user.click(screen.getByRole('button', { name: 'Next' }))
    const count = screen.getByLabelText('Guesses')
    await user.clear(count)
    await user.type(count, '8')
    let liveMost = 0
    const unsubscribe = store.subscribe((s) => (liveMost = Math.max(liveMost, s.lessonLive?.attempts.length ?? 0)))
    await user.click(screen.getByRole('button', { name: 'Guess with lockout on' }))
    await waitFor(() => expect(store.getState().lessonResults.guessOn).toBeDefined(), { timeout: 10_000 })
    unsubscribe()
    // The attempts arrived one by one (`lesson.progress`) while the call was still pending.
    expect(liveMost).toBe(8)
    expect(screen.getByLabelText('Lockout on: result').textContent).toMatch(/^8 guesses in .*: locked after 5 failures/)
    const counts = screen.getByRole('table', { name: 'Lockout on: attempts by outcome' })
    expect(within(counts).getByRole('row', { name: /wrong password/ }).textContent).toContain('5')
    expect(within(counts).getByRole('row', { name: /^refused: locked/ }).textContent).toContain('3')
  })

  it('step 7, live: three flows for the same user, who saw the password, and the second factor', async () => {
    const { user, lab } = await openLesson()
    await user.click(screen.getByRole('button', { name: 'Step 7: The way out' }))
    await user.click(screen.getByRole('button', { name: 'Sign in three ways' }))
    const live = screen.getByRole('region', { name: 'The way out, live' })
    const code = await within(live).findByRole('region', { name: 'Code + PKCE' }, { timeout: 15_000 })
    expect(lab.calls.filter((c) => c.method === 'lesson.wayOutLive')).toEqual([
      { method: 'lesson.wayOutLive', input: {} },
    ])
    expect(within(live).getByText(LESSON_CAST.signInUser)).toBeTruthy()
    expect(within(code).getByText(/Only the authorization server, on its own sign-in page/)).toBeTruthy()
    expect(within(code).getByText(/Password sent in: sign-in \(by the browser\) · signed in/)).toBeTruthy()
    const password = within(live).getByRole('region', { name: 'Password grant' })
    expect(within(password).getByText(/Password sent in: token \(by the app\) · signed in/)).toBeTruthy()
    const challenge = within(live).getByRole('region', { name: 'Authorization challenge' })
    expect(within(challenge).getByText(/Password sent in: challenge \(by the app\) · signed in/)).toBeTruthy()

    const factor = within(live).getByRole('region', { name: 'A second factor' })
    expect(within(factor).getByText(LESSON_CAST.mfaUser)).toBeTruthy()
    expect(within(factor).getAllByText(/invalid_grant/)).toHaveLength(1)
    expect(within(factor).getByText(/insufficient_authorization/)).toBeTruthy()
    expect(
      within(factor)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      expect.stringMatching(/^challenge .*insufficient_authorization/),
      expect.stringMatching(/^challenge 200/),
      expect.stringMatching(/^token \(authorization_code\) 200/),
    ])
  })
})
