// @vitest-environment jsdom
// "Relay to a real server" from the app: the lab opens its recording proxy in front of a real token
// server (here a second lab), the panel says where to point the client, and what the client sends
// through it shows in History with source "proxy" and its findings.
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { renderApp } from './render-app'
import { ALICE_PASSWORD, LEGACY_SECRET, startTestLab } from './test-lab'

afterEach(cleanup)

describe('Workspace: Relay to a real server', () => {
  it('starts a relay in front of a real server, shows where to point the client, and records what passes', async () => {
    const upstream = await startTestLab()
    const app = await renderApp()
    await app.user.click(screen.getByRole('button', { name: 'Workspace' }))
    await app.user.click(screen.getByRole('tab', { name: 'Relay' }))
    await app.user.type(screen.getByLabelText('Upstream URL'), upstream.baseUrl)
    await app.user.click(screen.getByRole('button', { name: 'Start relay' }))
    const status = await screen.findByRole('status', { name: 'Relay status' })
    const tokenRow = within(status)
      .getAllByRole('row')
      .find((r) => r.textContent?.startsWith('token'))
    const relayTokenUrl = tokenRow?.querySelector('.mono')?.textContent ?? ''
    expect(relayTokenUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/v2\/oauth-token$/)
    expect(status.textContent).toContain(upstream.baseUrl)

    // A legacy client through the relay, with raw (not form-encoded) Basic credentials.
    const res = await fetch(relayTokenUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`legacy:${LEGACY_SECRET}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'password', username: 'alice', password: ALICE_PASSWORD }).toString(),
    })
    expect(res.status).toBe(200)
    await waitFor(() => expect(app.store.getState().historyItems.some((e) => e.origin === 'proxy')).toBe(true))
    const row = app.store.getState().historyItems.find((e) => e.origin === 'proxy')!
    expect(row).toMatchObject({ status: 200, clientId: 'legacy', grantType: 'password' })

    await app.user.click(screen.getByRole('button', { name: 'Stop relay' }))
    await waitFor(() => expect(screen.queryByRole('status', { name: 'Relay status' })).toBeNull())
    await expect(fetch(relayTokenUrl, { method: 'POST' })).rejects.toThrow()
  })

  it('keeps the upstream issuer in relayed metadata when asked, and says so', async () => {
    const upstream = await startTestLab()
    const app = await renderApp()
    await app.user.click(screen.getByRole('button', { name: 'Workspace' }))
    await app.user.click(screen.getByRole('tab', { name: 'Relay' }))
    await app.user.type(screen.getByLabelText('Upstream URL'), upstream.baseUrl)
    await app.user.click(screen.getByRole('checkbox', { name: /Keep the upstream.s issuer/ }))
    await app.user.click(screen.getByRole('button', { name: 'Start relay' }))
    const status = await screen.findByRole('status', { name: 'Relay status' })
    expect(status.textContent).toContain('keeps the upstream’s issuer')
    const listeningOn = app.store.getState().relay!.listeningOn!
    const doc = (await (await fetch(`${listeningOn}/.well-known/oauth-authorization-server`)).json()) as {
      issuer: string
      token_endpoint: string
    }
    expect(doc.issuer).toBe(upstream.baseUrl)
    expect(doc.token_endpoint.startsWith(listeningOn)).toBe(true)
    await app.user.click(screen.getByRole('button', { name: 'Stop relay' }))
  })

  it('says why when the upstream is not a URL the relay can use', async () => {
    const app = await renderApp()
    await app.store.getState().startRelay({ upstream: 'ftp://example.invalid/', port: 0 })
    expect(app.store.getState().relayProblem).toMatch(/http\(s\) URL/)
    expect(app.store.getState().relay?.running ?? false).toBe(false)
  })
})
