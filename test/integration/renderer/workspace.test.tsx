// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LabError } from '../../../src/shared/lab-api'
import { renderApp } from './render-app'
import { startTestLab, type TestLab } from './test-lab'

/** What the lab generates for a client secret (32 characters of base64url). */
const GENERATED_SECRET = /^[A-Za-z0-9_-]{32}$/
/** A bcrypt hash at the test workspace's cost 4. */
const BCRYPT_COST_4 = /^\$2[aby]\$04\$[./A-Za-z0-9]{53}$/

afterEach(cleanup)

/** The messages shown for a field: those its control points to with aria-describedby. */
function messagesOf(control: HTMLElement): string {
  const ids = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean)
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ')
}

async function openWorkspace(section: 'Clients' | 'Scopes' | 'Users' | 'Settings', lab?: TestLab) {
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
    expect(secret).toMatch(GENERATED_SECRET)
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
    expect((within(panel).getByLabelText('New client secret') as HTMLInputElement).value).toMatch(GENERATED_SECRET)
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

  it("shows the lab's refusal of a taken Client ID next to the field, and focuses it", async () => {
    const { user } = await openWorkspace('Clients')
    await user.type(screen.getByLabelText('Client ID'), 'legacy')
    await user.click(screen.getByRole('button', { name: 'Create client' }))
    const field = screen.getByLabelText('Client ID')
    await waitFor(() => expect(messagesOf(field)).toContain('client "legacy" exists already'))
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
    expect(messagesOf(claims)).toContain('must be a JSON object, e.g. {"email"')
    await user.clear(claims)
    await user.type(claims, '{{"email": "carol@example.com"}')
    await user.click(screen.getByRole('button', { name: 'Create user' }))
    await waitFor(() => expect(lab.calls.some((c) => c.method === 'users.create')).toBe(true))
    expect(lab.calls.find((c) => c.method === 'users.create')?.input).toEqual({
      username: 'carol',
      password: 'carol-password-1',
      disabled: false,
      claims: { email: 'carol@example.com' },
      requiresMfa: false,
      passwordExpired: false,
    })
  })

  it('shows the lock state of a user and unlocks it', async () => {
    const lab = await startTestLab()
    // Five wrong passwords in a row lock the user (the workspace's lockout policy, RFC 6749 §4.3.2).
    for (let i = 0; i < 5; i++) await lab.sendAsOutsideClient({ username: 'alice', password: 'wrong-password' })
    const { user } = await openWorkspace('Users', lab)
    await user.click(screen.getByRole('button', { name: /alice/ }))
    const lock = screen.getByRole('region', { name: 'Lock state' })
    expect(lock.textContent).toMatch(/Locked until .* \(in 4 min\)\. 5 consecutive failed attempts/)
    await user.click(within(lock).getByRole('button', { name: 'Unlock' }))
    await waitFor(() => expect(lock.textContent).toContain('Not locked. 0 consecutive failed attempts'))
  })

  it("puts the lab's validation details next to the matching settings fields", async () => {
    // The renderer checks settings with the lab's own schema before sending, so a real lab never
    // refuses them with field details: this one stands in for a lab with stricter rules.
    const lab = await startTestLab()
    const call = lab.client.call.bind(lab.client)
    lab.client.call = (async (method: string, input: unknown) => {
      if (method === 'settings.update') {
        throw new LabError('validation', 'invalid input for settings.update', [
          'lockout.maxFailures: must be at most 1000',
          'issuer: the issuer must not have a query',
        ])
      }
      return call(method as never, input as never)
    }) as typeof lab.client.call
    const { user } = await openWorkspace('Settings', lab)
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() =>
      expect(messagesOf(screen.getByLabelText('Failures before lock'))).toContain('must be at most 1000'),
    )
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
    expect(lab.calls.find((c) => c.method === 'settings.update')?.input).toMatchObject({
      bcryptCost: 12,
      lockout: { enabled: true, maxFailures: 5, lockSeconds: 240 },
      issuer: null,
    })
  })
})

describe('Workspace: the Settings card', () => {
  it('shows the port the server runs on, a future Sunset example, and "Settings saved." until the next edit', async () => {
    const { user, store } = await openWorkspace('Settings')
    const status = store.getState().serverStatus
    expect(status?.running).toBe(true)
    // The test lab listens on an ephemeral port, never the 8443 the settings ask for.
    expect(status?.port).not.toBe(8443)
    expect(screen.getByLabelText('Issuer').getAttribute('placeholder')).toBe(status?.baseUrl)
    expect(messagesOf(screen.getByLabelText('Port'))).toContain(`Listening on ${status?.port} now`)
    const sunset = screen.getByLabelText('Sunset date').getAttribute('placeholder') ?? ''
    expect(sunset).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} 00:00:00 GMT$/)
    expect(Date.parse(sunset)).toBeGreaterThan(Date.now())
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(screen.getByText('Settings saved.')).toBeTruthy())
    await user.type(screen.getByLabelText('Audience'), 'x')
    expect(screen.queryByText('Settings saved.')).toBeNull()
  })
})

