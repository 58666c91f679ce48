// @vitest-environment jsdom
// The Findings screen over a real lab: the catalogue as a searchable reference, and per client what
// it did wrong (counted by the lab over its exchange log), one click from a count to History.
import http from 'node:http'
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { FINDING_CATALOGUE, findingDefinition } from '../../../src/shared/findings'
import { basicAuthorization } from '../../../src/shared/token-request'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { giveHistoryAHeight, renderApp } from './render-app'
import { ALICE_PASSWORD, LEGACY_SECRET, startTestLab, type TestLab } from './test-lab'

let restoreHeight: () => void
beforeAll(() => {
  restoreHeight = giveHistoryAHeight()
})
afterAll(() => restoreHeight())
afterEach(cleanup)

const GRANT = `grant_type=password&username=alice&password=${ALICE_PASSWORD}`

/** A request from an outside client (real HTTP); resolves once the lab has stored its exchange. */
function send(lab: TestLab, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      lab.baseUrl + ENDPOINT_PATHS.token,
      { method: 'POST', agent: false, headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const LEGACY = { Authorization: basicAuthorization('legacy', LEGACY_SECRET) }

async function openFindings(user: Awaited<ReturnType<typeof renderApp>>['user']) {
  await user.click(screen.getByRole('button', { name: 'Findings' }))
  expect(screen.getByRole('button', { name: 'Findings' }).getAttribute('aria-current')).toBe('page')
}

const entries = () => within(screen.getByRole('list', { name: 'Catalogue entries' })).queryAllByRole('listitem')
const clientCard = (name: string) => screen.getByRole('region', { name })

describe('Findings: the catalogue', () => {
  it('lists every code with its side, severity, trigger, RFC section, why and fix', async () => {
    const { user } = await renderApp()
    await openFindings(user)
    await user.click(screen.getByRole('tab', { name: 'Catalogue' }))
    const all = Object.values(FINDING_CATALOGUE)
    expect(entries()).toHaveLength(all.length)
    const basic = screen.getByRole('listitem', { name: findingDefinition('basic_not_form_encoded').title })
    const d = findingDefinition('basic_not_form_encoded')
    expect(basic.querySelector('.side-label')?.textContent).toBe('client')
    expect(basic.querySelector('.badge')?.textContent).toBe('error')
    expect(basic.querySelector('.rfc')?.textContent).toBe('RFC 6749 §2.3.1')
    expect(basic.querySelector('.finding-trigger')?.textContent).toBe(d.trigger)
    expect(basic.querySelector('.finding-why')?.textContent).toBe(d.why)
    expect(basic.querySelector('.finding-fix')?.textContent).toBe(d.fix)
    expect(basic.textContent).toContain('raised by the embedded server and by the proxy')
    const burst = screen.getByRole('listitem', { name: findingDefinition('failure_burst').title })
    expect(burst.textContent).toContain('raised by it only')
  })

  it('is searchable by words, code and RFC section, and by side', async () => {
    const { user } = await renderApp()
    await openFindings(user)
    await user.click(screen.getByRole('tab', { name: 'Catalogue' }))
    const search = screen.getByRole('searchbox', { name: 'Search' })
    await user.type(search, 'comma')
    await waitFor(() =>
      expect(entries().map((e) => e.querySelector('code')?.textContent)).toEqual(['scope_comma_separated']),
    )
    expect(screen.getByText('1 finding')).toBeTruthy()

    await user.clear(search)
    await user.type(search, 'refresh EXPIRED')
    await waitFor(() =>
      expect(entries().map((e) => e.querySelector('code')?.textContent)).toContain('refresh_token_expired'),
    )
    expect(entries().every((e) => /refresh/i.test(e.textContent ?? '') && /expired/i.test(e.textContent ?? ''))).toBe(
      true,
    )

    await user.clear(search)
    await user.type(search, '§2.3.1')
    await waitFor(() => expect(entries().length).toBeGreaterThan(2))
    expect(entries().every((e) => e.textContent?.includes('§2.3.1'))).toBe(true)

    await user.clear(search)
    await user.selectOptions(screen.getByLabelText('Side'), 'server')
    await waitFor(() =>
      expect(entries().every((e) => e.querySelector('.side-label')?.textContent === 'server')).toBe(true),
    )
    expect(entries()).toHaveLength(Object.values(FINDING_CATALOGUE).filter((x) => x.side === 'server').length)

    await user.type(search, 'no such words anywhere')
    await waitFor(() => expect(screen.getByText('No finding matches. Try fewer words.')).toBeTruthy())
  })
})

describe('Findings: what each client did wrong', () => {
  it('counts each client’s findings over the log, hides the info cautions unless asked, and keeps up live', async () => {
    const lab = await startTestLab()
    expect(await send(lab, `${GRANT}&scope=read&scope=read`, LEGACY)).toBe(400)
    expect(await send(lab, `${GRANT}&scope=read&scope=read`, LEGACY)).toBe(400)
    expect(await send(lab, GRANT, { ...LEGACY, Accept: 'text/html' })).toBe(200)
    const { user } = await renderApp(lab)
    await openFindings(user)

    const legacy = await waitFor(() => clientCard('legacy'))
    expect(within(legacy).getByText('3 exchanges')).toBeTruthy()
    const repeated = within(legacy).getByRole('row', { name: /Parameter sent twice/ })
    expect(within(repeated).getAllByRole('cell')[1]?.textContent).toBe('2')
    expect(within(repeated).getByText('repeated_parameter')).toBeTruthy()
    expect(within(legacy).getByRole('row', { name: /Accept does not include JSON/ })).toBeTruthy()
    // Info findings (insecure_transport on every request here) only when asked.
    expect(within(legacy).queryByText('insecure_transport')).toBeNull()
    await user.click(screen.getByRole('checkbox', { name: /Show info findings/ }))
    const transport = within(legacy).getByRole('row', { name: /Credentials over plain HTTP/ })
    expect(within(transport).getAllByRole('cell')[1]?.textContent).toBe('3')

    // A new exchange shows without a reload.
    expect(await send(lab, `${GRANT}&scope=read&scope=read`, LEGACY)).toBe(400)
    await waitFor(() =>
      expect(
        within(within(clientCard('legacy')).getByRole('row', { name: /Parameter sent twice/ })).getAllByRole('cell')[1]
          ?.textContent,
      ).toBe('3'),
    )
    expect(
      lab.calls.filter((c) => c.method === 'findings.summary').every((c) => JSON.stringify(c.input) === '{}'),
    ).toBe(true)
  })

  it('one click on a count opens History filtered by that client and that code, also for a client not in the workspace', async () => {
    const lab = await startTestLab()
    await send(lab, `${GRANT}&scope=read&scope=read`, LEGACY)
    await send(lab, `${GRANT}&scope=read&scope=read`, LEGACY)
    await send(lab, `${GRANT}&scope=read,write`, LEGACY)
    await send(lab, `${GRANT}&client_id=probe&client_secret=`, { Accept: 'application/xml' })
    const { user } = await renderApp(lab)
    await openFindings(user)

    await user.click(
      await screen.findByRole('button', { name: /^Show \d+ exchanges? of legacy with repeated_parameter$/ }),
    )
    expect(screen.getByRole('button', { name: 'History' }).getAttribute('aria-current')).toBe('page')
    await waitFor(() => expect(screen.getByText('2 exchanges')).toBeTruthy())
    expect((screen.getByLabelText('Client') as HTMLSelectElement).value).toBe('legacy')
    expect((screen.getByLabelText('Finding') as HTMLInputElement).value).toBe('repeated_parameter')
    expect(lab.calls.filter((c) => c.method === 'exchanges.list').at(-1)?.input).toEqual({
      limit: 500,
      offset: 0,
      clientId: 'legacy',
      findingCode: 'repeated_parameter',
      // The count was of the client's own requests: History shows those, not the lab's under its id.
      origin: 'external',
    })

    await openFindings(user)
    const probe = await waitFor(() => clientCard('probe'))
    expect(within(probe).getByRole('row', { name: /Empty client secret/ })).toBeTruthy()
    await user.click(within(probe).getByRole('button', { name: /^Show \d+ exchanges? of probe with accept_not_json$/ }))
    await waitFor(() => expect(screen.getByText('1 exchange')).toBeTruthy())
    const select = screen.getByLabelText('Client') as HTMLSelectElement
    expect(select.value).toBe('probe')
    expect(select.selectedOptions[0]?.textContent).toBe('probe')
  })

  it('says when the log is empty', async () => {
    const { user } = await renderApp()
    await openFindings(user)
    await waitFor(() => expect(screen.getByText(/^No exchanges yet/)).toBeTruthy())
    expect(screen.getByText('0 clients')).toBeTruthy()
  })
})
