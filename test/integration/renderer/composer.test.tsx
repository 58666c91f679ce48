// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { renderApp } from './render-app'

afterEach(cleanup)

function preview(): string {
  return screen.getByLabelText('Raw request preview').textContent ?? ''
}

describe('Composer', () => {
  it('updates the raw request preview live, before sending (RFC 6749 §4.3.2)', async () => {
    const { user, lab } = await renderApp()
    await waitFor(() => expect(preview()).toContain('POST /oauth/v2/oauth-token HTTP/1.1'))
    expect(preview()).toContain(`Host: ${new URL(lab.baseUrl).host}`)
    await user.type(screen.getByLabelText('Username'), 'alice')
    await user.type(screen.getByLabelText('Password'), 'p@ss word')
    expect(preview()).toContain('grant_type=password&username=alice&password=p%40ss+word')
    await user.type(screen.getByLabelText('Client ID'), 'legacy:app')
    await user.type(screen.getByLabelText('Client secret'), 's3cret')
    // Form-encoded before base64 (RFC 6749 §2.3.1): "legacy%3Aapp:s3cret".
    expect(preview()).toContain(`Authorization: Basic ${btoa('legacy%3Aapp:s3cret')}`)
    await user.click(screen.getByLabelText('Form-encode Basic credentials (RFC 6749 §2.3.1)'))
    expect(preview()).toContain(`Authorization: Basic ${btoa('legacy:app:s3cret')}`)
    await user.selectOptions(screen.getByLabelText('Client authentication'), 'body')
    expect(preview()).not.toContain('Authorization:')
    expect(preview()).toContain('client_id=legacy%3Aapp&client_secret=s3cret')
  })

  it('hides the password in the input and the preview when asked, without changing what is sent', async () => {
    const { user } = await renderApp()
    await user.type(screen.getByLabelText('Password'), 'alice-password-1')
    expect(preview()).toContain('alice-password-1')
    await user.click(screen.getByLabelText('Hide password'))
    expect(preview()).not.toContain('alice-password-1')
    expect(screen.getByLabelText('Password').getAttribute('type')).toBe('password')
  })

  it('adds and removes extra parameters', async () => {
    const { user } = await renderApp()
    await user.click(screen.getByRole('button', { name: 'Add parameter' }))
    await user.type(screen.getByLabelText('Parameter 1 name'), 'scope')
    await user.type(screen.getByLabelText('Parameter 1 value'), 'extra')
    expect(preview()).toContain('grant_type=password&scope=extra')
    await user.click(screen.getByRole('button', { name: 'Remove parameter 1' }))
    expect(preview()).not.toContain('scope=extra')
  })

  it('offers the demo secret for the demo client, so the first Send authenticates (RFC 6749 §2.3.1)', async () => {
    const { user, store, lab } = await renderApp()
    await user.selectOptions(screen.getByLabelText('Workspace client'), 'legacy')
    const secret = screen.getByLabelText('Client secret') as HTMLInputElement
    expect(secret.value).toBe('legacy-demo-secret')
    expect(screen.getByText(/The demo secret of/)).toBeTruthy()
    // Emptied, the hint says which secret the client needs and offers the demo one again.
    await user.clear(secret)
    expect(screen.getByText(/is confidential: type the secret shown when it was created or reset/)).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'use the demo secret' }))
    expect(secret.value).toBe('legacy-demo-secret')
    // A client with no documented secret (and none typed this session) gets no demo one.
    await lab.call('clients.create', { clientId: 'tidy-app', secret: 'tidy-app-secret-1' })
    await waitFor(() => expect(store.getState().workspace?.clients.some((c) => c.clientId === 'tidy-app')).toBe(true))
    await user.selectOptions(screen.getByLabelText('Workspace client'), 'tidy-app')
    expect(store.getState().draft.clientSecret).toBe('')
    expect(screen.queryByRole('button', { name: 'use the demo secret' })).toBeNull()
    await user.selectOptions(screen.getByLabelText('Client authentication'), 'none')
    expect(screen.getByText(/A public client sends no secret/)).toBeTruthy()
  })

  it('copies as curl with placeholders, and with the real values only when Include secrets is ticked', async () => {
    const { user, lab } = await renderApp()
    await waitFor(() => expect(preview()).toContain('127.0.0.1'))
    await user.selectOptions(screen.getByLabelText('Workspace client'), 'legacy')
    await user.selectOptions(screen.getByLabelText('Client authentication'), 'body')
    await user.clear(screen.getByLabelText('Client secret'))
    await user.type(screen.getByLabelText('Client secret'), 'THE_SECRET')
    await user.type(screen.getByLabelText('Username'), 'alice')
    await user.type(screen.getByLabelText('Password'), "it's")
    await user.click(screen.getByRole('button', { name: 'Copy as curl' }))
    const placeholders = await navigator.clipboard.readText()
    expect(placeholders).toContain('curl ')
    expect(placeholders).toContain(new URL(lab.baseUrl).host)
    expect(placeholders).toContain('$PASSWORD')
    expect(placeholders).not.toContain('THE_SECRET')
    expect(placeholders).not.toContain("it's")
    expect(screen.getByText('Copied as curl')).toBeTruthy()

    await user.click(screen.getByRole('button', { name: 'Copy as…' }))
    await user.click(screen.getByLabelText('Include secrets'))
    await user.click(screen.getByRole('button', { name: 'Copy as curl' }))
    const withSecrets = await navigator.clipboard.readText()
    expect(withSecrets).toContain('THE_SECRET')
    expect(withSecrets).not.toContain('$PASSWORD')
    // One status line: the second copy replaces the first note.
    expect(screen.getAllByRole('status').filter((s) => s.textContent?.startsWith('Copied'))).toHaveLength(1)
    expect(screen.getByText('Copied as curl (with secrets)')).toBeTruthy()
  })

  it('targets any token endpoint URL typed in "Token endpoint"', async () => {
    const { user, lab } = await renderApp()
    const endpoint = screen.getByLabelText('Token endpoint') as HTMLInputElement
    await waitFor(() => expect(endpoint.value).toBe(`${lab.baseUrl}/oauth/v2/oauth-token`))
    await user.clear(endpoint)
    await user.type(endpoint, 'https://idp.example.com/token')
    expect(preview()).toContain('POST /token HTTP/1.1')
    expect(preview()).toContain('Host: idp.example.com')
    await user.click(screen.getByRole('button', { name: 'Use embedded server' }))
    expect(endpoint.value).toBe(`${lab.baseUrl}/oauth/v2/oauth-token`)
  })

  it('sends with Ctrl+Enter and shows the response in the inspector', async () => {
    const { user, lab } = await renderApp()
    await user.selectOptions(screen.getByLabelText('Workspace client'), 'legacy')
    await user.clear(screen.getByLabelText('Client secret'))
    await user.type(screen.getByLabelText('Client secret'), 'THE_SECRET')
    await user.type(screen.getByLabelText('Username'), 'alice')
    await user.type(screen.getByLabelText('Password'), 'alice-password-1')
    await user.keyboard('{Control>}{Enter}{/Control}')
    const inspector = screen.getByRole('region', { name: 'Inspector' })
    await waitFor(() => expect(within(inspector).getByLabelText('Status 200')).toBeTruthy())
    expect(lab.calls.filter((c) => c.method === 'runner.send')).toHaveLength(1)
    expect(within(inspector).getByLabelText('Response body').textContent).toContain('"token_type": "Bearer"')
    expect(within(inspector).getByText('Cache-Control')).toBeTruthy()
  })

  it('sends with the Send button', async () => {
    const { user, lab } = await renderApp()
    await user.click(screen.getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(lab.calls.some((c) => c.method === 'runner.send')).toBe(true))
  })
})
