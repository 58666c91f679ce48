// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { buildComparison } from '../../../src/renderer/lib/compare-rows'
import { makeExchange, unsignedJwt } from '../../helpers/exchange-fixtures'
import { renderApp } from './render-app'
import { ALICE_PASSWORD } from './test-lab'

afterEach(cleanup)

const ok = makeExchange({
  id: 'ok',
  status: 200,
  clientId: 'legacy',
  username: 'alice',
  response: {
    status: 200,
    headers: [['Cache-Control', 'no-store']],
    body: JSON.stringify({ access_token: unsignedJwt({ sub: 'alice', scope: 'read' }), token_type: 'Bearer' }),
  },
  trace: [
    { step: 'client.secret', outcome: 'ok', detail: 'matches', ms: 60 },
    { step: 'user.password', outcome: 'ok', detail: 'matches', ms: 61 },
  ],
})
const bad = makeExchange({
  id: 'bad',
  status: 400,
  clientId: 'legacy',
  username: 'alice',
  error: 'invalid_grant',
  response: { status: 400, headers: [['Cache-Control', 'no-store']], body: JSON.stringify({ error: 'invalid_grant' }) },
  trace: [
    { step: 'client.secret', outcome: 'ok', detail: 'matches', ms: 58 },
    { step: 'user.password', outcome: 'fail', detail: 'wrong password', ms: 63 },
  ],
})

describe('buildComparison', () => {
  it('marks what differs and not what is equal; step timings are not differences', () => {
    const rows = buildComparison([ok, bad])
    const find = (section: string, label: string) => rows.find((r) => r.section === section && r.label === label)
    expect(find('Summary', 'Status')).toMatchObject({ values: ['200', '400'], differs: true })
    expect(find('Summary', 'Client')).toMatchObject({ differs: false })
    expect(find('Response headers', 'cache-control')?.differs).toBe(false)
    expect(find('Response body', 'error')).toMatchObject({ values: [undefined, 'invalid_grant'], differs: true })
    expect(find('Token claims', 'sub')).toMatchObject({ values: ['alice', undefined], differs: true })
    expect(find('Decision trace', 'client.secret')?.differs).toBe(false)
    expect(find('Decision trace', 'user.password')).toMatchObject({
      values: ['ok: matches', 'fail: wrong password'],
      differs: true,
    })
  })
})

describe('Compare screen', () => {
  it('shows pinned exchanges in columns with the differences marked', async () => {
    const { user, lab, store } = await renderApp()
    const granted = await lab.sendAsOutsideClient({ username: 'alice', password: ALICE_PASSWORD })
    const refused = await lab.sendAsOutsideClient({ username: 'alice', password: 'wrong-password' })
    expect([granted.status, refused.status]).toEqual([200, 400])
    await user.click(screen.getByRole('button', { name: 'Compare' }))
    expect(screen.getByText(/Pin two or more exchanges/)).toBeTruthy()
    store.getState().togglePin(granted.id)
    store.getState().togglePin(refused.id)
    const table = await screen.findByRole('table')
    await waitFor(() => expect(within(table).getAllByRole('columnheader')).toHaveLength(3))
    const statusRow = within(table).getByRole('row', { name: /^Status\s*\(differs\)/ })
    expect(statusRow.getAttribute('data-differs')).toBe('true')
    expect(statusRow.textContent).toContain('≠')
    expect(
      within(table)
        .getByRole('row', { name: /^Client legacy legacy$/ })
        .getAttribute('data-differs'),
    ).toBe('false')
    expect(within(table).getByRole('row', { name: /^user.password\s*\(differs\)/ })).toBeTruthy()
    await user.click(screen.getByLabelText('Only differences'))
    expect(within(table).queryByRole('row', { name: /^Client / })).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Unpin #1' }))
    expect(store.getState().pinned).toEqual([refused.id])
  })

  it('pins from the inspector', async () => {
    const { user, lab, store } = await renderApp()
    const granted = await lab.sendAsOutsideClient({ username: 'alice', password: ALICE_PASSWORD })
    await store.getState().openExchange(granted.id)
    const inspector = screen.getByRole('region', { name: 'Inspector' })
    await user.click(await within(inspector).findByRole('button', { name: 'Pin for compare' }))
    expect(store.getState().pinned).toEqual([granted.id])
  })
})
