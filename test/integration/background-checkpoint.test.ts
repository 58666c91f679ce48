import BetterSqlite3 from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
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

describe('WAL checkpoints on a worker thread', () => {
  it('copies committed pages into the database file while the main connection would still wait for 40 MiB', async () => {
    const path = join(dir, 'lab.db')
    const store = openStore(path)
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_AUTOCHECKPOINT_PAGES)
    const insert = store.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)')
    const blob = JSON.stringify('x'.repeat(200_000))
    const before = statSync(path).size
    // 60 commits of ~200 KB: 12 MB, far below the backstop. Only a checkpoint moves pages from the
    // WAL into the database file, so the file grows only if the worker checkpoints. Polled, not
    // timed: a loaded machine delays the worker but does not stop it.
    for (let i = 0; i < 60; i++) insert.run(`k${i}`, blob)
    const deadline = Date.now() + 10_000
    while (statSync(path).size < before + 10_000_000 && Date.now() < deadline) await sleep(50)
    expect(statSync(path).size).toBeGreaterThan(before + 10_000_000)
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

  it('close() right after open, in a script whose last step awaits it, lets the script finish even when the worker cannot start', () => {
    // An ES-module `-e` script: the eval'd CommonJS worker fails there ("require is not defined"), and the
    // unref'd worker used to let node end the script before close() resolved (exit 13, an unfinished
    // top-level await): the certificate test of the renderer failed that way now and then.
    const script = [
      "import { openStore } from './src/store/index.ts'",
      'const store = openStore(process.argv[1])',
      'await store.close()',
      "console.log('closed')",
    ].join('\n')
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script, join(dir, 'script.db')],
      { encoding: 'utf8', timeout: 30_000 },
    )
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('closed')
  })
})
