// The cost an unknown user's or client's dummy compare must pay (RFC 6749 §4.3.2: a refusal must not
// tell "unknown" from "wrong" by its time) follows the stored hashes. It is read once and kept, since
// every refused sign-in asks for it: each write that changes a hash, and a workspace import's bulk
// delete, must make it read again.
import { afterEach, beforeEach, expect, it } from 'vitest'
import { importWorkspace } from '../../src/lab/workspace-io'
import { createHashPool } from '../../src/server/credentials/hash-pool'
import { IN_MEMORY, openStore, type Store } from '../../src/store/index'

let store: Store
beforeEach(() => {
  store = openStore(IN_MEMORY)
})
afterEach(() => store.close())

/** A hash string of `cost`: only its prefix matters here. */
const hashOf = (cost: number) => `$2b$${String(cost).padStart(2, '0')}$${'x'.repeat(53)}`
const user = (username: string, cost: number) => ({
  username,
  passwordHash: hashOf(cost),
  disabled: false,
  claims: {},
  requiresMfa: false,
  passwordExpired: false,
})

it('users: follows inserts, password changes and deletes', () => {
  expect(store.users.commonHashPrefix()).toBeNull()
  store.users.insert(user('a', 4))
  expect(store.users.commonHashPrefix()).toBe('$2b$04$')
  store.users.insert(user('b', 12))
  store.users.insert(user('c', 12))
  expect(store.users.commonHashPrefix()).toBe('$2b$12$')
  store.users.setPasswordHash('b', hashOf(4))
  expect(store.users.commonHashPrefix()).toBe('$2b$04$')
  store.users.delete('a')
  store.users.delete('b')
  expect(store.users.commonHashPrefix()).toBe('$2b$12$')
})

it('a workspace import that replaces every user and client is read again, even with none left', async () => {
  store.users.insert(user('a', 12))
  expect(store.users.commonHashPrefix()).toBe('$2b$12$')
  const pool = createHashPool({ threads: 1 })
  try {
    await importWorkspace(store, pool, { version: 1, settings: { bcryptCost: 4 } })
  } finally {
    await pool.close()
  }
  expect(store.users.commonHashPrefix()).toBeNull()
  expect(store.clients.commonHashPrefix()).toBeNull()
})
