// @vitest-environment jsdom
// The way out in the Workspace forms, over a real lab (test-lab.ts): a user's second factor enrolled,
// its QR code and otpauth URI shown, the current code the lab computes checked against the otpauth
// library, then cleared; a client's redirect URIs (one per line, checked by the lab's schema), the
// first-party switch and the new grant types saved.
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { Secret, TOTP } from 'otpauth'
import { afterEach, describe, expect, it } from 'vitest'
import { renderApp } from './render-app'
import type { TestLab } from './test-lab'

afterEach(cleanup)

async function openWorkspace(section: 'Clients' | 'Users', lab?: TestLab) {
  const app = await renderApp(lab)
  await app.user.click(screen.getByRole('button', { name: 'Workspace' }))
  await app.user.click(screen.getByRole('tab', { name: section }))
  return app
}

function messagesOf(control: HTMLElement): string {
  const ids = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean)
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ')
}

const hasTotp = async (lab: TestLab) =>
  (await lab.call('workspace.get', {})).users.find((u) => u.username === 'alice')?.hasTotp
const legacy = async (lab: TestLab) =>
  (await lab.call('workspace.get', {})).clients.find((c) => c.clientId === 'legacy')

describe('Users: the second factor (RFC 6238)', () => {
  it('enrols, shows the QR code and URI, shows the current code, and clears it', async () => {
    const { user, lab } = await openWorkspace('Users')
    await user.click(screen.getByRole('button', { name: /alice/ }))
    const factor = screen.getByRole('region', { name: 'Second factor' })
    expect(within(factor).getByText(/None enrolled/)).toBeTruthy()
    await user.click(within(factor).getByRole('button', { name: 'Enrol a second factor' }))

    const qr = await within(factor).findByRole('img', { name: "QR code to enrol alice's authenticator app" })
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/)
    const uri = within(factor).getByText(/^otpauth:\/\/totp\//).textContent!
    const secret = new URL(uri).searchParams.get('secret')!
    await waitFor(() => expect(screen.getByRole('button', { name: /alice.*TOTP/ })).toBeTruthy())
    expect(await hasTotp(lab)).toBe(true)

    await user.click(within(factor).getByRole('button', { name: 'Show current code' }))
    const code = await within(factor).findByLabelText('Current code')
    const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' })
    // The code may roll over between the lab's read and this one: either window's code is right.
    const now = Date.now()
    expect([totp.generate({ timestamp: now }), totp.generate({ timestamp: now - 30_000 })]).toContain(code.textContent)

    await user.click(within(factor).getByRole('button', { name: 'Clear second factor' }))
    await user.click(within(factor).getByRole('button', { name: 'Confirm clear' }))
    await waitFor(() => expect(within(factor).getByText(/None enrolled/)).toBeTruthy())
    expect(await hasTotp(lab)).toBe(false)
  })
})

describe('Clients: redirect URIs, first-party, the new grant types', () => {
  it('refuses a redirect URI the lab does not accept, then saves them one per line', async () => {
    const { user, lab } = await openWorkspace('Clients')
    await user.click(screen.getByRole('button', { name: /legacy/ }))
    const uris = screen.getByLabelText('Redirect URIs (one per line)')
    await user.type(uris, 'http://127.0.0.1/callback{enter}app.example/no-scheme')
    await user.click(screen.getByLabelText('authorization_code'))
    await user.click(screen.getByLabelText('client_credentials'))
    await user.click(screen.getByRole('switch', { name: 'First-party app' }))
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(messagesOf(uris)).not.toBe(''))
    expect((await legacy(lab))?.redirectUris).toEqual([])

    await user.clear(uris)
    await user.type(uris, 'http://127.0.0.1/callback{enter}{enter}  https://app.example/cb  ')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(async () =>
      expect(await legacy(lab)).toMatchObject({
        redirectUris: ['http://127.0.0.1/callback', 'https://app.example/cb'],
        firstParty: true,
        grantTypes: expect.arrayContaining(['password', 'refresh_token', 'authorization_code', 'client_credentials']),
      }),
    )
  })
})
