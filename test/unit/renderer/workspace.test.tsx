// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { LabError } from '../../../src/shared/lab-api'
import { createFakeLab, SEED } from './fake-lab'
import { renderApp } from './render-app'

afterEach(cleanup)

/** The messages shown for a field: those its control points to with aria-describedby. */
function messagesOf(control: HTMLElement): string {
  const ids = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean)
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ')
}

async function openWorkspace(section: 'Clients' | 'Scopes' | 'Users' | 'Settings', lab = createFakeLab(SEED)) {
  const app = await renderApp(lab)
  await app.user.click(screen.getByRole('button', { name: 'Workspace' }))
  await app.user.click(screen.getByRole('tab', { name: section }))
  return app
}

describe('Workspace: clients', () => {
  it('creates a client and shows its generated secret once, with Copy', async () => {
    const { user, lab } = await openWorkspace('Clients')
    await user.type(screen.getByLabelText('Client ID'), 'new-app')
    await user.click(screen.getByLabelText('read'))
    await user.click(screen.getByRole('switch', { name: 'Accept Basic credentials that are not form-encoded' }))
    await user.click(screen.getByRole('button', { name: 'Create client' }))
    const panel = await screen.findByRole('region', { name: 'Client secret shown once' })
    const secret = (within(panel).getByLabelText('New client secret') as HTMLInputElement).value
    expect(secret).toMatch(/^generated-secret-/)
    expect(panel.textContent).toContain('will not be shown again')
    await user.click(within(panel).getByRole('button', { name: 'Copy' }))
    expect(await navigator.clipboard.readText()).toBe(secret)
    expect(lab.calls.find((c) => c.method === 'clients.create')?.input).toMatchObject({
      clientId: 'new-app',
      public: false,
      scopes: ['read'],
      lenientBasicAuth: true,
      defaultScopes: null,
      tokenFormat: null,
      accessTokenTtl: null,
    })
    await user.click(within(panel).getByRole('button', { name: 'Done' }))
    expect(screen.queryByRole('region', { name: 'Client secret shown once' })).toBeNull()
    expect(screen.queryByDisplayValue(secret)).toBeNull()
    // The new client is now in the list and open for editing.
    expect(screen.getByRole('button', { name: 'Save' })).toBeTruthy()
  })

  it('resets a secret and shows the new one once', async () => {
    const { user } = await openWorkspace('Clients')
    await user.click(screen.getByRole('button', { name: /legacy/ }))
    await user.click(screen.getByRole('button', { name: 'Reset secret' }))
    const panel = await screen.findByRole('region', { name: 'Client secret shown once' })
    expect((within(panel).getByLabelText('New client secret') as HTMLInputElement).value).toMatch(/^reset-secret-/)
  })

  it('shows validation messages next to the fields and sends nothing half-valid', async () => {
    const { user, lab } = await openWorkspace('Clients')
    await user.type(screen.getByLabelText('Client ID'), 'café')
    await user.type(screen.getByLabelText('Access token lifetime (s)'), 'soon')
    await user.click(screen.getByLabelText('password'))
    await user.click(screen.getByLabelText('refresh_token'))
    await user.click(screen.getByRole('button', { name: 'Create client' }))
    expect(messagesOf(screen.getByLabelText('Client ID'))).toContain('printable ASCII only (RFC 6749 Appendix A)')
    expect(messagesOf(screen.getByLabelText('Access token lifetime (s)'))).toContain('a whole number of seconds')
    expect(screen.getByRole('group', { name: 'Grant types' }).textContent).toMatch(/too small|at least|>=1/i)
    expect(lab.calls.some((c) => c.method === 'clients.create')).toBe(false)
  })

  it('shows the lab\'s refusal of a taken Client ID next to the field, and focuses it', async () => {
    const { user } = await openWorkspace('Clients')
    await user.type(screen.getByLabelText('Client ID'), 'legacy')
    await user.click(screen.getByRole('button', { name: 'Create client' }))
    const field = screen.getByLabelText('Client ID')
    await waitFor(() => expect(messagesOf(field)).toContain('client "legacy" already exists'))
    expect(document.activeElement).toBe(field)
  })
})

