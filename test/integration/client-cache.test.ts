// The token endpoint keeps the clients it read in memory (ClientsRepo.get), valid while a change counter kept by
// triggers (migration 007) is unchanged. Each way a client can change must show on the next read: through the
// repository, by a cascade from another table, in a transaction rolled back, from another connection on the same
// file. The kept map is bounded by CLIENT_CACHE_ENTRIES.
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { validateWorkspace } from '../../src/lab/workspace-io'
import { CLIENT_CACHE_ENTRIES } from '../../src/shared/limits'
import { openStore, type ClientRecord, type Store } from '../../src/store/index'

let dir: string
let store: Store
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-client-cache-'))
  store = openStore(join(dir, 'lab.db'))
  store.scopes.upsert({ name: 'api', description: '', default: false })
  store.scopes.upsert({ name: 'admin', description: '', default: false })
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

const SECRET_HASH = `$2b$04$${'a'.repeat(53)}`

/** A client as a workspace import inserts it: the workspace format's defaults, `over` applied in its own words. */
const client = (clientId: string, over: Record<string, unknown> = {}): ClientRecord => {
  const [c] = validateWorkspace({
    version: 1,
    scopes: [{ name: 'api' }, { name: 'admin' }],
    clients: [{ clientId, secretHash: SECRET_HASH, grantTypes: ['password'], scopes: ['api', 'admin'], ...over }],
  }).clients
  return { ...c!, hasSecret: true, secretHash: SECRET_HASH }
}

it('a change through the repository shows on the next read, and the kept copy cannot be changed by a reader', () => {
  store.clients.insert(client('app'))
  const first = store.clients.get('app')!
  expect(store.clients.get('app')).toBe(first) // kept
  expect(() => (first.scopes as string[]).push('x')).toThrow(TypeError)
  store.clients.replace(client('app', { grantTypes: ['password', 'refresh_token'] }))
  expect(store.clients.get('app')!.grantTypes).toEqual(['password', 'refresh_token'])
  store.clients.setSecretHash('app', `$2b$04$${'b'.repeat(53)}`)
  expect(store.clients.get('app')!.secretHash).toBe(`$2b$04$${'b'.repeat(53)}`)
  store.clients.delete('app')
  expect(store.clients.get('app')).toBeNull()
})

it('a scope deleted elsewhere (a cascade into client_scopes) shows on the next read', () => {
  store.clients.insert(client('app'))
  expect(store.clients.get('app')!.scopes).toEqual(['admin', 'api'])
  store.scopes.delete('admin')
  expect(store.clients.get('app')!.scopes).toEqual(['api'])
})

it('a change rolled back leaves the client as it was, even when it was read inside the transaction', () => {
  store.clients.insert(client('app'))
  expect(store.clients.get('app')!.grantTypes).toEqual(['password'])
  expect(() =>
    store.db.transaction(() => {
      store.clients.replace(client('app', { grantTypes: ['refresh_token'] }))
      expect(store.clients.get('app')!.grantTypes).toEqual(['refresh_token'])
      throw new Error('rolled back')
    })(),
  ).toThrow('rolled back')
  expect(store.clients.get('app')!.grantTypes).toEqual(['password'])
})

it('a change by another connection to the same file shows on the next read', () => {
  store.clients.insert(client('app'))
  expect(store.clients.get('app')!.firstParty).toBe(false)
  const other = new Database(join(dir, 'lab.db'))
  try {
    other.prepare('UPDATE clients SET first_party = 1 WHERE client_id = ?').run('app')
  } finally {
    other.close()
  }
  expect(store.clients.get('app')!.firstParty).toBe(true)
})

it(`keeps at most CLIENT_CACHE_ENTRIES (${CLIENT_CACHE_ENTRIES}) clients, and unknown ids not at all`, () => {
  const count = CLIENT_CACHE_ENTRIES + 5
  store.db.transaction(() => {
    for (let i = 0; i < count; i++) store.clients.insert(client(`c${i}`, { scopes: [] }))
  })()
  for (let i = 0; i < count; i++) {
    expect(store.clients.get(`c${i}`)!.clientId).toBe(`c${i}`)
    expect(store.clients.keptCount).toBeLessThanOrEqual(CLIENT_CACHE_ENTRIES)
  }
  const before = store.clients.keptCount
  for (let i = 0; i < 100; i++) expect(store.clients.get(`unknown-${i}`)).toBeNull()
  expect(store.clients.keptCount).toBe(before)
})
