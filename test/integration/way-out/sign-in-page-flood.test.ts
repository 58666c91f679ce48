// Sign-in pages opened by anyone, in any number, over real HTTP on 127.0.0.1: a page keeps nothing on
// the server until its password is right (its request travels sealed in the CSRF token), so a client
// opening more than WAY_OUT_STATE_LIMIT pages neither grows the server's memory nor pushes out the page
// a person is signing in on. The seal cannot be altered (a redirect_uri or state changed in it) nor forged.
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WAY_OUT_STATE_LIMIT } from '../../../src/shared/limits'
import type { Harness } from '../../helpers/token-server-harness'
import {
  authorizeUrl,
  locationParams,
  newPkce,
  pageState,
  SPA_REDIRECT,
  startSpaHarness,
  submitSignIn,
} from '../../helpers/way-out'

let h: Harness

beforeAll(async () => {
  h = await startSpaHarness({}, { redirectUris: [SPA_REDIRECT, 'http://127.0.0.1/other'] })
})
afterAll(async () => {
  await h.close()
})

const pageUrl = (state: string) =>
  authorizeUrl({
    client_id: 'spa',
    redirect_uri: SPA_REDIRECT,
    code_challenge: newPkce().challenge,
    code_challenge_method: 'S256',
    state,
  })

describe('sign-in pages keep nothing until the password is right', () => {
  it(`a page still signs in after ${WAY_OUT_STATE_LIMIT + 1} more were opened`, async () => {
    const mine = pageState(await h.request('GET', pageUrl('mine')))
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 })
    const get = (path: string) =>
      new Promise<number>((resolve, reject) => {
        http
          .get(new URL(path, h.baseUrl), { agent }, (r) => {
            r.resume()
            r.on('end', () => resolve(r.statusCode ?? 0))
          })
          .on('error', reject)
      })
    const path = pageUrl('flood')
    for (let sent = 0; sent <= WAY_OUT_STATE_LIMIT; sent += 50) {
      const statuses = await Promise.all(Array.from({ length: 50 }, () => get(path)))
      expect(new Set(statuses)).toEqual(new Set([200]))
      h.exchanges.length = 0 // the harness's own record, not the server's
    }
    agent.destroy()
    const r = await submitSignIn(h, mine, { username: 'alice', password: 'alice-password-1' })
    expect(r.status).toBe(302)
    expect(locationParams(r).get('state')).toBe('mine')
  }, 120_000)

  it('an altered seal (another redirect_uri or state inside) or a forged one is refused', async () => {
    const form = pageState(await h.request('GET', pageUrl('s')))
    const [payload, mac] = form.csrf.split('.') as [string, string]
    const page = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    page.request.redirectUri = 'http://127.0.0.1/other'
    page.request.state = 'attacker'
    const altered = `${Buffer.from(JSON.stringify(page)).toString('base64url')}.${mac}`
    const forged = `${Buffer.from(JSON.stringify(page)).toString('base64url')}.${'A'.repeat(mac.length)}`
    for (const csrf of [altered, forged, payload, `${form.csrf}x`]) {
      const r = await submitSignIn(
        h,
        { csrf, cookie: form.cookie },
        { username: 'alice', password: 'alice-password-1' },
      )
      expect(r.status).toBe(400)
      expect(r.headers.location).toBeUndefined()
      expect(h.lastExchange().trace.find((t) => t.step === 'authorize.csrf')?.detail).toBe(
        'no sign-in page sealed this CSRF token',
      )
    }
    const ok = await submitSignIn(h, form, { username: 'alice', password: 'alice-password-1' })
    expect(locationParams(ok).get('state')).toBe('s')
  })
})
