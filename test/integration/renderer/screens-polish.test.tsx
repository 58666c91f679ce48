// @vitest-environment jsdom
// The screens' finishing, against a real lab: the caution banner's dismissal survives a reload, a
// finished run's progress bar and words read the same count, and Findings keeps each origin apart
// (what the lab sent under a client's id is not that client's doing) with a filter by origin.
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { renderApp } from './render-app'
import { ALICE_PASSWORD, LEGACY_SECRET, startTestLab } from './test-lab'

afterEach(() => {
  cleanup()
  localStorage.clear()
})

describe('Caution banner', () => {
  it('stays dismissed across a reload (localStorage), and shows again on a fresh profile', async () => {
    const lab = await startTestLab()
    const first = await renderApp(lab)
    await first.user.click(screen.getByRole('button', { name: 'Dismiss caution' }))
    expect(screen.queryByRole('complementary', { name: 'Caution' })).toBeNull()
    cleanup()
    // A reload: a new store over the same page's storage.
    await renderApp(lab)
    expect(screen.queryByRole('complementary', { name: 'Caution' })).toBeNull()
    cleanup()
    localStorage.clear()
    await renderApp(lab)
    expect(screen.getByRole('complementary', { name: 'Caution' })).toBeTruthy()
  })
})

describe('Client list badges', () => {
  it('shows a deprecated and a disabled password grant in two different looks, each badge whole', async () => {
    const lab = await startTestLab()
    await lab.call('clients.update', { clientId: 'legacy', passwordGrant: 'deprecated' })
    await lab.call('clients.create', {
      clientId: 'retired-app',
      secret: 'retired-app-secret',
      passwordGrant: 'disabled',
    })
    const { user } = await renderApp(lab)
    await user.click(screen.getByRole('button', { name: 'Workspace' }))
    const list = screen.getByRole('navigation', { name: 'Clients' })
    const deprecated = await within(list).findByText('password deprecated')
    const disabled = within(list).getByText('password disabled')
    expect(deprecated.className).toContain('mode-deprecated')
    expect(disabled.className).toContain('mode-disabled')
    expect(deprecated.className).not.toBe(disabled.className)
    // The id is cut with an ellipsis when long, and readable whole in its title.
    expect(within(list).getByText('retired-app').getAttribute('title')).toBe('retired-app')
  })
})

describe('Run progress', () => {
  it('reads one count in the bar and the words once a run has finished', async () => {
    const { store, user } = await renderApp()
    await user.click(screen.getByRole('button', { name: 'Scenarios' }))
    await user.click(screen.getByRole('tab', { name: 'Run' }))
    // The last progress event said 49 while the result counts 50 steps.
    store.setState({
      run: {
        runId: 'r1',
        status: 'finished',
        label: 'pack ropc-conformance',
        target: 'http://127.0.0.1',
        done: 49,
        total: 50,
        startedAt: new Date().toISOString(),
      },
    })
    const bar = (await screen.findByRole('progressbar', { name: 'Run progress' })) as HTMLProgressElement
    expect(bar.value).toBe(50)
    expect(bar.max).toBe(50)
    expect(bar.getAttribute('aria-valuetext')).toBe('50 of 50 steps')
    expect(screen.getByText(/Finished pack ropc-conformance: 50 of 50 steps/)).toBeTruthy()
  })
})

describe('Findings by origin', () => {
  it('counts the composer’s requests apart from the client’s own, and filters by origin', async () => {
    const lab = await startTestLab()
    await lab.sendAsOutsideClient({ username: 'alice', password: ALICE_PASSWORD })
    await lab.call('runner.send', {
      target: 'token',
      auth: { method: 'basic', clientId: 'legacy', clientSecret: LEGACY_SECRET, formEncodeBasic: true },
      params: [
        ['grant_type', 'password'],
        ['username', 'alice'],
        ['password', ALICE_PASSWORD],
        ['scope', 'read'],
        ['scope', 'read'],
      ],
    })
    const { user } = await renderApp(lab)
    await user.click(screen.getByRole('button', { name: 'Findings' }))
    const own = await screen.findByRole('region', { name: 'legacy' })
    const composer = await screen.findByRole('region', { name: 'legacy composer' })
    expect(within(own).queryByText('repeated_parameter')).toBeNull()
    expect(within(composer).getByText('repeated_parameter')).toBeTruthy()
    expect(composer.textContent).toContain('sent from the composer with its id')

    await user.selectOptions(screen.getByLabelText('Origin'), 'external')
    await waitFor(() => expect(screen.queryByRole('region', { name: 'legacy composer' })).toBeNull())
    expect(screen.getByRole('region', { name: 'legacy' })).toBeTruthy()
    expect(
      lab.calls.some((c) => c.method === 'findings.summary' && JSON.stringify(c.input) === '{"origin":"external"}'),
    ).toBe(true)

    // One click from the composer's count opens History on exactly those exchanges.
    await user.selectOptions(screen.getByLabelText('Origin'), '')
    const again = await screen.findByRole('region', { name: 'legacy composer' })
    await user.click(within(again).getByRole('button', { name: /^Show 1 exchange of legacy with repeated_parameter$/ }))
    expect((screen.getByLabelText('Source') as HTMLSelectElement).value).toBe('composer')
  })
})
