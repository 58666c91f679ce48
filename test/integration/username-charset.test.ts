// RFC 6749 Appendix A.15 (username) and A.16 (password): *UNICODECHARNOCRLF, that is %x09 / %x20-7E /
// %x80-D7FF / %xE000-FFFD / %x10000-10FFFF. NUL and the other control characters are refused at
// every path that creates or imports a user, and at the token endpoint.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { dispatchLabCall } from '../../src/lab/dispatch'
import type { Lab } from '../../src/lab/lab-types'
import { basic, expectOAuthError, type Harness, startHarness } from '../helpers/token-server-harness'

const CONTROLS = ['\u0000', '\u0001', '\u0008', '\u000b', '\u001b', '\u001f', '\u007f']
const name = (c: string) => `U+${c.codePointAt(0)!.toString(16).padStart(4, '0').toUpperCase()}`

let dir: string
let lab: Lab
let h: Harness

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-usernames-'))
  lab = await createLab({ dbPath: join(dir, 'lab.db'), workspace: { version: 1, settings: { bcryptCost: 4 } } })
  h = await startHarness()
  await h.addClient({ clientId: 'legacy', secret: 'legacy-secret' })
})
afterAll(async () => {
  await h.close()
  await lab.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('creating and importing users', () => {
  for (const c of CONTROLS) {
    it(`users.create refuses a username with ${name(c)}`, async () => {
      const r = await dispatchLabCall(lab.handlers, 'users.create', { username: `eve${c}admin`, password: 'pw-123456' })
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.error.kind).toBe('validation')
    })
  }

  it('users.create refuses a password with NUL (Appendix A.16)', async () => {
    const r = await dispatchLabCall(lab.handlers, 'users.create', { username: 'eve', password: 'pw\u0000x' })
    expect(r.ok).toBe(false)
  })

  it('workspace.import refuses a user whose name has NUL, naming the field', async () => {
    const r = await dispatchLabCall(lab.handlers, 'workspace.import', {
      file: { version: 1, users: [{ username: 'eve\u0000', password: 'pw-123456' }] },
    })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.message).toMatch(/users\[0\]\.username: .*control character/)
  })

  it('accepts a tab and any Unicode outside the controls', async () => {
    for (const username of ['tab\there', 'Zoë 山田', 'emoji 😀', 'c1 \u0085 allowed by A.15']) {
      const r = await dispatchLabCall(lab.handlers, 'users.create', { username, password: 'pw-123456' })
      expect(r.ok, username).toBe(true)
    }
  })
})

describe('the token endpoint', () => {
  for (const c of CONTROLS) {
    it(`a username with ${name(c)} is invalid_request, before any hash`, async () => {
      const r = await h.token(
        { grant_type: 'password', username: `alice${c}`, password: 'x' },
        basic('legacy', 'legacy-secret'),
      )
      expectOAuthError(
        r,
        400,
        'invalid_request',
        'The username must not contain control characters (RFC 6749 Appendix A).',
      )
      expect(h.lastExchange().trace.some((s) => s.step === 'user.password')).toBe(false)
    })
  }

  it('a password with NUL is invalid_request', async () => {
    const r = await h.token(
      { grant_type: 'password', username: 'alice', password: 'x\u0000' },
      basic('legacy', 'legacy-secret'),
    )
    expectOAuthError(
      r,
      400,
      'invalid_request',
      'The password must not contain control characters (RFC 6749 Appendix A).',
    )
  })
})
