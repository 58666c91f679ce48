import BetterSqlite3 from 'better-sqlite3'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BACKSTOP_AUTOCHECKPOINT_PAGES } from '../../src/store/background-checkpoint'
import { openStore } from '../../src/store/index'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-ckpt-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const walSize = (path: string) => (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0)

describe('WAL checkpoints on a worker thread', () => {
  it('keeps the WAL small while commits go on, though the main connection would wait for 40 MiB', async () => {
    const path = join(dir, 'lab.db')
    const store = openStore(path)
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_AUTOCHECKPOINT_PAGES)
    const insert = store.db.prepare("INSERT INTO settings (key, value) VALUES (?, ?)")
    const blob = JSON.stringify('x'.repeat(200_000))
    let largest = 0
    // 60 commits of ~200 KB (12 MB in all), with pauses like a busy server's: without the worker
    // nothing would checkpoint before 40 MiB and the WAL would hold all 12 MB.
    for (let i = 0; i < 60; i++) {
      insert.run(`k${i}`, blob)
      largest = Math.max(largest, walSize(path))
      await sleep(25)
    }
    expect(largest).toBeLessThan(6 * 1024 * 1024)
    await store.close()
    const check = new BetterSqlite3(path, { readonly: true })
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok')
    expect((check.prepare('SELECT COUNT(*) AS n FROM settings').get() as { n: number }).n).toBe(60)
    check.close()
  })

  it('close() stops the worker and leaves a consistent database that opens again', async () => {
    const path = join(dir, 'again.db')
    const first = openStore(path)
    first.scopes.upsert({ name: 'read', description: '', default: true })
    await first.close()
    await first.close()
    const second = openStore(path)
    expect(second.scopes.list()).toEqual([{ name: 'read', description: '', default: true }])
    await second.close()
  })
})
