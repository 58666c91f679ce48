// @vitest-environment jsdom
// The Scenarios screen over a real lab: Save as step from the Inspector and from a History row, the
// editor with the schema's messages next to each field, duplicate and delete, and runs with a progress
// bar, a results table (expected against actual), each step's exchange in the Inspector, and the
// results downloaded as JUnit XML.
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { giveHistoryAHeight, renderApp, type RenderedApp } from './render-app'
import { ALICE_PASSWORD, LEGACY_SECRET } from './test-lab'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

const exact = { exact: true } as const

async function sendGrantFromComposer({ user }: RenderedApp, password = ALICE_PASSWORD): Promise<void> {
  await user.selectOptions(screen.getByLabelText('Workspace client'), 'legacy')
  await user.clear(screen.getByLabelText('Client secret'))
  await user.type(screen.getByLabelText('Client secret'), LEGACY_SECRET)
  await user.type(screen.getByLabelText('Username'), 'alice')
  await user.clear(screen.getByLabelText('Password'))
  await user.type(screen.getByLabelText('Password'), password)
  await user.click(screen.getByRole('button', { name: 'Send' }))
  const status = password === ALICE_PASSWORD ? 'Status 200' : 'Status 400'
  await screen.findByLabelText(status)
}

async function saveAsStep({ user }: RenderedApp, into: { newName: string } | { existing: string }): Promise<void> {
  const inspector = screen.getByRole('region', { name: 'Inspector' })
  await user.click(within(inspector).getByRole('button', { name: 'Save as step' }))
  const form = await within(inspector).findByRole('region', { name: 'Save as step' })
  if ('newName' in into) await user.type(within(form).getByLabelText('New scenario name'), into.newName)
  else {
    await waitFor(() => expect(within(form).getAllByRole('option').length).toBeGreaterThan(1))
    const option = within(form)
      .getAllByRole('option')
      .find((o) => o.textContent?.startsWith(into.existing))!
    await user.selectOptions(within(form).getByLabelText('Into scenario'), option)
  }
  await user.click(within(form).getByRole('button', { name: 'Save step' }))
  await within(form).findByText(/Saved as step \d+ of/)
}

async function openRunTab({ user }: RenderedApp): Promise<void> {
  await user.click(screen.getByRole('button', { name: 'Scenarios', ...exact }))
  await user.click(await screen.findByRole('tab', { name: 'Run' }))
}

async function runWithCredentials(app: RenderedApp): Promise<HTMLElement> {
  const { user } = app
  const form = screen.getByRole('form', { name: 'Run scenarios' })
  await user.clear(within(form).getByLabelText('Client secret'))
  await user.type(within(form).getByLabelText('Client secret'), LEGACY_SECRET)
  await user.clear(within(form).getByLabelText('Password'))
  await user.type(within(form).getByLabelText('Password'), ALICE_PASSWORD)
  await user.click(within(form).getByRole('button', { name: 'Run' }))
  return screen.findByRole('table', { name: 'Step results' }, { timeout: 10_000 })
}

