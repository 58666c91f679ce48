// @vitest-environment jsdom
// The workspace screen's controls for deprecating the password grant (rfc-checklist.md "Deprecating
// the grant"), over a real lab: what the forms send, the field messages, and what the token server
// then answers to an outside client.
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { renderApp } from './render-app'
import { ALICE_PASSWORD, startTestLab, type TestLab } from './test-lab'

const SUNSET = 'Thu, 31 Dec 2026 23:59:59 GMT'

afterEach(cleanup)

function messagesOf(control: HTMLElement): string {
  const ids = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean)
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ')
}

async function openWorkspace(section: 'Clients' | 'Users' | 'Settings', lab?: TestLab) {
  const app = await renderApp(lab)
  await app.user.click(screen.getByRole('button', { name: 'Workspace' }))
  await app.user.click(screen.getByRole('tab', { name: section }))
  return app
}

/** The response headers of the exchange an outside client's password grant left. */
async function outsideGrant(lab: TestLab, username = 'alice', password = ALICE_PASSWORD) {
  const summary = await lab.sendAsOutsideClient({ username, password })
  const e = await lab.call('exchanges.get', { id: summary.id, reveal: false })
  return { status: e.response.status, headers: new Map(e.response.headers), body: e.response.body }
}

describe('Settings: the password grant', () => {
  it('deprecates the grant with a sunset date and a link; the next grant carries the headers', async () => {
    const { user, lab } = await openWorkspace('Settings')
    await user.selectOptions(screen.getByLabelText('Password grant mode'), 'deprecated')
    await user.type(screen.getByLabelText('Sunset date'), SUNSET)
    const link = screen.getByLabelText('Deprecation link')
    expect((link as HTMLInputElement).value).toBe('https://www.rfc-editor.org/rfc/rfc9700#section-2.4')
    await user.clear(link)
    await user.type(link, 'https://example.com/migrate')
    const revoke = screen.getByRole('switch', { name: 'Revoke refresh tokens when a password changes' })
    expect((revoke as HTMLInputElement).checked).toBe(true)
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(screen.getByText('Settings saved.')).toBeTruthy())
    expect(lab.calls.find((c) => c.method === 'settings.update')?.input).toMatchObject({
      passwordGrant: 'deprecated',
      passwordGrantDeprecatedAt: null,
      passwordGrantSunset: SUNSET,
      passwordGrantDeprecationLink: 'https://example.com/migrate',
      revokeRefreshTokensOnPasswordChange: true,
    })
    // The lab recorded when the deprecation started, and the form shows it.
    const since = (screen.getByLabelText('Deprecated since') as HTMLInputElement).value
    expect(since).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/)
    const answer = await outsideGrant(lab)
    expect(answer.status).toBe(200)
    expect(answer.headers.get('Deprecation')).toBe(`@${Date.parse(since) / 1000}`)
    expect(answer.headers.get('Sunset')).toBe(SUNSET)
    expect(answer.headers.get('Link')).toBe('<https://example.com/migrate>; rel="deprecation"')
  })

  it('shows what a valid sunset date looks like next to the field, and sends nothing', async () => {
    const { user, lab } = await openWorkspace('Settings')
    const sunset = screen.getByLabelText('Sunset date')
    await user.type(sunset, '2026-12-31')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(messagesOf(sunset)).toContain('must be an HTTP date (IMF-fixdate, RFC 9110 §5.6.7)')
    expect(messagesOf(sunset)).toContain('"Sun, 06 Nov 1994 08:49:37 GMT"')
    expect(sunset.getAttribute('aria-invalid')).toBe('true')
    expect(lab.calls.some((c) => c.method === 'settings.update')).toBe(false)
  })

  it('turns off the revocation on password change', async () => {
    const { user, lab } = await openWorkspace('Settings')
    await user.click(screen.getByRole('switch', { name: 'Revoke refresh tokens when a password changes' }))
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(screen.getByText('Settings saved.')).toBeTruthy())
    expect((await lab.call('workspace.get', {})).settings.revokeRefreshTokensOnPasswordChange).toBe(false)
  })
})

