// @vitest-environment jsdom
// The Composer's flow picker over a real lab (test-lab.ts): client credentials through the one
// request builder (the raw request shown as before), the authorization challenge step by step for a
// user with a second factor (the code from the otpauth library), and authorization code + PKCE with
// the sign-in page opened by window.open and filled in over real HTTP; each flow's exchanges listed
// in order as one conversation, each one click away in the Inspector.
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { signInAsBrowser } from '../../../src/lab/way-out/sign-in-driver'
import { totpNow } from '../../helpers/way-out'
import { renderApp } from './render-app'
import { ALICE_PASSWORD, LEGACY_SECRET, smallWorkspace, startTestLab } from './test-lab'

const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

function wayOutWorkspace() {
  const w = smallWorkspace() as { clients: Array<Record<string, unknown>>; users: Array<Record<string, unknown>> }
  w.clients[0]!.grantTypes = ['password', 'refresh_token', 'client_credentials']
  w.clients.push({
    clientId: 'app',
    public: true,
    firstParty: true,
    grantTypes: ['authorization_code', 'refresh_token'],
    redirectUris: ['http://127.0.0.1/callback'],
    scopes: ['read'],
  })
  w.users.push({ username: 'mia', password: 'mia-password-1', requiresMfa: true, totpSecret: TOTP_SECRET })
  return w
}

async function openComposer() {
  const app = await renderApp(await startTestLab({ workspace: wayOutWorkspace() }))
  await app.user.click(screen.getByRole('button', { name: 'Composer' }))
  return app
}

const conversationSteps = () =>
  within(screen.getByRole('list', { name: 'Flow conversation' }))
    .getAllByRole('button')
    .map((b) => b.textContent?.replace(/\s+/g, ' ').trim())

describe('Composer: the flow picker', () => {
  it('client credentials: no user in the request, a token for the client (RFC 6749 §4.4)', async () => {
    const { user, lab } = await openComposer()
    await user.click(screen.getByRole('radio', { name: 'Client credentials' }))
    expect(screen.queryByLabelText('Username')).toBeNull()
    await user.selectOptions(screen.getByLabelText('Workspace client'), 'legacy')
    await user.clear(screen.getByLabelText('Client secret'))
    await user.type(screen.getByLabelText('Client secret'), LEGACY_SECRET)
    expect(screen.getByText(/grant_type=client_credentials/)).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(lab.calls.some((c) => c.method === 'runner.send')).toBe(true))
    const sent = lab.calls.find((c) => c.method === 'runner.send')!.input as { params: string[][] }
    expect(sent.params).toEqual([['grant_type', 'client_credentials']])
    const inspector = screen.getByRole('region', { name: 'Inspector' })
    await waitFor(() => expect(within(inspector).getAllByText(/200/).length).toBeGreaterThan(0))
  })

  it('authorization challenge: password, insufficient_authorization, the one-time code, then the token', async () => {
    const { user } = await openComposer()
    await user.click(screen.getByRole('radio', { name: 'Authorization challenge' }))
    await user.selectOptions(screen.getByLabelText('Workspace client'), 'app')
    await user.type(screen.getByLabelText('Username'), 'mia')
    await user.type(screen.getByLabelText('Password'), 'mia-password-1')
    await user.click(screen.getByRole('button', { name: '1. Send username and password' }))
    await screen.findByText(/insufficient_authorization: the server asks for the second factor/)
    await user.type(screen.getByLabelText('One-time code'), totpNow(TOTP_SECRET))
    await user.click(screen.getByRole('button', { name: '2. Send the code' }))
    await user.click(await screen.findByRole('button', { name: '3. Redeem the code at the token endpoint' }))
    await screen.findByText('Signed in: the code was redeemed for tokens with the PKCE verifier.')
    await waitFor(() => expect(conversationSteps()).toHaveLength(3))
    expect(conversationSteps()).toEqual([
      expect.stringMatching(/^challenge POST 400 insufficient_authorization/),
      expect.stringMatching(/^challenge POST 200/),
      expect.stringMatching(/^token POST 200/),
    ])
    // One click opens the first step in the Inspector.
    await user.click(within(screen.getByRole('list', { name: 'Flow conversation' })).getAllByRole('button')[0]!)
    const inspector = screen.getByRole('region', { name: 'Inspector' })
    await waitFor(() => expect(within(inspector).getAllByText(/insufficient_authorization/).length).toBeGreaterThan(0))
    // The Inspector shows the whole flow the exchange belongs to, each step one click away.
    const thisFlow = within(inspector).getByRole('list', { name: 'This flow' })
    expect(
      within(thisFlow)
        .getAllByRole('button')
        .map((b) => b.textContent?.replace(/\s+/g, ' ').trim()),
    ).toEqual([
      expect.stringMatching(/^challenge POST 400/),
      expect.stringMatching(/^challenge POST 200/),
      expect.stringMatching(/^token POST 200/),
    ])
  })

  it('authorization code + PKCE: opens the sign-in page, the lab catches the redirect and redeems the code', async () => {
    const opened: string[] = []
    vi.stubGlobal('open', (url: string) => (opened.push(url), null))
    const { user } = await openComposer()
    await user.click(screen.getByRole('radio', { name: 'Authorization code + PKCE' }))
    await user.selectOptions(screen.getByLabelText('Workspace client'), 'app')
    await user.click(screen.getByRole('button', { name: 'Open sign-in page' }))
    await waitFor(() => expect(opened).toHaveLength(1))
    const url = new URL(opened[0]!)
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    expect(screen.getByText('Waiting for the sign-in in the browser…')).toBeTruthy()

    const callback = await signInAsBrowser(opened[0]!, 'alice', ALICE_PASSWORD)
    expect(callback.status).toBe(200)
    await screen.findByText('Signed in: the code was redeemed for tokens.', {}, { timeout: 5000 })
    await waitFor(() =>
      expect(conversationSteps()).toEqual([
        expect.stringMatching(/^authorize GET 200/),
        expect.stringMatching(/^sign-in POST 302/),
        expect.stringMatching(/^token POST 200/),
      ]),
    )
  })
})