describe('Scenarios: Save as step and run', () => {
  it('saves a composer exchange as a step of a new scenario, runs it and shows it passed', async () => {
    const app = await renderApp()
    await sendGrantFromComposer(app)
    await saveAsStep(app, { newName: 'alice signs in' })
    const stored = app.store.getState().scenarios.find((s) => s.name === 'alice signs in')!
    const text = JSON.stringify(stored)
    // Never the secret or the password: variables the run fills in.
    expect(text).not.toContain(LEGACY_SECRET)
    expect(text).not.toContain(ALICE_PASSWORD)
    expect(stored.definition.steps[0]!.request).toMatchObject({
      auth: { clientSecret: '{{clientSecret}}' },
      params: { password: '{{password}}' },
    })

    await app.user.click(screen.getByRole('button', { name: 'Open in Scenarios' }))
    const editor = await screen.findByRole('form', { name: 'Scenario alice signs in' })
    expect(within(editor).getByText(/Needs when it runs: \{\{clientSecret\}\}, \{\{password\}\}/)).toBeTruthy()
    const step = within(editor).getByRole('region', { name: 'Step 1' })
    expect((within(step).getByLabelText('Status') as HTMLInputElement).value).toBe('200')

    await app.user.click(screen.getByRole('tab', { name: 'Run' }))
    expect(screen.getByLabelText('Scenario “alice signs in”')).toHaveProperty('checked', true)
    const results = await runWithCredentials(app)
    const progress = screen.getByLabelText('Run progress') as HTMLProgressElement
    expect([progress.value, progress.max]).toEqual([1, 1])
    expect(screen.getByText('Finished scenario "alice signs in": 1 of 1 steps')).toBeTruthy()
    const rows = within(results).getAllByRole('row').slice(1)
    expect(rows.map((r) => r.getAttribute('data-status'))).toEqual(['passed'])
    expect(screen.getByText('1 passed')).toBeTruthy()

    // The step's exchange, one click away: it opens in the Inspector beside the results.
    await app.user.click(within(rows[0]!).getByRole('button', { name: /^Open the exchange of/ }))
    const inspector = screen.getByRole('region', { name: 'Inspector' })
    await within(inspector).findByText(/sent by a scenario/)
    expect(within(inspector).getByLabelText('Status 200')).toBeTruthy()
    // The run sent the typed credentials through the lab's runner; the stored copy has them masked.
    const run = app.store.getState().run!
    const id = run.result!.suites[0]!.steps[0]!.exchangeIds[0]!
    const recorded = await app.lab.call('exchanges.get', { id, reveal: false })
    expect(recorded.origin).toBe('scenario')
    expect(JSON.stringify(recorded)).not.toContain(ALICE_PASSWORD)
  })

  it('shows a changed expectation failing, expected against actual, and downloads the results as JUnit', async () => {
    const app = await renderApp()
    await sendGrantFromComposer(app)
    await saveAsStep(app, { newName: 'created?' })
    await app.user.click(screen.getByRole('button', { name: 'Open in Scenarios' }))
    const editor = await screen.findByRole('form', { name: 'Scenario created?' })
    const status = within(within(editor).getByRole('region', { name: 'Step 1' })).getByLabelText('Status')
    await app.user.clear(status)
    await app.user.type(status, '201')
    await app.user.click(within(editor).getByRole('button', { name: 'Save scenario' }))
    await waitFor(() => expect(app.store.getState().scenarios[0]!.definition.steps[0]!.expect?.status).toBe(201))

    await app.user.click(screen.getByRole('tab', { name: 'Run' }))
    const results = await runWithCredentials(app)
    const [row] = within(results).getAllByRole('row').slice(1)
    expect(row!.getAttribute('data-status')).toBe('failed')
    const cells = within(row!).getAllByRole('cell')
    expect(cells.map((c) => c.textContent)).toEqual(['fail', 'status: 201', 'status: 200', '', 'Open'])

    const blobs: Blob[] = []
    class RecordingURL extends URL {
      static override createObjectURL = (blob: Blob | MediaSource) => (blobs.push(blob as Blob), 'blob:lab/1')
      static override revokeObjectURL = () => {}
    }
    vi.stubGlobal('URL', RecordingURL)
    const downloads: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download)
    })
    await app.user.click(screen.getByRole('button', { name: 'Export JUnit' }))
    await waitFor(() => expect(downloads).toEqual([expect.stringMatching(/^ropc-lab-results-.+\.xml$/)]))
    const xml = await blobs[0]!.text()
    expect(xml).toContain('<testsuite name="created?"')
    expect(xml).toMatch(/<failure message="status: expected 201, got 200"/)
    expect(blobs[0]!.type).toBe('application/xml')
  })

  it('appends to an existing scenario from a History row, and refuses a run without the password', async () => {
    const restore = giveHistoryAHeight()
    try {
      const app = await renderApp()
      await sendGrantFromComposer(app)
      await saveAsStep(app, { newName: 'two steps' })
      await sendGrantFromComposer(app, 'wrong-password')
      await app.user.click(screen.getByRole('button', { name: 'History' }))
      const list = await screen.findByRole('list', { name: 'Exchanges' })
      const wrong = within(list)
        .getAllByRole('listitem')
        .find((li) => li.textContent?.includes('invalid_grant'))!
      await app.user.click(within(wrong).getByRole('button', { name: 'Save as step' }))
      await screen.findByRole('region', { name: 'Save as step' })
      // The History row opened the form in the Inspector: choose the scenario there.
      await saveAsStepInOpenForm(app, 'two steps')
      const steps = app.store.getState().scenarios.find((s) => s.name === 'two steps')!.definition.steps
      expect(steps.map((s) => s.expect)).toMatchObject([
        { status: 200 },
        { status: 400, body: { error: 'invalid_grant' } },
      ])

      await openRunTab(app)
      await app.user.click(screen.getByLabelText('All scenarios (1)'))
      await app.user.click(screen.getByRole('button', { name: 'Run' }))
      const alert = await screen.findByText(/the scenarios cannot run as they are/)
      expect(alert.closest('[role="alert"]')?.textContent).toMatch(
        /\["two steps"\]\.steps\[0\]\.request\.auth\.clientSecret: \{\{clientSecret\}\} is not defined/,
      )
    } finally {
      restore()
    }
  })
})

