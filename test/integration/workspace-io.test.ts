import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest'
import { createHashPool, type HashPool } from '../../src/server/credentials/hash-pool'
import { LabError } from '../../src/shared/lab-api'
import { openStore, type Store } from '../../src/store/index'
import { exportWorkspace, importWorkspace, isWorkspaceUninitialized } from '../../src/lab/workspace-io'

const demo = JSON.parse(readFileSync(new URL('../../resources/demo-workspace.json', import.meta.url), 'utf8')) as {
  settings: Record<string, unknown>
}
const fastDemo = { ...demo, settings: { ...demo.settings, bcryptCost: 4 } }

let pool: HashPool
let dir: string
let store: Store
beforeAll(() => {
  pool = createHashPool({ threads: 2 })
})
afterAll(() => pool.close())
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-ws-'))
  store = openStore(join(dir, 'lab.db'))
})
afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('workspace import and export (docs/workspace-format.md)', () => {
  it('round-trips: import → export → import gives the same workspace, hashes only', async () => {
    expect(isWorkspaceUninitialized(store)).toBe(true)
    await importWorkspace(store, pool, fastDemo)
    expect(isWorkspaceUninitialized(store)).toBe(false)
    const first = exportWorkspace(store)
    const text = JSON.stringify(first)
    expect(text).not.toContain('legacy-demo-secret')
    expect(text).not.toContain('demo-password')
    expect(text).not.toMatch(/"secret":|"password":/)
    expect(first.clients.find((c) => c.clientId === 'legacy')?.secretHash).toMatch(/^\$2[aby]\$04\$/)

    const other = openStore(join(dir, 'other.db'))
    await importWorkspace(other, pool, JSON.parse(text))
    expect(exportWorkspace(other)).toEqual(first)
    await other.close()
  })

  it('the exported hashes still verify the original secret and password', async () => {
    await importWorkspace(store, pool, fastDemo)
    const out = exportWorkspace(store)
    const legacy = out.clients.find((c) => c.clientId === 'legacy')!
    const demoUser = out.users.find((u) => u.username === 'demo')!
    expect((await pool.compare('legacy-demo-secret', legacy.secretHash!)).match).toBe(true)
    expect((await pool.compare('demo-password', demoUser.passwordHash)).match).toBe(true)
  })

  it('refuses a bad file whole, lists every problem, and changes nothing', async () => {
    await importWorkspace(store, pool, fastDemo)
    const before = exportWorkspace(store)
    const bad = {
      version: 1,
      scopes: [{ name: 'read' }],
      clients: [
        { clientId: 'ok', secret: 's', scopes: ['read'] },
        { clientId: 'bad', secret: 's', grantTypes: ['pasword'], scopes: ['wrte'] },
      ],
      users: [{ username: 'u' }],
    }
    const err = await importWorkspace(store, pool, bad).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(LabError)
    const labErr = err as LabError
    expect(labErr.kind).toBe('workspace_invalid')
    expect(labErr.details).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^clients\[1\]\.grantTypes\[0\]: unknown grant type "pasword"/),
        expect.stringMatching(/^clients\[1\]\.scopes\[0\]: unknown scope "wrte"/),
        expect.stringMatching(/^users\[0\]/),
      ]),
    )
    expect(labErr.message).toMatch(/nothing was imported/)
    expect(exportWorkspace(store)).toEqual(before)
  })

  it('refuses a file from a newer version with a message that says so', async () => {
    const err = (await importWorkspace(store, pool, { ...fastDemo, version: 2 }).catch((e: unknown) => e)) as LabError
    expect(err.details.join('\n')).toMatch(/version 2.*reads version 1/)
    expect(isWorkspaceUninitialized(store)).toBe(true)
  })

  it('reports hashing progress for every plaintext', async () => {
    const seen: Array<[number, number]> = []
    await importWorkspace(store, pool, fastDemo, (done, total) => seen.push([done, total]))
    // 1 confidential client secret + 3 user passwords
    expect(seen.at(-1)).toEqual([4, 4])
    expect(seen.length).toBe(4)
  })

  it('keeps the desktop preferences an imported file does not set', async () => {
    store.settings.update({ port: 9999, exchangeRetention: 500 })
    await importWorkspace(store, pool, fastDemo)
    expect(store.settings.get().port).toBe(9999)
    expect(store.settings.get().exchangeRetention).toBe(500)
    expect(store.settings.get().tokenFormat).toBe('jwt')
  })
})
