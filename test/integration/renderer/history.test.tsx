// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createFinding, type FindingCode } from '../../../src/shared/findings/index'
import { makeExchange } from '../../helpers/exchange-fixtures'
import { giveHistoryAHeight, renderApp } from './render-app'
import { ALICE_PASSWORD, startTestLab } from './test-lab'

let restoreHeight: () => void
beforeAll(() => {
  restoreHeight = giveHistoryAHeight()
})
afterAll(() => restoreHeight())
afterEach(cleanup)

/** A lab whose log already holds `count` exchanges, `ex-0` the newest. */
function labWith(count: number) {
  const history = Array.from({ length: count }, (_, i) => {
    const failed = i % 2 === 1
    return makeExchange({
      id: `ex-${i}`,
      at: new Date(Date.UTC(2030, 0, 1, 12, 0, 0) - i * 1000).toISOString(),
      clientId: i % 3 === 0 ? 'legacy' : 'other',
      username: 'alice',
      grantType: 'password',
      status: failed ? 400 : 200,
      error: failed ? 'invalid_grant' : undefined,
    })
  })
  return startTestLab({ history })
}

function rows() {
  return within(screen.getByRole('list', { name: 'Exchanges' })).queryAllByRole('listitem')
}

describe('History', () => {
  it('renders 10,000 exchanges virtualized: only the visible rows are in the DOM', async () => {
    const { user, lab } = await renderApp(await labWith(10_000))
    await user.click(screen.getByRole('button', { name: 'History' }))
    await waitFor(() => expect(rows().length).toBeGreaterThan(5))
    expect(rows().length).toBeLessThan(40)
    expect(screen.getByText('10000 exchanges (500 loaded)')).toBeTruthy()
    expect(rows()[0]?.getAttribute('aria-setsize')).toBe('500')
    expect(lab.calls.filter((c) => c.method === 'exchanges.list')[0]?.input).toMatchObject({ limit: 500, offset: 0 })
  })

  it('filters by status, error and client, and searches', async () => {
    const { user, lab } = await renderApp(await labWith(30))
    await user.click(screen.getByRole('button', { name: 'History' }))
    await waitFor(() => expect(screen.getByText('30 exchanges')).toBeTruthy())
    await user.selectOptions(screen.getByLabelText('Status'), '400')
    await waitFor(() => expect(screen.getByText('15 exchanges')).toBeTruthy())
    expect(rows().every((r) => r.textContent?.includes('invalid_grant'))).toBe(true)
    await user.selectOptions(screen.getByLabelText('Client'), 'legacy')
    await waitFor(() => expect(screen.getByText('5 exchanges')).toBeTruthy())
    expect(lab.calls.at(-1)?.input).toMatchObject({ status: 400, clientId: 'legacy' })
    await user.selectOptions(screen.getByLabelText('Status'), '')
    await user.selectOptions(screen.getByLabelText('Client'), '')
    await user.type(screen.getByLabelText('Search'), 'other')
    await waitFor(() => expect(screen.getByText('20 exchanges')).toBeTruthy())
  })

  it('shows new exchanges live and opens a clicked row in the inspector', async () => {
    const { user, lab } = await renderApp(await labWith(3))
    await user.click(screen.getByRole('button', { name: 'History' }))
    await waitFor(() => expect(rows()).toHaveLength(3))
    const live = await lab.sendAsOutsideClient({
      clientId: 'intruder',
      secret: 'guessed',
      username: 'alice',
      password: 'alice-password-1',
    })
    expect([live.status, live.error]).toEqual([401, 'invalid_client'])
    await waitFor(() => expect(rows()).toHaveLength(4))
    expect(rows()[0]?.textContent).toContain('client intruder')
    await user.click(within(rows()[0] as HTMLElement).getByRole('button', { name: /invalid_client/ }))
    const inspector = screen.getByRole('region', { name: 'Inspector' })
    await waitFor(() => expect(within(inspector).getByLabelText('Status 401')).toBeTruthy())
    expect(within(inspector).getByRole('region', { name: /Error invalid_client/ })).toBeTruthy()
  })

  it('pins a row for compare', async () => {
    const { user, store } = await renderApp(await labWith(2))
    await user.click(screen.getByRole('button', { name: 'History' }))
    await waitFor(() => expect(rows()).toHaveLength(2))
    await user.click(within(rows()[1] as HTMLElement).getByRole('button', { name: 'Pin for compare' }))
    expect(store.getState().pinned).toEqual(['ex-1'])
    expect(
      within(rows()[1] as HTMLElement)
        .getByRole('button', { name: 'Pin for compare' })
        .getAttribute('aria-pressed'),
    ).toBe('true')
  })

  it('clears the history only after confirmation', async () => {
    const { user, lab } = await renderApp(await labWith(4))
    await user.click(screen.getByRole('button', { name: 'History' }))
    await waitFor(() => expect(rows()).toHaveLength(4))
    await user.click(screen.getByRole('button', { name: 'Clear history' }))
    expect(lab.calls.some((c) => c.method === 'exchanges.clear')).toBe(false)
    await user.click(screen.getByRole('button', { name: 'Confirm clear' }))
    // The empty log says what to do now instead of an empty box.
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Exchanges' })).toBeNull())
    expect((await lab.call('exchanges.list', {})).total).toBe(0)
    expect(screen.getByText('0 exchanges')).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Send one from the Composer' }))
    expect(screen.getByRole('region', { name: 'Composer' })).toBeTruthy()
  })

  it('says when a filter matches nothing, with a Clear filters action that empties every field', async () => {
    const { user } = await renderApp(await labWith(3))
    await user.click(screen.getByRole('button', { name: 'History' }))
    await waitFor(() => expect(rows()).toHaveLength(3))
    await user.type(screen.getByLabelText('Search'), 'no-such-thing-anywhere')
    await screen.findByText(/No exchange matches these filters/)
    expect(screen.queryByText(/No exchanges yet/)).toBeNull()
    // The finding filter suggests the catalogue's codes.
    const finding = screen.getByLabelText('Finding') as HTMLInputElement
    const list = document.getElementById(finding.getAttribute('list') ?? '')
    expect(list?.querySelector('option[value="basic_not_form_encoded"]')).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Clear filters' }))
    await waitFor(() => expect(rows()).toHaveLength(3))
    expect((screen.getByLabelText('Search') as HTMLInputElement).value).toBe('')
  })

  it('offers every origin, and filters by finding code, live exchanges included', async () => {
    const finding = (code: FindingCode) => createFinding(code, code, 'warning')
    const lab = await startTestLab({
      history: [
        makeExchange({ id: 'ex-0', findings: [finding('insecure_transport')] }),
        makeExchange({ id: 'ex-1', findings: [finding('insecure_transport'), finding('basic_not_form_encoded')] }),
        makeExchange({ id: 'ex-2' }),
      ],
    })
    // A secret that form-encoding changes, accepted unencoded: the server records the finding.
    const secret = 'THE+SECRET:1'
    await lab.call('clients.update', { clientId: 'legacy', lenientBasicAuth: true })
    await lab.call('clients.resetSecret', { clientId: 'legacy', secret })
    const { user, store } = await renderApp(lab)
    await user.click(screen.getByRole('button', { name: 'History' }))
    const source = screen.getByLabelText('Source') as HTMLSelectElement
    expect([...source.options].map((o) => [o.value, o.textContent])).toEqual([
      ['', 'Any'],
      ['external', 'Outside clients'],
      ['composer', 'Composer'],
      ['scenario', 'Scenarios'],
      ['proxy', 'Proxy'],
    ])
    await user.type(screen.getByLabelText('Finding'), 'basic_not_form_encoded')
    await waitFor(() => expect(screen.getByText('1 exchange')).toBeTruthy())
    expect(lab.calls.at(-1)?.input).toMatchObject({ findingCode: 'basic_not_form_encoded' })
    // Live: an exchange with other findings stays out, one with the code comes in, in order.
    const encoded = { secret, username: 'alice', password: ALICE_PASSWORD }
    const plain = await lab.sendAsOutsideClient(encoded)
    const raw = await lab.sendAsOutsideClient({ ...encoded, formEncodeBasic: false })
    expect([plain.findingCount > 0, raw.findingCount > plain.findingCount]).toEqual([true, true])
    await waitFor(() => expect(screen.getByText('2 exchanges')).toBeTruthy())
    expect(store.getState().historyItems.map((s) => s.id)).toEqual([raw.id, 'ex-1'])
  })
})
