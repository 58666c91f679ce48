// The lab's side of deprecating the password grant (rfc-checklist.md "Deprecating the grant"):
// a new password revokes the user's refresh tokens (RFC 6819 §5.2.2.3) unless the setting is off,
// the deprecation moment is recorded when a mode becomes deprecated (RFC 9745 §2), every new key
// survives import → export → import, and a bad date is refused by path. A real lab: SQLite file,
// bcrypt pool, token server on 127.0.0.1:0, real HTTP.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { dispatchLabCall, invokeLab } from '../../src/lab/dispatch'
import type { Lab } from '../../src/lab/lab-types'
import type { LabInput, LabMethod, LabOutput } from '../../src/shared/lab-api'
import { basicAuthorization } from '../../src/shared/token-request'
import { ENDPOINT_PATHS } from '../../src/shared/wire'

const SUNSET = 'Thu, 31 Dec 2026 23:59:59 GMT'
const SINCE = 'Mon, 01 Jun 2026 12:00:00 GMT'

function workspace(settings: Record<string, unknown> = {}) {
  return {
    version: 1,
    settings: { bcryptCost: 4, ...settings },
    scopes: [{ name: 'read', description: 'Read access', default: true }],
    clients: [
      { clientId: 'legacy', secret: 'legacy-secret', scopes: ['read'] },
      { clientId: 'mobile', public: true, scopes: ['read'], passwordGrant: 'disabled' },
    ],
    users: [
      { username: 'alice', password: 'alice-password-1' },
      { username: 'bob', password: 'bob-password-1' },
      { username: 'mia', password: 'mia-password-1', requiresMfa: true },
      { username: 'ed', password: 'ed-password-1', passwordExpired: true, claims: { email: 'ed@example.com' } },
    ],
  }
}

let dir: string
let lab: Lab
let baseUrl: string

async function open(file: unknown): Promise<void> {
  lab = await createLab({ dbPath: join(dir, `lab-${Math.random()}.db`), workspace: file, hashThreads: 1 })
  baseUrl = (await lab.start({ port: 0 })).baseUrl!
}
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-deprecation-'))
})
afterEach(async () => {
  await lab?.close()
  rmSync(dir, { recursive: true, force: true })
})

const call = <M extends LabMethod>(m: M, input: LabInput<M>): Promise<LabOutput<M>> => invokeLab(lab.handlers, m, input)

async function token(params: Record<string, string>): Promise<{ status: number; body: Record<string, string> }> {
  const r = await fetch(baseUrl + ENDPOINT_PATHS.token, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: basicAuthorization('legacy', 'legacy-secret', true),
    },
    body: new URLSearchParams(params).toString(),
  })
  return { status: r.status, body: (await r.json()) as Record<string, string> }
}
const aliceGrant = () => token({ grant_type: 'password', username: 'alice', password: 'alice-password-1' })
const refresh = (refreshToken: string) => token({ grant_type: 'refresh_token', refresh_token: refreshToken })

