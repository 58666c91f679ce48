// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createFakeLab, makeExchange, SEED } from './fake-lab'
import { giveHistoryAHeight, renderApp } from './render-app'

let restoreHeight: () => void
beforeAll(() => {
  restoreHeight = giveHistoryAHeight()
})
afterAll(() => restoreHeight())
afterEach(cleanup)

function labWith(count: number) {
  const lab = createFakeLab(SEED)
  for (let i = count - 1; i >= 0; i--) {
    const failed = i % 2 === 1
    lab.exchanges.unshift(
      makeExchange({
        id: `ex-${i}`,
        clientId: i % 3 === 0 ? 'legacy' : 'other',
        username: 'alice',
        grantType: 'password',
        status: failed ? 400 : 200,
        error: failed ? 'invalid_grant' : undefined,
      }),
    )
  }
  return lab
}

function rows() {
  return within(screen.getByRole('list', { name: 'Exchanges' })).queryAllByRole('listitem')
}

describe('History', () => {
  it('renders 10,000 exchanges virtualized: only the visible rows are in the DOM', async () => {
    const { user, lab } = await renderApp(labWith(10_000))
    await user.click(screen.getByRole('button', { name: 'History' }))
    await waitFor(() => expect(rows().length).toBeGreaterThan(5))
    expect(rows().length).toBeLessThan(40)
    expect(screen.getByText('10000 exchanges (500 loaded)')).toBeTruthy()
    expect(rows()[0]?.getAttribute('aria-setsize')).toBe('500')
    expect(lab.calls.filter((c) => c.method === 'exchanges.list')[0]?.input).toMatchObject({ limit: 500, offset: 0 })
  })

  it('filters by status, error and client, and searches', async () => {
    const { user, lab } = await renderApp(labWith(30))
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
    const { user, lab } = await renderApp(labWith(3))
    await user.click(screen.getByRole('button', { name: 'History' }))
    await waitFor(() => expect(rows()).toHaveLength(3))
    lab.record(makeExchange({ id: 'live-1', status: 401, error: 'invalid_client', clientId: 'intruder' }))
    await waitFor(() => expect(rows()).toHaveLength(4))
    expect(rows()[0]?.textContent).toContain('client intruder')
    await user.click(within(rows()[0] as HTMLElement).getByRole('button', { name: /invalid_client/ }))
    const inspector = screen.getByRole('region', { name: 'Inspector' })
    await waitFor(() => expect(within(inspector).getByLabelText('Status 401')).toBeTruthy())
    expect(within(inspector).getByRole('region', { name: /Error invalid_client/ })).toBeTruthy()
  })

  it('pins a row for compare', async () => {
    const { user, store } = await renderApp(labWith(2))
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
    const { user, lab } = await renderApp(labWith(4))
    await user.click(screen.getByRole('button', { name: 'History' }))
    await waitFor(() => expect(rows()).toHaveLength(4))
    await user.click(screen.getByRole('button', { name: 'Clear history' }))
    expect(lab.calls.some((c) => c.method === 'exchanges.clear')).toBe(false)
    await user.click(screen.getByRole('button', { name: 'Confirm clear' }))
    await waitFor(() => expect(rows()).toHaveLength(0))
    expect(lab.exchanges).toHaveLength(0)
    expect(screen.getByText('0 exchanges')).toBeTruthy()
  })
})
