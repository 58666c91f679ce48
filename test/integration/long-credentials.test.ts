// bcrypt reads only the first 72 bytes of its input. Passwords and client secrets longer than that
// are pre-hashed (SECURITY.md), so every byte counts on every path: import, create, update and the
// token endpoint's verification. Boundaries are in UTF-8 bytes, not characters.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hashSync } from 'bcryptjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { invokeLab } from '../../src/lab/dispatch'
import type { Lab } from '../../src/lab/lab-types'
import type { LabInput, LabMethod, LabOutput } from '../../src/shared/lab-api'
import { basicAuthorization } from '../../src/shared/token-request'
import { ENDPOINT_PATHS } from '../../src/shared/wire'
import { startHarness, TEST_COST } from '../helpers/token-server-harness'

const A72 = 'A'.repeat(72)
const EURO24 = '€'.repeat(24)
const bytes = (s: string) => Buffer.byteLength(s, 'utf8')

let dir: string
let lab: Lab
let baseUrl: string
const call = <M extends LabMethod>(m: M, input: LabInput<M>): Promise<LabOutput<M>> => invokeLab(lab.handlers, m, input)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-long-'))
  lab = await createLab({
    dbPath: join(dir, 'lab.db'),
    workspace: {
      version: 1,
      settings: { bcryptCost: 4, lockout: { enabled: false, maxFailures: 5, lockSeconds: 300 } },
      scopes: [{ name: 'read', description: 'Read', default: true }],
      clients: [
        { clientId: 'imported', secret: `${A72}imported-tail`, grantTypes: ['password'], scopes: ['read'] },
        { clientId: 'pub', public: true, grantTypes: ['password'], scopes: ['read'] },
      ],
      users: [{ username: 'imported', password: `${A72}imported-tail` }],
    },
  })
  baseUrl = (await lab.start({ port: 0 })).baseUrl!
})
afterAll(async () => {
  await lab.close()
  rmSync(dir, { recursive: true, force: true })
})

async function grant(username: string, password: string, client = { id: 'pub', secret: '' }): Promise<number> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' }
  const params: Record<string, string> = { grant_type: 'password', username, password }
  if (client.secret) headers.Authorization = basicAuthorization(client.id, client.secret, true)
  else params.client_id = client.id
  const r = await fetch(new URL(ENDPOINT_PATHS.token, baseUrl), {
    method: 'POST',
    headers,
    body: new URLSearchParams(params).toString(),
  })
  await r.arrayBuffer()
  return r.status
}

describe('users: every byte of the password counts (bcrypt reads 72)', () => {
  const cases: Array<[string, string, string]> = [
    ['71 bytes', 'A'.repeat(70) + 'x', 'A'.repeat(70) + 'y'],
    ['72 bytes', 'A'.repeat(71) + 'x', 'A'.repeat(71) + 'y'],
    ['73 bytes', `${A72}x`, `${A72}y`],
    ['24 × € = 72 bytes', EURO24, `${'€'.repeat(23)}e`],
    ['24 × € and a tail', `${EURO24}right`, `${EURO24}wrong`],
    ['72 A and a tail', `${A72}right-tail`, `${A72}wrong-tail`],
  ]
  for (const [name, right, wrong] of cases) {
    it(`${name} (${bytes(right)} bytes): the right password signs in, a wrong one does not`, async () => {
      const username = `u-${bytes(right)}-${right.length}`
      await call('users.create', { username, password: right })
      expect(await grant(username, right)).toBe(200)
      expect(await grant(username, wrong)).toBe(400)
      expect(await grant(username, right.slice(0, -1))).toBe(400)
    })
  }

  it('users.setPassword: a new long password replaces the old, tail included', async () => {
    await call('users.create', { username: 'changer', password: 'short-one' })
    await call('users.setPassword', { username: 'changer', password: `${A72}new-tail` })
    expect(await grant('changer', `${A72}old-tail`)).toBe(400)
    expect(await grant('changer', `${A72}new-tail`)).toBe(200)
  })

  it('workspace import: a long password is verified whole', async () => {
    expect(await grant('imported', `${A72}imported-tail`)).toBe(200)
    expect(await grant('imported', `${A72}imported-TAIL`)).toBe(400)
  })
})

describe('clients: every byte of the secret counts', () => {
  it('clients.create and clients.resetSecret with secrets over 72 bytes', async () => {
    await call('users.create', { username: 'plain', password: 'plain-password' })
    await call('clients.create', {
      clientId: 'long',
      secret: `${A72}right-tail`,
      grantTypes: ['password'],
      scopes: ['read'],
    })
    expect(await grant('plain', 'plain-password', { id: 'long', secret: `${A72}right-tail` })).toBe(200)
    expect(await grant('plain', 'plain-password', { id: 'long', secret: `${A72}wrong-tail` })).toBe(401)
    await call('clients.resetSecret', { clientId: 'long', secret: `${A72}next-tail` })
    expect(await grant('plain', 'plain-password', { id: 'long', secret: `${A72}right-tail` })).toBe(401)
    expect(await grant('plain', 'plain-password', { id: 'long', secret: `${A72}next-tail` })).toBe(200)
  })

  it('workspace import: a long secret is verified whole', async () => {
    expect(await grant('plain', 'plain-password', { id: 'imported', secret: `${A72}imported-tail` })).toBe(200)
    expect(await grant('plain', 'plain-password', { id: 'imported', secret: `${A72}imported-TAIL` })).toBe(401)
  })
})

describe('existing databases', () => {
  it('a stored bcrypt hash of a password of at most 72 bytes still verifies', async () => {
    const h = await startHarness({ lockout: { enabled: false, maxFailures: 5, lockSeconds: 300 } })
    try {
      await h.addClient({ clientId: 'c', public: true })
      for (const [i, password] of ['old-password', A72, EURO24].entries()) {
        // As the store held it before pre-hashing: bcrypt straight over the password.
        h.store.users.insert({
          username: `legacy-${i}`,
          passwordHash: hashSync(password, TEST_COST),
          disabled: false,
          claims: {},
          requiresMfa: false,
          passwordExpired: false,
        })
        const ok = await h.token({ grant_type: 'password', client_id: 'c', username: `legacy-${i}`, password })
        expect(ok.status).toBe(200)
      }
    } finally {
      await h.close()
    }
  })
})
