// The way out through the LabApi (src/shared/way-out-api.ts) on a real lab: the challenge step by
// step, the second factor's enrolment (otpauth URI and QR code) and current code, and the workspace
// file's totpSecret (imported as given, masked on export unless asked). Real SQLite, real HTTP.
import { TOTP, URI } from 'otpauth'
import { describe, expect, it } from 'vitest'
import { useDiskLab } from '../../helpers/lab-on-disk'
import { totpNow } from '../../helpers/way-out'

const IMPORTED_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const { call } = useDiskLab(
  {
    version: 1,
    settings: { bcryptCost: 4 },
    scopes: [{ name: 'read', description: 'Read', default: true }],
    clients: [
      { clientId: 'first-app', public: true, firstParty: true, grantTypes: ['authorization_code'], scopes: ['read'] },
      { clientId: 'batch', secret: 'batch-secret', grantTypes: ['client_credentials'], scopes: ['read'] },
    ],
    users: [
      { username: 'alice', password: 'alice-password-1' },
      { username: 'mia', password: 'mia-password-1', requiresMfa: true, totpSecret: IMPORTED_SECRET },
    ],
  },
  { prefix: 'ropc-way-out-lab-' },
)

describe('the challenge, step by step from the lab', () => {
  it('mia: password → insufficient_authorization → TOTP → code → tokens; the exchanges are masked', async () => {
    const first = await call('wayOut.challenge', { clientId: 'first-app', username: 'mia', password: 'mia-password-1' })
    expect(first.step).toBe('otp_required')
    expect(first.exchange.request.body).not.toContain('mia-password-1')
    const otp = (await call('wayOut.totpCurrent', { username: 'mia' })).code
    expect(otp).toBe(totpNow(IMPORTED_SECRET))
    const second = await call('wayOut.challenge', { clientId: 'first-app', flowId: first.flowId, otp })
    expect(second.step).toBe('code')
    const token = await call('wayOut.challengeRedeem', { flowId: first.flowId })
    expect(token.response.status).toBe(200)
    expect(token.flow).toBe('authorization_challenge')
    const view = await call('wayOut.flowStatus', { flowId: first.flowId })
    expect(view.status).toBe('redeemed')
    expect(view.exchangeIds).toHaveLength(3)
    for (const id of view.exchangeIds) {
      const stored = await call('exchanges.get', { id })
      expect(stored.request.body).not.toContain(otp)
      expect(stored.request.body).not.toMatch(/code_verifier=[A-Za-z0-9_-]{43}/)
      expect(stored.response.body).not.toContain(JSON.parse(token.response.body).access_token)
    }
  })

  it('a wrong password is refused', async () => {
    const r = await call('wayOut.challenge', { clientId: 'first-app', username: 'alice', password: 'nope' })
    expect(r.step).toBe('refused')
    expect((await call('wayOut.flowStatus', { flowId: r.flowId })).error).toBe('access_denied')
  })

  it('a flow needs a client with a loopback redirect URI', async () => {
    await expect(call('wayOut.startAuthorizationCode', { clientId: 'first-app' })).rejects.toThrow(
      /loopback redirect URI/,
    )
  })
})

describe('the second factor of a user', () => {
  it('enrols a fresh secret: an otpauth URI and a QR code, and the password grant still refuses', async () => {
    const enrolment = await call('wayOut.totpEnrol', { username: 'alice' })
    const parsed = URI.parse(enrolment.uri) as TOTP
    expect(parsed).toBeInstanceOf(TOTP)
    expect(parsed.label).toBe('alice')
    expect(parsed.issuer).toBe('ROPC Lab')
    expect(enrolment.qrSvg.startsWith('<svg')).toBe(true)
    const user = (await call('workspace.get', {})).users.find((u) => u.username === 'alice')!
    expect(user.hasTotp).toBe(true)
    expect(JSON.stringify(user)).not.toContain(parsed.secret.base32)
    expect((await call('wayOut.totpCurrent', { username: 'alice' })).code).toBe(parsed.generate())
    expect((await call('wayOut.totpEnrolment', { username: 'alice' })).uri).toBe(enrolment.uri)
    expect(await call('wayOut.totpClear', { username: 'alice' })).toEqual({ cleared: true })
    await expect(call('wayOut.totpCurrent', { username: 'alice' })).rejects.toThrow(/no second factor/)
  })

  it('workspace export masks the TOTP secret unless asked; a masked file imports as none', async () => {
    const masked = (await call('workspace.export', {})) as { users: { username: string; totpSecret?: string }[] }
    expect(masked.users.find((u) => u.username === 'mia')!.totpSecret).toBe('***')
    expect(JSON.stringify(masked)).not.toContain(IMPORTED_SECRET)
    const clear = (await call('workspace.export', { includeTotpSecrets: true })) as typeof masked
    expect(clear.users.find((u) => u.username === 'mia')!.totpSecret).toBe(IMPORTED_SECRET)
    expect(clear.users.find((u) => u.username === 'alice')!.totpSecret).toBeUndefined()
    await call('workspace.import', { file: masked })
    const mia = (await call('workspace.get', {})).users.find((u) => u.username === 'mia')!
    expect(mia.hasTotp).toBe(false)
    await call('workspace.import', { file: clear })
    expect((await call('wayOut.totpCurrent', { username: 'mia' })).code).toBe(totpNow(IMPORTED_SECRET))
  })

  it('a workspace file with a malformed TOTP secret is refused by path', async () => {
    const file = { version: 1, users: [{ username: 'x', password: 'p', totpSecret: 'not base32!' }] }
    await expect(call('workspace.import', { file })).rejects.toThrow(/users\[0\]\.totpSecret: must be a base32 key/)
  })
})
