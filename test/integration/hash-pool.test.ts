import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { getRounds } from 'bcryptjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  compareWithDummy,
  createHashPool,
  DUMMY_HASH,
  HashPoolBusyError,
  resolveHashWorkerFile,
  type HashPool,
} from '../../src/server/credentials/hash-pool'
import { verifyPassword, verifySecret } from '../../src/server/credentials/credentials'
import { SecretVerificationCache } from '../../src/server/credentials/secret-cache'
import { HASH_QUEUE_LIMIT } from '../../src/shared/limits'

const BCRYPT = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/

describe('hash pool (bcrypt on worker threads)', () => {
  let pool: HashPool

  beforeAll(() => {
    pool = createHashPool({ threads: 2 })
  })
  afterAll(async () => {
    await pool.close()
  })

  it('hashes with the requested cost and compares (cost 4)', async () => {
    const hash = await pool.hash('correct horse', 4)
    expect(hash).toMatch(BCRYPT)
    expect(getRounds(hash)).toBe(4)
    expect(await pool.compare('correct horse', hash)).toMatchObject({ match: true })
    expect(await pool.compare('correct horsE', hash)).toMatchObject({ match: false })
  })

  it('hashes and compares non-ASCII passwords (RFC 6749 §3.2: passwords are any Unicode)', async () => {
    const hash = await pool.hash('pässwörd ✓', 4)
    expect((await pool.compare('pässwörd ✓', hash)).match).toBe(true)
    expect((await pool.compare('passwörd ✓', hash)).match).toBe(false)
  })

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([pool.hash('same', 4), pool.hash('same', 4)])
    expect(a).not.toBe(b)
  })

  it('reports the wall time of a cost-10 compare', async () => {
    const hash = await pool.hash('ten rounds', 10)
    expect(getRounds(hash)).toBe(10)
    const result = await pool.compare('ten rounds', hash)
    expect(result.match).toBe(true)
    // bcryptjs at cost 10 is ~60 ms here; anything under a few ms would mean nothing was hashed.
    expect(result.ms).toBeGreaterThan(5)
  })

  it('rejects a cost outside 4..31 with a clear error', async () => {
    await expect(pool.hash('x', 3)).rejects.toThrow(/cost must be an integer between 4 and 31/)
  })

  it('keeps the event loop free while compares run (bcryptjs would block it for a whole compare)', async () => {
    // Cost 12 (~240 ms a compare): on the event loop, one compare alone would stop the timer for
    // its whole duration. On the pool the timer keeps ticking. The bound is relative to the
    // compare time measured in the same run, so a loaded CI machine slows both sides alike.
    const hash = await pool.hash('busy', 12)
    let last = performance.now()
    let maxGap = 0
    let ticks = 0
    const timer = setInterval(() => {
      const now = performance.now()
      maxGap = Math.max(maxGap, now - last)
      last = now
      ticks++
    }, 5)
    let results: Array<{ match: boolean; ms: number }>
    try {
      last = performance.now()
      results = await Promise.all([1, 2].map(() => pool.compare('busy', hash)))
    } finally {
      clearInterval(timer)
    }
    expect(results.every((r) => r.match)).toBe(true)
    const shortestCompare = Math.min(...results.map((r) => r.ms))
    expect(ticks).toBeGreaterThan(5)
    expect(maxGap).toBeLessThan(shortestCompare / 2)
  })
})

describe('DUMMY_HASH (no timing oracle for unknown users and clients)', () => {
  it('RFC 6749 §4.3.2: is a valid cost-10 bcrypt hash, like a real stored one', () => {
    expect(DUMMY_HASH).toMatch(BCRYPT)
    expect(getRounds(DUMMY_HASH)).toBe(10)
  })

  it('RFC 6749 §4.3.2: compareWithDummy pays one real compare and never matches', async () => {
    const pool = createHashPool({ threads: 1 })
    try {
      const result = await compareWithDummy(pool, 'anything')
      expect(result.match).toBe(false)
      expect(result.ms).toBeGreaterThan(5)
    } finally {
      await pool.close()
    }
  })
})

describe('a bounded queue (HASH_QUEUE_LIMIT)', () => {
  it('refuses a compare at once with HashPoolBusyError when every thread is busy and the queue is full; accepts again once it drains', async () => {
    const pool = createHashPool({ threads: 1, queueLimit: 2 })
    try {
      const hash = await pool.hash('slow', 10)
      // One running, two waiting: the fourth is refused before any work, the first three complete.
      const accepted = [1, 2, 3].map(() => pool.compare('slow', hash))
      expect(pool.saturated()).toBe(true)
      const started = performance.now()
      await expect(pool.compare('slow', hash)).rejects.toBeInstanceOf(HashPoolBusyError)
      expect(performance.now() - started).toBeLessThan(50)
      expect((await Promise.all(accepted)).every((r) => r.match)).toBe(true)
      expect(pool.saturated()).toBe(false)
      expect((await pool.compare('slow', hash)).match).toBe(true)
    } finally {
      await pool.close()
    }
  })

  it('is HASH_QUEUE_LIMIT by default', async () => {
    const pool = createHashPool({ threads: 1 })
    try {
      const hash = await pool.hash('x', 4)
      const accepted = Array.from({ length: 1 + HASH_QUEUE_LIMIT }, () => pool.compare('x', hash))
      expect(pool.saturated()).toBe(true)
      await expect(pool.compare('x', hash)).rejects.toBeInstanceOf(HashPoolBusyError)
      await Promise.all(accepted)
    } finally {
      await pool.close()
    }
  })
})

