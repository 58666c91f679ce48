// The exchange log keeps the newest `exchangeRetention` exchanges (ExchangesRepo.prune), on a real SQLite file:
// exactly that many, the newest ones, after any number of prunes, after a clear, and after a group of inserts
// rolled back (whose seqs the next inserts take again).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { openStore, type Store } from '../../src/store/index'
import { makeExchange } from '../helpers/exchange-fixtures'

let dir: string
let store: Store
let next = 0
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-retention-'))
  store = openStore(join(dir, 'lab.db'))
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Inserts `n` exchanges with increasing ids; returns their ids, oldest first. */
function insert(n: number): string[] {
  const ids = Array.from({ length: n }, () => `ex-${String(next++).padStart(6, '0')}`)
  store.transaction(() => ids.forEach((id) => store.exchanges.insert(makeExchange({ id }))))
  return ids
}

/** The ids the log holds, oldest first. */
const kept = () =>
  store.exchanges
    .list({}, 100_000, 0)
    .items.map((e) => e.id)
    .reverse()

it('keeps exactly the newest `retain` exchanges, prune after prune', () => {
  const ids = insert(250)
  expect(store.exchanges.prune(100)).toBe(150)
  expect(kept()).toEqual(ids.slice(150))
  const more = insert(30)
  expect(store.exchanges.prune(100)).toBe(30)
  expect(kept()).toEqual([...ids, ...more].slice(-100))
  expect(store.exchanges.prune(100)).toBe(0)
  expect(store.exchanges.prune(1_000)).toBe(0)
  expect(kept()).toHaveLength(100)
})

it('after a clear, and after inserts rolled back, still the newest `retain`', () => {
  insert(40)
  store.exchanges.clear()
  const afterClear = insert(15)
  expect(store.exchanges.prune(10)).toBe(5)
  expect(kept()).toEqual(afterClear.slice(5))
  expect(() =>
    store.transaction(() => {
      insert(20)
      throw new Error('rolled back')
    }),
  ).toThrow('rolled back')
  const afterRollback = insert(12)
  expect(store.exchanges.prune(10)).toBe(12)
  expect(kept()).toEqual(afterRollback.slice(2))
})