describe('a new password and the refresh tokens obtained with the old one (RFC 6819 §5.2.2.3)', () => {
  it('RFC 6819 §5.2.2.3: by default, users.setPassword revokes the refresh tokens of that user, and only theirs', async () => {
    await open(workspace())
    expect((await call('workspace.get', {})).settings.revokeRefreshTokensOnPasswordChange).toBe(true)
    const before = await aliceGrant()
    expect(before.status).toBe(200)
    const bobs = await token({ grant_type: 'password', username: 'bob', password: 'bob-password-1' })
    const rotated = await refresh(before.body.refresh_token!)
    expect(rotated.status).toBe(200)
    await call('users.setPassword', { username: 'alice', password: 'alice-password-2' })
    const after = await refresh(rotated.body.refresh_token!)
    expect(after).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'The refresh token is invalid, expired or revoked.' },
    })
    const [last] = (await call('exchanges.list', { limit: 1 })).items
    const e = await call('exchanges.get', { id: last!.id })
    expect(e.trace.find((s) => s.step === 'refresh.state')?.detail).toContain('(password_change)')
    // Another user's tokens are not touched.
    expect((await refresh(bobs.body.refresh_token!)).status).toBe(200)
    // The access token of the family went with it (RFC 7662 §2.2: inactive).
    const introspected = await fetch(baseUrl + ENDPOINT_PATHS.introspect, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: basicAuthorization('legacy', 'legacy-secret', true),
      },
      body: new URLSearchParams({ token: rotated.body.access_token! }).toString(),
    })
    expect(await introspected.json()).toEqual({ active: false })
    // The new password works and gets a refresh token that works.
    const fresh = await token({ grant_type: 'password', username: 'alice', password: 'alice-password-2' })
    expect((await refresh(fresh.body.refresh_token!)).status).toBe(200)
  })

  it('with revokeRefreshTokensOnPasswordChange off (to show the risk), the old refresh token outlives the password', async () => {
    await open(workspace({ revokeRefreshTokensOnPasswordChange: false }))
    const before = await aliceGrant()
    await call('users.setPassword', { username: 'alice', password: 'alice-password-2' })
    const after = await refresh(before.body.refresh_token!)
    expect(after.status).toBe(200)
    expect(after.body.access_token).toBeTruthy()
  })
})

describe('the deprecation moment (RFC 9745 §2)', () => {
  it('is recorded when the server-wide mode becomes deprecated without one, and kept afterwards', async () => {
    await open(workspace())
    const t0 = Math.floor(Date.now() / 1000) * 1000
    const s = await call('settings.update', { passwordGrant: 'deprecated' })
    const at = Date.parse(s.passwordGrantDeprecatedAt!)
    expect(at).toBeGreaterThanOrEqual(t0)
    expect(at).toBeLessThanOrEqual(Date.now())
    expect(s.passwordGrantDeprecatedAt).toBe(new Date(at).toUTCString())
    const kept = await call('settings.update', { passwordGrantSunset: SUNSET })
    expect(kept.passwordGrantDeprecatedAt).toBe(s.passwordGrantDeprecatedAt)
  })

  it('a given moment is kept; a client deprecated alone records one too', async () => {
    await open(workspace())
    const given = await call('settings.update', { passwordGrant: 'deprecated', passwordGrantDeprecatedAt: SINCE })
    expect(given.passwordGrantDeprecatedAt).toBe(SINCE)
    await call('settings.update', { passwordGrant: 'enabled', passwordGrantDeprecatedAt: null })
    expect((await call('workspace.get', {})).settings.passwordGrantDeprecatedAt).toBeNull()
    await call('clients.update', { clientId: 'legacy', passwordGrant: 'deprecated' })
    const r = await fetch(baseUrl + ENDPOINT_PATHS.token, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: basicAuthorization('legacy', 'legacy-secret', true),
      },
      body: 'grant_type=password&username=alice&password=alice-password-1',
    })
    const recorded = (await call('workspace.get', {})).settings.passwordGrantDeprecatedAt
    expect(recorded).not.toBeNull()
    expect(r.headers.get('deprecation')).toBe(`@${Date.parse(recorded!) / 1000}`)
  })
})