describe('closing the pool', () => {
  it('rejects later calls with a clear error, and close is idempotent', async () => {
    const pool = createHashPool({ threads: 1 })
    const hash = await pool.hash('x', 4)
    await pool.close()
    await pool.close()
    await expect(pool.hash('x', 4)).rejects.toThrow('hash pool is closed')
    await expect(pool.compare('x', hash)).rejects.toThrow('hash pool is closed')
    await expect(compareWithDummy(pool, 'x')).rejects.toThrow('hash pool is closed')
  })

  it('lets work already queued finish', async () => {
    const pool = createHashPool({ threads: 1 })
    const pending = pool.hash('queued', 4)
    await pool.close()
    expect(await pending).toMatch(BCRYPT)
  })
})

describe('locating hash-worker.js', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ropc-hash-worker-'))
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('finds it next to the module when run from source', () => {
    expect(resolveHashWorkerFile()).toMatch(/src[/\\]server[/\\]credentials[/\\]hash-worker\.js$/)
  })

  it('finds it one directory up when the module is bundled into out/main/chunks/', () => {
    mkdirSync(join(dir, 'main', 'chunks'), { recursive: true })
    writeFileSync(join(dir, 'main', 'hash-worker.js'), '')
    const moduleUrl = pathToFileURL(join(dir, 'main', 'chunks', 'hash-pool-abc.js')).href
    expect(resolveHashWorkerFile(moduleUrl)).toBe(join(dir, 'main', 'hash-worker.js'))
  })

  it('loads through require() as a plain namespace: no default export, so Node builds no facade for it', () => {
    // piscina require()s the worker before it tries import(); on Node 20.19+ an ES module with a default export
    // gets a facade there, and building it aborted the whole process now and then.
    const requireHere = createRequire(import.meta.url)
    const built = fileURLToPath(new URL('../../out/main/hash-worker.js', import.meta.url))
    for (const file of [resolveHashWorkerFile(), ...(existsSync(built) ? [built] : [])]) {
      const worker = requireHere(file) as Record<string, unknown>
      expect(Object.keys(worker), file).not.toContain('default')
      expect(Object.keys(worker), file).not.toContain('__esModule')
      expect(typeof worker.hash, file).toBe('function')
      expect(typeof worker.compare, file).toBe('function')
    }
  })

  it('fails naming every place it tried', () => {
    mkdirSync(join(dir, 'empty', 'chunks'), { recursive: true })
    const moduleUrl = pathToFileURL(join(dir, 'empty', 'chunks', 'x.js')).href
    expect(() => resolveHashWorkerFile(moduleUrl)).toThrow(
      `tried: ${join(dir, 'empty', 'chunks', 'hash-worker.js')}, ${join(dir, 'empty', 'hash-worker.js')}`,
    )
  })
})

describe('verifySecret / verifyPassword', () => {
  let pool: HashPool
  let secretHash: string
  let passwordHash: string

  beforeAll(async () => {
    pool = createHashPool({ threads: 2 })
    ;[secretHash, passwordHash] = await Promise.all([pool.hash('s3cret', 4), pool.hash('pw', 4)])
  })
  afterAll(async () => {
    await pool.close()
  })

  it('RFC 6749 §2.3.1: a client secret costs one hash, then is answered from the cache', async () => {
    const cache = new SecretVerificationCache()
    const first = await verifySecret(pool, cache, 'app', 's3cret', secretHash)
    expect(first).toMatchObject({ match: true, cached: false })
    const second = await verifySecret(pool, cache, 'app', 's3cret', secretHash)
    expect(second).toEqual({ match: true, ms: 0, cached: true })
  })

  it('RFC 6749 §2.3.1: a wrong secret is never cached (every guess pays a hash)', async () => {
    const cache = new SecretVerificationCache()
    expect(await verifySecret(pool, cache, 'app', 'guess', secretHash)).toMatchObject({ match: false, cached: false })
    expect(await verifySecret(pool, cache, 'app', 'guess', secretHash)).toMatchObject({ match: false, cached: false })
    expect(cache.size).toBe(0)
  })

  it('RFC 6749 §4.3.2: verifies a password, case-sensitively', async () => {
    expect((await verifyPassword(pool, 'pw', passwordHash)).match).toBe(true)
    expect((await verifyPassword(pool, 'PW', passwordHash)).match).toBe(false)
  })
})

describe('bcrypt worker priority', () => {
  it.skipIf(process.platform !== 'linux')(
    'runs bcrypt at nice 10 on Linux, leaving the event loop thread at its own priority',
    async () => {
      const { Piscina } = await import('piscina')
      const { getPriority } = await import('node:os')
      const before = getPriority()
      const pool = new Piscina({ filename: resolveHashWorkerFile(), maxThreads: 1 })
      try {
        expect(await pool.run(undefined, { name: 'threadPriority' })).toBe(Math.max(before, 10))
        expect(getPriority()).toBe(before)
      } finally {
        await pool.destroy()
      }
    },
  )
})
