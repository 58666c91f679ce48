// The authorization code flow with PKCE as a person does it: the lab starts the flow (verifier, state,
// its loopback callback listener on 127.0.0.1), Chromium opens the sign-in page of the embedded
// server, the person types username, password and — for a user with a second factor — the TOTP code,
// the browser is redirected to the lab's listener, and the lab redeems the code. Real HTTP, real
// SQLite, real Chromium (headless, fresh profile), codes from the otpauth library.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { invokeLab } from '../../src/lab/dispatch'
import type { Lab } from '../../src/lab/lab-types'
import type { LabInput, LabMethod, LabOutput } from '../../src/shared/lab-api'
import { chromiumAvailability, launchChromium, watchConsole, type LaunchedBrowser } from '../helpers/browser'
import { requiresTool } from '../helpers/requires-tool'
import { totpNow } from '../helpers/way-out'

const chromiumCheck = chromiumAvailability()
const hasChromium = requiresTool('Chromium', chromiumCheck.available ? null : chromiumCheck.reason)
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'

let dir: string
let lab: Lab
let browser: LaunchedBrowser | null = null
const call = <M extends LabMethod>(m: M, input: LabInput<M>): Promise<LabOutput<M>> => invokeLab(lab.handlers, m, input)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-way-out-e2e-'))
  lab = await createLab({
    dbPath: join(dir, 'lab.db'),
    hashThreads: 1,
    workspace: {
      version: 1,
      settings: { bcryptCost: 4 },
      scopes: [{ name: 'read', description: 'Read', default: true }],
      clients: [
        {
          clientId: 'native-app',
          public: true,
          grantTypes: ['authorization_code', 'refresh_token'],
          redirectUris: ['http://127.0.0.1/callback'],
          scopes: ['read'],
        },
      ],
      users: [
        { username: 'alice', password: 'alice-password-1' },
        { username: 'mia', password: 'mia-password-1', requiresMfa: true, totpSecret: TOTP_SECRET },
      ],
    },
  })
  await lab.start({ port: 0 })
  if (hasChromium) browser = await launchChromium()
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await lab?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function waitForFlow(flowId: string) {
  for (let i = 0; i < 100; i++) {
    const view = await call('wayOut.flowStatus', { flowId })
    if (view.status === 'redeemed' || view.status === 'failed') return view
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('the flow did not finish')
}

describe('authorization code + PKCE in Chromium, redirect caught on the lab loopback listener', () => {
  it.skipIf(!hasChromium)('signs alice in and the lab redeems the code', async () => {
    const { page } = browser!
    const seen = watchConsole(page)
    const start = await call('wayOut.startAuthorizationCode', { clientId: 'native-app', scope: 'read' })
    expect(start.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    await page.goto(start.authorizationUrl)
    await page.getByLabel('Username').fill('alice')
    await page.getByLabel('Password').fill('alice-password-1')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL((u) => u.href.startsWith(start.redirectUri))
    expect(await page.textContent('body')).toContain('The lab received the answer')
    const view = await waitForFlow(start.flowId)
    expect(view.status).toBe('redeemed')
    expect(view.token!.response.status).toBe(200)
    expect(JSON.parse(view.token!.response.body)).toMatchObject({ token_type: 'Bearer', scope: 'read' })
    expect(view.token!.flow).toBe('authorization_code')
    expect(seen.problems()).toEqual([])
  })

  it.skipIf(!hasChromium)('asks mia for her one-time code, then redirects', async () => {
    const { page } = browser!
    const start = await call('wayOut.startAuthorizationCode', { clientId: 'native-app' })
    await page.goto(start.authorizationUrl)
    await page.getByLabel('Username').fill('mia')
    await page.getByLabel('Password').fill('mia-password-1')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByLabel('One-time code').fill(totpNow(TOTP_SECRET))
    await page.getByRole('button', { name: 'Verify' }).click()
    await page.waitForURL((u) => u.href.startsWith(start.redirectUri))
    expect((await waitForFlow(start.flowId)).status).toBe('redeemed')
  })

  it.skipIf(!hasChromium)('a wrong password keeps the person on the page with one message', async () => {
    const { page } = browser!
    const start = await call('wayOut.startAuthorizationCode', { clientId: 'native-app' })
    await page.goto(start.authorizationUrl)
    await page.getByLabel('Username').fill('alice')
    await page.getByLabel('Password').fill('not-her-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('alert').textContent()).toBe('The username or password is incorrect.')
    expect((await call('wayOut.flowStatus', { flowId: start.flowId })).status).toBe('waiting')
  })
})