describe('Workspace: file export and import', () => {
  const GOOD = {
    version: 1,
    settings: { bcryptCost: 5 },
    scopes: [{ name: 'write', description: 'Write access' }],
    clients: [
      { clientId: 'new-app', secret: 'new-app-secret', scopes: ['write'] },
      { clientId: 'mobile', public: true, grantTypes: ['password'] },
    ],
    users: [{ username: 'bob', password: 'bob-password-1' }],
  }
  const BAD = {
    version: 1,
    colour: 'blue',
    clients: [
      { clientId: 'new-app', secret: 'new-app-secret' },
      { clientId: 'typo', secret: 'typo-secret', grantTypes: ['pasword'] },
    ],
    users: [{ username: 'bob' }],
  }
  const jsonFile = (name: string, text: string) => new File([text], name, { type: 'application/json' })
  const importCalls = (lab: TestLab) => lab.calls.filter((c) => c.method === 'workspace.import')

  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
  })

  it('exports the workspace as ropc-lab-workspace.json, hashes only', async () => {
    // jsdom has no object URLs and does not download: record what would have been saved.
    const blobs: Blob[] = []
    const revoked: string[] = []
    class RecordingURL extends URL {
      static override createObjectURL = (blob: Blob | MediaSource) => (
        blobs.push(blob as Blob),
        `blob:lab/${blobs.length}`
      )
      static override revokeObjectURL = (url: string) => void revoked.push(url)
    }
    vi.stubGlobal('URL', RecordingURL)
    const clicks: Array<{ href: string; download: string; attached: boolean }> = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push({ href: this.href, download: this.download, attached: this.isConnected })
    })
    const { user, lab } = await openWorkspace('Settings')
    await user.click(screen.getByRole('button', { name: 'Export workspace' }))
    await waitFor(() =>
      expect(clicks).toEqual([{ href: 'blob:lab/1', download: 'ropc-lab-workspace.json', attached: true }]),
    )
    expect(lab.calls.find((c) => c.method === 'workspace.export')?.input).toEqual({})
    expect(blobs[0]?.type).toBe('application/json')
    const text = await blobs[0]!.text()
    const file = JSON.parse(text)
    expect(file).toMatchObject({
      version: 1,
      scopes: [{ name: 'read' }],
      clients: [{ clientId: 'legacy', secretHash: expect.stringMatching(BCRYPT_COST_4) }],
    })
    expect(file.users).toEqual([
      {
        username: 'alice',
        passwordHash: expect.stringMatching(BCRYPT_COST_4),
        disabled: false,
        claims: { email: 'alice@example.com' },
        requiresMfa: false,
        passwordExpired: false,
      },
    ])
    expect(text).not.toContain('THE_SECRET')
    expect(text).not.toContain('alice-password-1')
    expect(screen.getByText('Exported as ropc-lab-workspace.json.')).toBeTruthy()
    // The link is gone and its URL let go once the download has started.
    expect(document.querySelector('a[download]')).toBeNull()
    await waitFor(() => expect(revoked).toEqual(['blob:lab/1']))
  })

  it('imports a good file after confirmation, shows the counts and reloads the workspace', async () => {
    const { user, lab, store } = await openWorkspace('Settings')
    const input = screen.getByLabelText('Import workspace')
    expect(input.getAttribute('accept')).toBe('.json,application/json')
    await user.upload(input, jsonFile('good.json', JSON.stringify(GOOD)))
    const question = await screen.findByRole('group', { name: 'Replace the whole workspace with good.json?' })
    expect(importCalls(lab)).toEqual([])
    await user.click(within(question).getByRole('button', { name: 'Confirm import' }))
    await waitFor(() => expect(screen.getByText('Imported 1 scopes, 2 clients, 1 users.')).toBeTruthy())
    expect(importCalls(lab).map((c) => c.input)).toEqual([{ file: GOOD }])
    const ws = store.getState().workspace
    expect(ws?.clients.map((c) => c.clientId).sort()).toEqual(['mobile', 'new-app'])
    expect(ws?.users.map((u) => u.username)).toEqual(['bob'])
    // The settings form shows the imported settings, not the ones it was opened with.
    expect((screen.getByLabelText('bcrypt cost') as HTMLInputElement).value).toBe('5')
    expect(screen.queryByRole('region', { name: 'Import problems' })).toBeNull()
  })

  it('shows every problem of a refused file, and nothing is imported', async () => {
    const { user, lab, store } = await openWorkspace('Settings')
    await user.upload(screen.getByLabelText('Import workspace'), jsonFile('bad.json', JSON.stringify(BAD)))
    await user.click(screen.getByRole('button', { name: 'Confirm import' }))
    const region = await screen.findByRole('region', { name: 'Import problems' })
    expect(
      within(region)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      '(root): unknown key "colour"',
      'clients[1].grantTypes[0]: unknown grant type "pasword" (expected password, refresh_token, authorization_code or client_credentials)',
      'users[0].password: required (or give "passwordHash")',
    ])
    expect(region.textContent).toContain('The workspace file was refused; nothing was imported. 3 problems:')
    expect(region.textContent).toContain('the current workspace is unchanged')
    expect(importCalls(lab)).toHaveLength(1)
    expect(store.getState().workspace?.clients.map((c) => c.clientId)).toEqual(['legacy'])
    expect(screen.queryByText(/^Imported /)).toBeNull()
  })

  it('says a file is not JSON next to the control and sends nothing', async () => {
    const { user, lab } = await openWorkspace('Settings')
    const input = screen.getByLabelText('Import workspace')
    await user.upload(input, jsonFile('broken.json', '{"version": 1,'))
    await waitFor(() => expect(messagesOf(input)).toMatch(/not valid JSON: \S/))
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(screen.queryByRole('button', { name: 'Confirm import' })).toBeNull()
    expect(importCalls(lab)).toEqual([])
  })

  it('Cancel leaves the workspace alone', async () => {
    const { user, lab } = await openWorkspace('Settings')
    await user.upload(screen.getByLabelText('Import workspace'), jsonFile('good.json', JSON.stringify(GOOD)))
    await user.click(await screen.findByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('group', { name: /Replace the whole workspace/ })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Confirm import' })).toBeNull()
    expect(importCalls(lab)).toEqual([])
  })
})