describe('Workspace: scopes, users, settings', () => {
  it('creates a scope', async () => {
    const { user, store } = await openWorkspace('Scopes')
    await user.type(screen.getByLabelText('Name'), 'write')
    await user.type(screen.getByLabelText('Description'), 'Write access')
    await user.click(screen.getByRole('button', { name: 'Create scope' }))
    await waitFor(() => expect(store.getState().workspace?.scopes.map((s) => s.name)).toEqual(['read', 'write']))
    expect(screen.getByRole('button', { name: /write/ })).toBeTruthy()
  })

  it('rejects a scope name with a space next to the field (RFC 6749 §3.3)', async () => {
    const { user } = await openWorkspace('Scopes')
    await user.type(screen.getByLabelText('Name'), 'two words')
    await user.click(screen.getByRole('button', { name: 'Create scope' }))
    expect(messagesOf(screen.getByLabelText('Name'))).toContain('RFC 6749 §3.3')
  })

  it('creates a user; claims must be a JSON object', async () => {
    const { user, lab } = await openWorkspace('Users')
    await user.type(screen.getByLabelText('Username'), 'carol')
    await user.type(screen.getByLabelText('Password'), 'carol-password-1')
    const claims = screen.getByLabelText('Claims (JSON)')
    await user.clear(claims)
    await user.type(claims, '[[1]')
    await user.click(screen.getByRole('button', { name: 'Create user' }))
    expect(messagesOf(claims)).toContain('claims must be a JSON object')
    await user.clear(claims)
    await user.type(claims, '{{"email": "carol@example.com"}')
    await user.click(screen.getByRole('button', { name: 'Create user' }))
    await waitFor(() => expect(lab.calls.some((c) => c.method === 'users.create')).toBe(true))
    expect(lab.calls.find((c) => c.method === 'users.create')?.input).toEqual({
      username: 'carol',
      password: 'carol-password-1',
      disabled: false,
      claims: { email: 'carol@example.com' },
    })
  })

  it('shows the lock state of a user and unlocks it', async () => {
    const lab = createFakeLab({
      ...SEED,
      users: [{ ...SEED.users[0], failedAttempts: 5, lockedUntil: new Date(Date.now() + 240_000).toISOString() }],
    })
    const { user } = await openWorkspace('Users', lab)
    await user.click(screen.getByRole('button', { name: /alice/ }))
    const lock = screen.getByRole('region', { name: 'Lock state' })
    expect(lock.textContent).toMatch(/Locked until .* \(in 4 min\)\. 5 consecutive failed attempts/)
    await user.click(within(lock).getByRole('button', { name: 'Unlock' }))
    await waitFor(() => expect(lock.textContent).toContain('Not locked. 0 consecutive failed attempts'))
  })

  it('puts the lab\'s validation details next to the matching settings fields', async () => {
    const lab = createFakeLab(SEED)
    const call = lab.client.call.bind(lab.client)
    lab.client.call = (async (method: string, input: unknown) => {
      if (method === 'settings.update') {
        throw new LabError('validation', 'invalid input for settings.update', ['lockout.maxFailures: must be at most 1000', 'issuer: the issuer must not have a query'])
      }
      return call(method as never, input as never)
    }) as typeof lab.client.call
    const { user } = await openWorkspace('Settings', lab)
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(messagesOf(screen.getByLabelText('Failures before lock'))).toContain('must be at most 1000'))
    expect(messagesOf(screen.getByLabelText('Issuer'))).toContain('the issuer must not have a query')
  })

  it('saves the whole settings form', async () => {
    const { user, lab } = await openWorkspace('Settings')
    const cost = screen.getByLabelText('bcrypt cost')
    await user.clear(cost)
    await user.type(cost, '99')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(messagesOf(cost)).toMatch(/14/)
    await user.clear(cost)
    await user.type(cost, '12')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(screen.getByText('Settings saved.')).toBeTruthy())
    expect(lab.calls.find((c) => c.method === 'settings.update')?.input).toMatchObject({ bcryptCost: 12, lockout: { enabled: true, maxFailures: 5, lockSeconds: 300 }, issuer: null })
  })
})
