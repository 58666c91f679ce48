// The data folder and the database hold the JWT signing key, the TLS key, hashes and the exchange
// log: the folder is 0700, the database files (db, WAL, SHM) 0600, also when they were left looser,
// and every export the CLI writes is 0600. POSIX modes: skipped on Windows, where they do not apply.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultDbPath } from '../../src/lab/paths'
import { openStore } from '../../src/store/index'
import { assertCliBuilt, runCli } from '../helpers/cli-process'

const posix = process.platform !== 'win32'
const mode = (path: string) => statSync(path).mode & 0o777
const dbFiles = (db: string) => [db, `${db}-wal`, `${db}-shm`]

let dir: string
// A umask that would leave group and others able to read what is not made private on purpose.
let umask: number
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-modes-'))
  umask = process.umask(0o022)
})
afterAll(() => {
  process.umask(umask)
  rmSync(dir, { recursive: true, force: true })
})

describe.runIf(posix)('database files', () => {
  it('a new database: its new folder is 0700, the db, WAL and SHM 0600', async () => {
    const db = join(dir, 'fresh', 'nested', 'lab.db')
    const store = openStore(db)
    try {
      store.settings.update({ bcryptCost: 5 })
      expect(mode(join(dir, 'fresh', 'nested'))).toBe(0o700)
      for (const f of dbFiles(db)) {
        expect(existsSync(f), f).toBe(true)
        expect(mode(f), f).toBe(0o600)
      }
    } finally {
      await store.close()
    }
  })

  it('an existing database left world-readable is made 0600 on open (db, WAL and SHM)', async () => {
    const db = join(dir, 'loose.db')
    const first = openStore(db)
    try {
      first.settings.update({ bcryptCost: 5 })
      for (const f of dbFiles(db)) chmodSync(f, 0o644)
      const second = openStore(db)
      await second.close()
      for (const f of dbFiles(db)) expect(mode(f), f).toBe(0o600)
    } finally {
      await first.close()
    }
  })

  it('the default data folder is 0700, also when it exists with a looser mode', () => {
    const home = join(dir, 'home')
    mkdirSync(home, { mode: 0o755 })
    chmodSync(home, 0o755)
    const db = defaultDbPath({ ROPC_LAB_HOME: home })
    expect(db).toBe(join(home, 'ropc-lab.db'))
    expect(mode(home)).toBe(0o700)
  })
})

describe.runIf(posix)('files the CLI writes', () => {
  it('history --out writes 0600 (JSON and HAR)', async () => {
    assertCliBuilt()
    const db = join(dir, 'history.db')
    const store = openStore(db)
    await store.close()
    for (const format of ['json', 'har']) {
      const out = join(dir, `history.${format}`)
      const run = await runCli(['history', '--db', db, '--format', format, '--out', out], { ROPC_LAB_HOME: dir })
      expect(run.code, run.stderr).toBe(0)
      expect(mode(out)).toBe(0o600)
    }
  })
})