describe('the workspace file keeps every new key', () => {
  it('import → export → import keeps the modes, the dates, the link, the revocation switch and the user flags', async () => {
    await open(
      workspace({
        passwordGrant: 'deprecated',
        passwordGrantDeprecatedAt: SINCE,
        passwordGrantSunset: SUNSET,
        passwordGrantDeprecationLink: 'https://example.com/migrate',
        revokeRefreshTokensOnPasswordChange: false,
      }),
    )
    const first = (await call('workspace.export', {})) as {
      settings: Record<string, unknown>
      clients: Array<Record<string, unknown>>
      users: Array<Record<string, unknown>>
    }
    expect(first.settings).toMatchObject({
      passwordGrant: 'deprecated',
      passwordGrantDeprecatedAt: SINCE,
      passwordGrantSunset: SUNSET,
      passwordGrantDeprecationLink: 'https://example.com/migrate',
      revokeRefreshTokensOnPasswordChange: false,
    })
    expect(first.clients.map((c) => [c.clientId, c.passwordGrant])).toEqual([
      ['legacy', null],
      ['mobile', 'disabled'],
    ])
    expect(first.users.map((u) => [u.username, u.requiresMfa, u.passwordExpired])).toEqual([
      ['alice', false, false],
      ['bob', false, false],
      ['ed', false, true],
      ['mia', true, false],
    ])
    await call('workspace.import', { file: JSON.parse(JSON.stringify(first)) })
    expect(await call('workspace.export', {})).toEqual(first)
    const snapshot = await call('workspace.get', {})
    expect(snapshot.users.find((u) => u.username === 'ed')).toMatchObject({ passwordExpired: true, requiresMfa: false })
    expect(snapshot.clients.find((c) => c.clientId === 'mobile')?.passwordGrant).toBe('disabled')
  })

  it('a file that deprecates the grant without a moment gets one at import', async () => {
    await open(workspace({ passwordGrant: 'deprecated' }))
    const at = (await call('workspace.get', {})).settings.passwordGrantDeprecatedAt
    expect(at).not.toBeNull()
    expect(Date.now() - Date.parse(at!)).toBeLessThan(60_000)
  })

  it('refuses a bad sunset date, a bad mode and a bad link by path, saying what a valid one looks like', async () => {
    await open(workspace())
    const r = await dispatchLabCall(lab.handlers, 'workspace.import', {
      file: {
        ...workspace({
          passwordGrant: 'off',
          passwordGrantSunset: '2026-12-31',
          passwordGrantDeprecatedAt: 'Mon, 31 Dec 2026 23:59:59 GMT',
          passwordGrantDeprecationLink: 'https://example.com/a page',
        }),
        clients: [{ clientId: 'legacy', secret: 's', passwordGrant: 'deprecate' }],
        users: [{ username: 'alice', password: 'p', requiresMfa: 'yes' }],
      },
    })
    expect(r.ok).toBe(false)
    const details = r.ok ? [] : (r.error.details ?? [])
    const dateRule = 'must be an HTTP date (IMF-fixdate, RFC 9110 §5.6.7) in GMT with a matching day name'
    expect(details).toEqual([
      'settings.passwordGrant: unknown password grant mode "off" (expected enabled, deprecated or disabled)',
      `settings.passwordGrantDeprecatedAt: ${dateRule}, e.g. "Sun, 06 Nov 1994 08:49:37 GMT"`,
      `settings.passwordGrantSunset: ${dateRule}, e.g. "Sun, 06 Nov 1994 08:49:37 GMT"`,
      expect.stringMatching(/^settings\.passwordGrantDeprecationLink: must be an http\(s\) URL/),
      'clients[0].passwordGrant: unknown password grant mode "deprecate" (expected enabled, deprecated or disabled)',
      'users[0].requiresMfa: expected true or false, got the string "yes"',
    ])
    // Nothing was imported: the workspace is the one before.
    expect((await call('workspace.get', {})).settings.passwordGrant).toBe('enabled')
  })

  it('settings.update refuses a bad sunset date next to its field', async () => {
    await open(workspace())
    const r = await dispatchLabCall(lab.handlers, 'settings.update', { passwordGrantSunset: 'next year' })
    expect(r.ok).toBe(false)
    expect(r.ok ? [] : r.error.details).toEqual([
      'passwordGrantSunset: must be an HTTP date (IMF-fixdate, RFC 9110 §5.6.7) in GMT with a matching day name, e.g. "Sun, 06 Nov 1994 08:49:37 GMT"',
    ])
  })
})
