// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { makeExchange } from './fake-lab'
import { renderApp, type RenderedApp } from './render-app'

afterEach(cleanup)

async function fillAndSend({ user }: RenderedApp, password: string) {
  await user.selectOptions(screen.getByLabelText('Workspace client'), 'legacy')
  await user.type(screen.getByLabelText('Client secret'), 'THE_SECRET')
  await user.type(screen.getByLabelText('Username'), 'alice')
  await user.type(screen.getByLabelText('Password'), password)
  await user.click(screen.getByRole('button', { name: 'Send' }))
  const inspector = screen.getByRole('region', { name: 'Inspector' })
  await waitFor(() => expect(within(inspector).getByRole('button', { name: 'Pin for compare' })).toBeTruthy())
  return inspector
}

describe('Inspector', () => {
  it('explains an error with its RFC meaning beside the decision trace and the findings', async () => {
    const app = await renderApp()
    await app.user.click(screen.getByLabelText('Form-encode Basic credentials (RFC 6749 §2.3.1)'))
    const inspector = await fillAndSend(app, 'wrong-password')
    expect(within(inspector).getByLabelText('Status 400')).toBeTruthy()
    const explanation = within(inspector).getByRole('region', { name: /Error invalid_grant/ })
    expect(explanation.textContent).toContain('RFC 6749 §5.2, §4.3.2')
    expect(explanation.textContent).toContain('resource owner credentials are wrong')
    expect(explanation.textContent).toContain('wrong password or unknown username')
    expect(explanation.textContent).toContain('Invalid resource owner credentials')
    const steps = within(inspector).getByRole('list', { name: 'Decision trace steps' })
    const items = within(steps).getAllByRole('listitem')
    expect(items.map((li) => li.querySelector('.step-id')?.textContent)).toEqual([
      'client_auth.method',
      'client.secret',
      'user.password',
    ])
    expect(items[2]?.textContent).toContain('fail:')
    expect(items[2]?.textContent).toContain('62 ms')
    const findings = within(inspector).getByRole('region', { name: 'Findings' })
    expect(findings.textContent).toContain('RFC 6749 §2.3.1')
    expect(findings.textContent).toContain('Basic credentials were not form-encoded')
  })

  it('decodes a JWT access token, shows its signature check, and explains each claim with local and relative times', async () => {
    const app = await renderApp()
    const inspector = await fillAndSend(app, 'alice-password-1')
    await waitFor(() =>
      expect(within(inspector).getByText(/Signature verified \(kid fake-key-1, RS256\)/)).toBeTruthy(),
    )
    const payload = within(inspector).getByRole('table', { name: 'JWT payload' })
    const row = (claim: string) => within(payload).getByRole('row', { name: new RegExp(`^${claim} `) })
    expect(row('iss').textContent).toContain('Issuer')
    expect(row('sub').textContent).toContain('alice')
    expect(row('exp').textContent).toMatch(/in (5 min|4 min|29\d s)/)
    expect(row('iat').textContent).toMatch(/now|s ago/)
    expect(row('client_id').textContent).toContain('The client the token was issued to')
    expect(row('scope').textContent).toContain('RFC 6749 §3.3')
    const header = within(inspector).getByRole('table', { name: 'JWT header' })
    expect(header.textContent).toContain('at+jwt')
  })

  it('introspects, refreshes and revokes with the composer client credentials', async () => {
    const app = await renderApp()
    const inspector = await fillAndSend(app, 'alice-password-1')
    await app.user.click(within(inspector).getByRole('button', { name: 'Introspect' }))
    await waitFor(() => expect(within(inspector).getByRole('table', { name: 'Introspection answer' })).toBeTruthy())
    const sends = () =>
      app.lab.calls
        .filter((c) => c.method === 'runner.send')
        .map((c) => c.input as { target: string; auth: { clientId: string } })
    expect(sends()[1]).toMatchObject({ target: 'introspect', auth: { clientId: 'legacy' } })
    await app.user.click(within(inspector).getByRole('button', { name: 'Back' }))
    await app.user.click(within(inspector).getByRole('button', { name: 'Refresh' }))
    await waitFor(() => expect(sends()).toHaveLength(3))
    expect(sends()[2]).toMatchObject({
      target: 'token',
      params: [
        ['grant_type', 'refresh_token'],
        ['refresh_token', expect.stringMatching(/^rt-/)],
      ],
    })
    await app.user.click(within(inspector).getByRole('button', { name: 'Revoke' }))
    await waitFor(() => expect(sends()).toHaveLength(4))
    expect(sends()[3]).toMatchObject({ target: 'revoke' })
  })

  it('offers Introspect for an opaque token', async () => {
    const app = await renderApp()
    app.lab.record(
      makeExchange({
        id: 'opaque-1',
        response: {
          status: 200,
          headers: [],
          body: JSON.stringify({ access_token: 'abc123opaque', token_type: 'Bearer', expires_in: 300 }),
        },
      }),
    )
    await app.store.getState().openExchange('opaque-1')
    const inspector = screen.getByRole('region', { name: 'Inspector' })
    await waitFor(() => expect(within(inspector).getByText(/An opaque token/)).toBeTruthy())
    expect((within(inspector).getByRole('button', { name: 'Introspect' }) as HTMLButtonElement).disabled).toBe(false)
    expect((within(inspector).getByRole('button', { name: 'Refresh' }) as HTMLButtonElement).disabled).toBe(true)
  })

  it('does not send the masked token copies of a stored exchange (tokens are never stored as issued)', async () => {
    const app = await renderApp()
    app.lab.record(
      makeExchange({
        id: 'stored-1',
        response: {
          status: 200,
          headers: [],
          body: JSON.stringify({
            access_token: 'abc123***',
            refresh_token: 'def456***',
            token_type: 'Bearer',
            expires_in: 300,
          }),
        },
      }),
    )
    await app.store.getState().openExchange('stored-1')
    const inspector = screen.getByRole('region', { name: 'Inspector' })
    await waitFor(() =>
      expect(within(inspector).getByText(/Stored copy: tokens are never stored as issued/)).toBeTruthy(),
    )
    for (const name of ['Refresh', 'Introspect', 'Revoke']) {
      expect((within(inspector).getByRole('button', { name }) as HTMLButtonElement).disabled).toBe(true)
    }
  })

  it('shows the request as sent, masked, and reveals it on demand', async () => {
    const app = await renderApp()
    const inspector = await fillAndSend(app, 'alice-password-1')
    const sent = () => within(inspector).getByLabelText('Raw request sent').textContent ?? ''
    expect(sent()).toContain('POST /oauth/v2/oauth-token HTTP/1.1')
    expect(sent()).toContain('Host: 127.0.0.1:8443')
    expect(sent()).not.toContain('alice-password-1')
    await app.user.click(within(inspector).getByRole('button', { name: 'Reveal' }))
    await waitFor(() => expect(sent()).toContain('password=alice-password-1'))
    expect(app.lab.calls.some((c) => c.method === 'exchanges.get' && (c.input as { reveal: boolean }).reveal)).toBe(
      true,
    )
  })
})
