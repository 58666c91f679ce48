// @vitest-environment jsdom
// The Migration screen over a real lab (test-lab.ts): password grants from an outside client over
// real HTTP, then the summary, the table of clients with recommendation and mode, Refresh, and
// Export as Markdown / HTML / JSON (the text the lab rendered, saved through the page's download).
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { MigrationReport } from '../../../src/shared/migration-report'
import { renderApp } from './render-app'
import { recordWayOutTraffic, WAY_OUT_WORKSPACE } from '../../helpers/way-out-traffic'
import { ALICE_PASSWORD, startTestLab } from './test-lab'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

async function labWithGrants() {
  const lab = await startTestLab()
  // legacy, Basic, one user: 2 successes and 1 wrong password.
  await lab.sendAsOutsideClient({ username: 'alice', password: ALICE_PASSWORD })
  await lab.sendAsOutsideClient({ username: 'alice', password: ALICE_PASSWORD })
  await lab.sendAsOutsideClient({ username: 'alice', password: 'not-her-password' })
  return lab
}

function cells(row: HTMLElement): string[] {
  return within(row)
    .getAllByRole('cell')
    .map((c) => c.textContent ?? '')
}

describe('Migration', () => {
  it('shows the summary and each client with its recommendation and mode', async () => {
    const { user, lab } = await renderApp(await labWithGrants())
    await user.click(screen.getByRole('button', { name: 'Migration' }))
    const migration = screen.getByRole('region', { name: 'Migration' })
    const table = await within(migration).findByRole('table', { name: 'Clients' })
    expect(lab.calls.filter((c) => c.method === 'report.get')).toEqual([{ method: 'report.get', input: {} }])

    const summary = within(migration).getByRole('region', { name: 'Summary' })
    const figure = (label: string) => within(summary).getByText(label).closest('div')?.textContent
    expect(figure('Clients still using the password grant')).toBe(
      'Clients still using the password grant1 (1 with a successful grant)',
    )
    expect(figure('Password grants in the period')).toBe('Password grants in the period3 (2 succeeded, 1 failed)')
    expect(figure('Distinct users')).toBe('Distinct users1')
    expect(
      within(summary)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('strong')?.textContent),
    ).toEqual(['Deprecate', 'Watch this report', 'Disable'])

    const row = within(table).getByRole('rowheader', { name: 'legacy' }).closest('tr')!
    const [type, mode, grants, ok, failed, users, auth, refreshes, deprecation, recommendation] = cells(row)
    expect([type, grants, ok, failed, users, auth, refreshes, deprecation]).toEqual([
      'confidential',
      '3',
      '2',
      '1',
      '1',
      'client_secret_basic 3',
      '0',
      '—',
    ])
    expect(mode).toMatch(/^enabled/)
    expect(recommendation).toContain('Client credentials (RFC 6749 §4.4)')
    expect(recommendation).toContain('All 3 password grants name one user, "alice"')
  })

  it('Refresh reads the log again', async () => {
    const { user, lab } = await renderApp(await labWithGrants())
    await user.click(screen.getByRole('button', { name: 'Migration' }))
    const table = await screen.findByRole('table', { name: 'Clients' })
    const grantsOf = () => cells(within(table).getByRole('rowheader', { name: 'legacy' }).closest('tr')!)[2]
    expect(grantsOf()).toBe('3')
    await lab.sendAsOutsideClient({ username: 'alice', password: ALICE_PASSWORD })
    await user.click(screen.getByRole('button', { name: 'Refresh' }))
    await waitFor(() => expect(grantsOf()).toBe('4'))
  })

  it('exports the report as Markdown, HTML and JSON through the page download', async () => {
    const blobs: Blob[] = []
    class RecordingURL extends URL {
      static override createObjectURL = (blob: Blob | MediaSource) => (
        blobs.push(blob as Blob),
        `blob:lab/${blobs.length}`
      )
      static override revokeObjectURL = () => {}
    }
    vi.stubGlobal('URL', RecordingURL)
    const saved: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download)
    })
    const { user, lab } = await renderApp(await labWithGrants())
    await user.click(screen.getByRole('button', { name: 'Migration' }))
    await screen.findByRole('table', { name: 'Clients' })
    const group = screen.getByRole('group', { name: 'Export the report' })

    await user.click(within(group).getByRole('button', { name: 'Export as Markdown' }))
    await waitFor(() => expect(saved).toEqual(['ropc-lab-migration-report.md']))
    expect(within(group).getByRole('status').textContent).toBe('Exported as ropc-lab-migration-report.md.')
    expect(blobs[0]?.type).toBe('text/markdown; charset=utf-8')
    expect(await blobs[0]!.text()).toMatch(/^\| legacy \| confidential \| enabled.* \| 3 \| 2 \| 1 \| 1 \| /m)

    await user.click(within(group).getByRole('button', { name: 'Export as HTML' }))
    await waitFor(() => expect(saved).toHaveLength(2))
    expect(saved[1]).toBe('ropc-lab-migration-report.html')
    expect(blobs[1]?.type).toBe('text/html; charset=utf-8')
    expect(await blobs[1]!.text()).toMatch(/^<!doctype html>/)

    await user.click(within(group).getByRole('button', { name: 'Export as JSON' }))
    await waitFor(() => expect(saved).toHaveLength(3))
    const json = JSON.parse(await blobs[2]!.text()) as MigrationReport
    expect(json.clients.map((c) => [c.clientId, c.passwordGrants.requests, c.recommendation.kind])).toEqual([
      ['legacy', 3, 'client_credentials'],
    ])
    expect(lab.calls.filter((c) => c.method === 'report.render').map((c) => c.input)).toEqual([
      { format: 'md' },
      { format: 'html' },
      { format: 'json' },
    ])
  })

  it('shows the way out: both, then moved when the days option is 0, from real successor traffic', async () => {
    const testLab = await startTestLab({ workspace: WAY_OUT_WORKSPACE })
    await recordWayOutTraffic(testLab.lab, testLab.baseUrl)
    const { user, lab } = await renderApp(testLab)
    await user.click(screen.getByRole('button', { name: 'Migration' }))
    const table = await screen.findByRole('table', { name: 'Clients' })
    const wayOut = (id: string) =>
      within(table).getByRole('rowheader', { name: id }).closest('tr')!.querySelector('.migration-way-out strong')
        ?.textContent
    expect(wayOut('mobile')).toMatch(/^both — authorization challenge since \d{4}-\d{2}-\d{2}$/)
    expect(wayOut('portal')).toBe('password grant only')
    const mobileRow = within(table).getByRole('rowheader', { name: 'mobile' }).closest('tr')!
    expect(within(mobileRow).getByText('Authorization challenge (first-party apps)')).toBeTruthy()

    const days = screen.getByRole('spinbutton', { name: /Moved after/ })
    await user.clear(days)
    await user.type(days, '0')
    await waitFor(() => expect(wayOut('mobile')).toMatch(/^moved — authorization challenge since/))
    expect(wayOut('batch')).toMatch(/^moved — client credentials since/)
    expect(lab.calls.filter((c) => c.method === 'report.get').at(-1)?.input).toEqual({ movedAfterDays: 0 })
  })
})