async function saveAsStepInOpenForm({ user }: RenderedApp, scenario: string): Promise<void> {
  const form = screen.getByRole('region', { name: 'Save as step' })
  await waitFor(() => expect(within(form).getAllByRole('option').length).toBeGreaterThan(1))
  const option = within(form)
    .getAllByRole('option')
    .find((o) => o.textContent?.startsWith(scenario))!
  await user.selectOptions(within(form).getByLabelText('Into scenario'), option)
  await user.click(within(form).getByRole('button', { name: 'Save step' }))
  await within(form).findByText(/Saved as step 2 of/)
}

describe('Scenarios: the editor', () => {
  it('shows the schema’s messages next to each field, saves once fixed, duplicates and deletes', async () => {
    const app = await renderApp()
    await app.user.click(screen.getByRole('button', { name: 'Scenarios', ...exact }))
    const editor = await screen.findByRole('form', { name: 'New scenario' })
    await app.user.clear(within(editor).getByLabelText('Scenario name'))
    const step = within(editor).getByRole('region', { name: 'Step 1' })
    await app.user.clear(within(step).getByLabelText('Status'))
    await app.user.type(within(step).getByLabelText('Status'), 'ok')
    await app.user.selectOptions(within(step).getByLabelText('Endpoint'), 'url')
    await app.user.clear(within(step).getByLabelText('Endpoint URL'))
    await app.user.type(within(step).getByLabelText('Endpoint URL'), 'ftp://x')
    await app.user.click(within(editor).getByRole('button', { name: 'Create scenario' }))

    const nameField = within(editor).getByLabelText('Scenario name')
    expect(nameField.getAttribute('aria-invalid')).toBe('true')
    expect(within(editor).getByText('must not be empty')).toBeTruthy()
    expect(within(step).getByText(/^expected a number or a list of numbers/)).toBeTruthy()
    expect(within(step).getByText(/^unknown endpoint "ftp:\/\/x"/)).toBeTruthy()
    expect(app.lab.calls.some((c) => c.method === 'scenarios.save')).toBe(false)

    // The messages follow the fixes.
    await app.user.type(nameField, 'metadata check')
    await waitFor(() => expect(within(editor).queryByText('must not be empty')).toBeNull())
    await app.user.selectOptions(within(step).getByLabelText('Endpoint'), 'metadata')
    await app.user.clear(within(step).getByLabelText('Status'))
    await app.user.type(within(step).getByLabelText('Status'), '200')
    await app.user.click(within(editor).getByRole('button', { name: 'Create scenario' }))
    await screen.findByRole('form', { name: 'Scenario metadata check' })
    expect(app.store.getState().scenarios.map((s) => s.name)).toEqual(['metadata check'])

    await app.user.click(screen.getByRole('button', { name: 'Duplicate' }))
    await screen.findByRole('form', { name: 'Scenario metadata check (copy)' })
    const nav = screen.getByRole('navigation', { name: 'Scenarios' })
    expect(
      within(nav)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['metadata check1 step', 'metadata check (copy)1 step'])
    await app.user.click(screen.getByRole('button', { name: 'Delete scenario' }))
    await app.user.click(screen.getByRole('button', { name: 'Confirm delete' }))
    await waitFor(() => expect(app.store.getState().scenarios.map((s) => s.name)).toEqual(['metadata check']))
  })

  it('warns when a secret is typed in clear instead of a variable', async () => {
    const app = await renderApp()
    await app.user.click(screen.getByRole('button', { name: 'Scenarios', ...exact }))
    const step = within(await screen.findByRole('form', { name: 'New scenario' })).getByRole('region', {
      name: 'Step 1',
    })
    const secret = within(step).getByLabelText('Client secret')
    await app.user.clear(secret)
    await app.user.type(secret, 'plain-secret')
    expect(within(step).getByText(/stored in the scenario as typed/)).toBeTruthy()
  })
})