describe('Clients: the per-client mode and the badge of the effective mode', () => {
  it('the client form shows the mode the client gets, deprecated and disabled looking different', async () => {
    const { user } = await openWorkspace('Clients')
    await user.click(
      within(screen.getByRole('navigation', { name: 'Clients' })).getByRole('button', { name: /legacy/ }),
    )
    const mode = screen.getByLabelText('Password grant mode')
    const badge = () => screen.getByLabelText('Password grant for this client').firstElementChild as HTMLElement
    expect(badge().textContent).toBe('password enabled')
    expect(badge().title).toBe('from settings')
    await user.selectOptions(mode, 'deprecated')
    const deprecated = { text: badge().textContent, look: badge().className }
    expect(deprecated.text).toContain('password deprecated')
    await user.selectOptions(mode, 'disabled')
    const disabled = { text: badge().textContent, look: badge().className }
    expect(disabled.text).toContain('password disabled')
    expect(badge().title).toBe('set for this client')
    // Told apart by more than the word: another look and another mark.
    expect(disabled.look).not.toBe(deprecated.look)
    expect(disabled.text?.charAt(0)).not.toBe(deprecated.text?.charAt(0))
  })

  it('disables the grant for one client: its badge says so, and the server answers unsupported_grant_type', async () => {
    const { user, lab } = await openWorkspace('Clients')
    const list = screen.getByRole('navigation', { name: 'Clients' })
    expect(within(list).getByText('password enabled').getAttribute('title')).toBe('from settings')
    await user.click(within(list).getByRole('button', { name: /legacy/ }))
    const mode = screen.getByLabelText('Password grant mode') as HTMLSelectElement
    expect(mode.value).toBe('')
    expect(within(mode).getByRole('option', { name: 'From settings (enabled)' })).toBeTruthy()
    await user.selectOptions(mode, 'disabled')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(within(list).getByText('password disabled')).toBeTruthy())
    expect(within(list).getByText('password disabled').getAttribute('title')).toBe('set for this client')
    expect(lab.calls.find((c) => c.method === 'clients.update')?.input).toMatchObject({
      clientId: 'legacy',
      passwordGrant: 'disabled',
    })
    const answer = await outsideGrant(lab)
    expect([answer.status, answer.body]).toEqual([
      400,
      `{"error":"unsupported_grant_type","error_description":"The grant type 'password' is not supported."}`,
    ])
  })

  it("a client without its own mode shows the server's", async () => {
    const lab = await startTestLab()
    await lab.call('settings.update', { passwordGrant: 'deprecated' })
    await openWorkspace('Clients', lab)
    const list = screen.getByRole('navigation', { name: 'Clients' })
    expect(within(list).getByText('password deprecated').getAttribute('title')).toBe('from settings')
  })
})

describe('Users: requires MFA, password expired', () => {
  it('marks a user as requiring MFA: the list says so and the password grant is refused', async () => {
    const { user, lab } = await openWorkspace('Users')
    const list = screen.getByRole('navigation', { name: 'Users' })
    await user.click(within(list).getByRole('button', { name: /alice/ }))
    await user.click(screen.getByLabelText('Requires MFA'))
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(within(list).getByText('MFA')).toBeTruthy())
    expect(lab.calls.find((c) => c.method === 'users.update')?.input).toMatchObject({
      username: 'alice',
      requiresMfa: true,
      passwordExpired: false,
    })
    const answer = await outsideGrant(lab)
    expect(answer.status).toBe(400)
    expect(JSON.parse(answer.body)).toEqual({
      error: 'invalid_grant',
      error_description: 'The username or password is incorrect.',
    })
  })

  it('creates a user whose password has expired', async () => {
    const { user, lab } = await openWorkspace('Users')
    await user.type(screen.getByLabelText('Username'), 'ed')
    await user.type(screen.getByLabelText('Password'), 'ed-password-1')
    await user.click(screen.getByLabelText('Password expired'))
    await user.click(screen.getByRole('button', { name: 'Create user' }))
    const list = screen.getByRole('navigation', { name: 'Users' })
    await waitFor(() => expect(within(list).getByText('password expired')).toBeTruthy())
    expect((await lab.call('workspace.get', {})).users.find((u) => u.username === 'ed')).toMatchObject({
      passwordExpired: true,
      requiresMfa: false,
    })
  })
})
