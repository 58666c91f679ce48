// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { renderApp, type RenderedApp } from './render-app'
import { ALICE_PASSWORD, LEGACY_SECRET, startTestLab } from './test-lab'

afterEach(cleanup)

async function fillAndSend({ user }: RenderedApp, password: string, secret = LEGACY_SECRET, clientId = 'legacy') {
  await user.selectOptions(screen.getByLabelText('Workspace client'), clientId)
  await user.clear(screen.getByLabelText('Client secret'))
  await user.type(screen.getByLabelText('Client secret'), secret)
  await user.type(screen.getByLabelText('Username'), 'alice')
  await user.type(screen.getByLabelText('Password'), password)
  await user.click(screen.getByRole('button', { name: 'Send' }))
  const inspector = screen.getByRole('region', { name: 'Inspector' })
  await waitFor(() => expect(within(inspector).getByRole('button', { name: 'Pin for compare' })).toBeTruthy())
  return inspector
}

/** The exchange the inspector shows, as the store holds it. */
function shown({ store }: RenderedApp) {
  const { selectedId, exchanges } = store.getState()
  const exchange = selectedId ? exchanges[selectedId] : undefined
  if (!exchange) throw new Error('no exchange on display')
  return exchange
}

describe('Inspector', () => {
  it('explains an error with its RFC meaning beside the decision trace and the findings', async () => {
    const lab = await startTestLab()
    // A secret that form-encoding changes, on a client that accepts it unencoded: the server
    // reads the Basic credentials raw and records the finding (RFC 6749 §2.3.1).
    await lab.call('clients.update', { clientId: 'legacy', lenientBasicAuth: true })
    await lab.call('clients.resetSecret', { clientId: 'legacy', secret: 'THE+SECRET:1' })
    const app = await renderApp(lab)
    await app.user.click(screen.getByLabelText('Form-encode Basic credentials (RFC 6749 §2.3.1)'))
    const inspector = await fillAndSend(app, 'wrong-password', 'THE+SECRET:1')
    expect(within(inspector).getByLabelText('Status 400')).toBeTruthy()
    const explanation = within(inspector).getByRole('region', { name: /Error invalid_grant/ })
    expect(explanation.textContent).toContain('RFC 6749 §5.2, §4.3.2')
    expect(explanation.textContent).toContain('resource owner credentials are wrong')
    expect(explanation.textContent).toContain('wrong password or unknown username')
    expect(explanation.textContent).toContain('The username or password is incorrect.')
    const steps = within(inspector).getByRole('list', { name: 'Decision trace steps' })
    const items = within(steps).getAllByRole('listitem')
    const ids = items.map((li) => li.querySelector('.step-id')?.textContent)
    // Every step the server took, in its order.
    expect(ids).toEqual(shown(app).trace.map((s) => s.step))
    const order = ['client_auth.method', 'client.secret', 'user.password'].map((id) => ids.indexOf(id))
    expect(order.every((i) => i >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    const password = items[ids.indexOf('user.password')]
    expect(password?.textContent).toContain('fail:')
    expect(password?.textContent).toMatch(/\d+(\.\d)? ms/)
    const findings = within(inspector).getByRole('region', { name: 'Findings' })
    expect(findings.textContent).toContain('RFC 6749 §2.3.1')
    expect(findings.textContent).toContain('did not application/x-www-form-urlencode the client id and secret')
  })

  it('decodes a JWT access token, shows its signature check, and explains each claim with local and relative times', async () => {
    const app = await renderApp()
    const inspector = await fillAndSend(app, ALICE_PASSWORD)
    const accessToken = JSON.parse(shown(app).response.body).access_token as string
    const { kid } = JSON.parse(atob(accessToken.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/'))) as {
      kid: string
    }
    await waitFor(() =>
      expect(
        within(inspector).getByText(`✓ Signature verified (kid ${kid}, RS256) against the server's JWKS`),
      ).toBeTruthy(),
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

  it('introspects, refreshes and revokes with the composer client credentials, staying on the exchange', async () => {
    const app = await renderApp()
    const inspector = await fillAndSend(app, ALICE_PASSWORD)
    const grant = shown(app)
    const refreshToken = JSON.parse(grant.response.body).refresh_token as string
    await app.user.click(within(inspector).getByRole('button', { name: 'Introspect' }))
    const result = await within(inspector).findByRole('region', { name: 'Follow-up result' })
    expect(within(result).getByRole('table', { name: 'Introspection answer' }).textContent).toContain('active')
    const sends = () =>
      app.lab.calls
        .filter((c) => c.method === 'runner.send')
        .map((c) => c.input as { target: string; auth: { clientId: string } })
    expect(sends()[1]).toMatchObject({ target: 'introspect', auth: { clientId: 'legacy' } })
    // The Inspector keeps the grant on display, its actions enabled; the introspection is one click away.
    expect(shown(app).id).toBe(grant.id)
    expect((within(inspector).getByRole('button', { name: 'Revoke' }) as HTMLButtonElement).disabled).toBe(false)
    await app.user.click(within(result).getByRole('button', { name: 'Open that exchange' }))
    expect(shown(app).endpoint).toContain('introspect')
    await app.user.click(within(inspector).getByRole('button', { name: 'Back' }))
    expect(shown(app).id).toBe(grant.id)
    await app.user.click(within(inspector).getByRole('button', { name: 'Refresh' }))
    await waitFor(() => expect(sends()).toHaveLength(3))
    expect(sends()[2]).toMatchObject({
      target: 'token',
      params: [
        ['grant_type', 'refresh_token'],
        ['refresh_token', refreshToken],
      ],
    })
    // The refresh's answer is linked once the buttons are enabled again; the grant stays on display.
    const revoke = within(inspector).getByRole('button', { name: 'Revoke' }) as HTMLButtonElement
    await waitFor(() => expect(revoke.disabled).toBe(false))
    const followUp = () => app.store.getState().followUpResult
    expect(app.store.getState().exchanges[followUp()?.exchangeId ?? '']?.grantType).toBe('refresh_token')
    expect(shown(app).id).toBe(grant.id)
    await app.user.click(revoke)
    await waitFor(() => expect(sends()).toHaveLength(4))
    expect(sends()[3]).toMatchObject({ target: 'revoke' })
    // RFC 7009 §2.2: an empty 200 is the answer; the revoke's own view says so instead of an empty box.
    await waitFor(() => expect(followUp()?.kind).toBe('revoke'))
    await app.user.click(within(inspector).getByRole('button', { name: 'Open that exchange' }))
    expect(within(inspector).getByLabelText('Response body').textContent).toContain(
      '(empty body — 200 OK is the RFC 7009 answer',
    )
  })

  it('offers Introspect for an opaque token', async () => {
    const lab = await startTestLab()
    // No refresh_token grant: the answer carries no refresh token to offer.
    await lab.call('clients.create', {
      clientId: 'opaque-app',
      secret: 'opaque-secret',
      grantTypes: ['password'],
      scopes: ['read'],
      tokenFormat: 'opaque',
    })
    const app = await renderApp(lab)
    const inspector = await fillAndSend(app, ALICE_PASSWORD, 'opaque-secret', 'opaque-app')
    await waitFor(() => expect(within(inspector).getByText(/An opaque token/)).toBeTruthy())
    expect((within(inspector).getByRole('button', { name: 'Introspect' }) as HTMLButtonElement).disabled).toBe(false)
    expect((within(inspector).getByRole('button', { name: 'Refresh' }) as HTMLButtonElement).disabled).toBe(true)
  })

  it('does not send the masked token copies of a stored exchange (tokens are never stored as issued)', async () => {
    const app = await renderApp()
    const stored = await app.lab.sendAsOutsideClient({ username: 'alice', password: ALICE_PASSWORD })
    expect(stored.status).toBe(200)
    await app.store.getState().openExchange(stored.id)
    const inspector = screen.getByRole('region', { name: 'Inspector' })
    await waitFor(() =>
      expect(within(inspector).getByText(/Stored copy: tokens are never stored as issued/)).toBeTruthy(),
    )
    for (const name of ['Refresh', 'Introspect', 'Revoke']) {
      expect((within(inspector).getByRole('button', { name }) as HTMLButtonElement).disabled).toBe(true)
    }
    // The stored JWT has no signature: said neutrally, not as a failed check, with the way to verify.
    const stripped = await within(inspector).findByText(/Stored without signature/)
    expect(stripped.className).toContain('neutral')
    expect(within(inspector).queryByText(/✗ Signature not verified/)).toBeNull()
    // Reveal fetches the issued copy from memory: its signature is verified and its tokens usable.
    await app.user.click(within(inspector).getByRole('button', { name: 'Reveal to verify' }))
    await within(inspector).findByText(/✓ Signature verified/)
    await waitFor(() =>
      expect((within(inspector).getByRole('button', { name: 'Introspect' }) as HTMLButtonElement).disabled).toBe(false),
    )
  })

  it('keeps a real verification failure red', async () => {
    const app = await renderApp()
    const inspector = await fillAndSend(app, ALICE_PASSWORD)
    const [header, payload] = (JSON.parse(shown(app).response.body).access_token as string).split('.')
    // Another key's signature on the same claims: the check fails, and says so in red.
    const forged = `${header}.${payload}.${'A'.repeat(342)}`
    app.store.getState().showExchange({
      ...shown(app),
      id: 'forged',
      response: { ...shown(app).response, body: JSON.stringify({ access_token: forged, token_type: 'Bearer' }) },
    })
    const failed = await within(inspector).findByText(/✗ Signature not verified/)
    expect(failed.className).toContain('fail')
  })

  it('shows the request as sent, masked, and reveals it on demand', async () => {
    const app = await renderApp()
    const inspector = await fillAndSend(app, ALICE_PASSWORD)
    const sent = () => within(inspector).getByLabelText('Raw request sent').textContent ?? ''
    expect(sent()).toContain('POST /oauth/v2/oauth-token HTTP/1.1')
    expect(sent()).toContain(`Host: ${new URL(app.lab.baseUrl).host}`)
    expect(sent()).not.toContain(ALICE_PASSWORD)
    await app.user.click(within(inspector).getByRole('button', { name: 'Reveal' }))
    await waitFor(() => expect(sent()).toContain(`password=${ALICE_PASSWORD}`))
    expect(app.lab.calls.some((c) => c.method === 'exchanges.get' && (c.input as { reveal: boolean }).reveal)).toBe(
      true,
    )
  })
})
