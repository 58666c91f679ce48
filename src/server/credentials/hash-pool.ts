// bcrypt off the event loop (architecture.md "Performance shape"): hashing and comparing run on a
// small piscina worker pool, so the UI, discovery and introspection stay responsive while the token
// endpoint is under load. bcryptjs's own async API does not help here: it runs on the same thread.

import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { Piscina } from 'piscina'
import { HASH_POOL_MAX_DEFAULT_THREADS, HASH_QUEUE_LIMIT } from '../../shared/limits'

export interface HashPool {
  /** bcrypt-hash `plaintext` at `cost` with a fresh salt. */
  hash(plaintext: string, cost: number): Promise<string>
  /**
   * Compare `plaintext` to a stored bcrypt hash; `ms` is wall time including time queued for a worker.
   * Rejects with HashPoolBusyError, at once, when `queueLimit` compares already wait for a worker.
   */
  compare(plaintext: string, hash: string): Promise<{ match: boolean; ms: number }>
  /** true when a compare asked now would be refused (checked before an attempt is counted). */
  saturated(): boolean
  /** Finish queued work, stop the workers; later calls reject. Idempotent. */
  close(): Promise<void>
}

export interface HashPoolOptions {
  /** Worker threads. Default: `os.availableParallelism()` clamped to 1..4. */
  threads?: number
  /** Compares that may wait for a busy worker, beyond one running per thread. Default HASH_QUEUE_LIMIT. */
  queueLimit?: number
}

/**
 * Every worker is busy and `queueLimit` compares wait already. Without a bound a burst of requests
 * (each sure to pay one compare: a wrong secret, an unknown user) queued without end: every later
 * request, a valid one too, waited behind the whole burst, and each waiting request kept its
 * connection and body. The endpoint answers it with 503 and Retry-After (RFC 9110 §15.6.4).
 */
export class HashPoolBusyError extends Error {
  constructor() {
    super('every bcrypt worker is busy and the queue is full')
    this.name = 'HashPoolBusyError'
  }
}

/**
 * A fixed bcrypt hash (cost 10) of a random string nobody knows, generated once and pasted here.
 * Comparing against it costs the same as a real cost-10 compare and never matches, so an unknown
 * user or client still pays one hash: the response time is no oracle for "does this account exist"
 * (RFC 6749 §10.7 / §4.3.2 brute-force protection, architecture.md "Performance shape").
 */
export const DUMMY_HASH = '$2b$10$uzp9oeJbf/ysY7q59vNl/uqPebOQ5VO7ALnrIW02ekrbVJR5MnMKS'

const WORKER_FILE = 'hash-worker.js'

/**
 * Where the worker lives: next to this module when run from source (src/server/credentials/) or
 * when bundled into out/main/index.js; one level up when the bundler put this module into a chunk
 * (out/main/chunks/) while the worker is its own entry out/main/hash-worker.js.
 */
export function resolveHashWorkerFile(moduleUrl: string = import.meta.url): string {
  const here = dirname(fileURLToPath(moduleUrl))
  const candidates = [join(here, WORKER_FILE), join(here, '..', WORKER_FILE)]
  for (const candidate of candidates) {
    if (existsSync(candidate)) return candidate
  }
  throw new Error(`bcrypt worker ${WORKER_FILE} not found; tried: ${candidates.join(', ')}`)
}

function defaultThreads(): number {
  return Math.max(1, Math.min(HASH_POOL_MAX_DEFAULT_THREADS, availableParallelism()))
}

export function createHashPool(options: HashPoolOptions = {}): HashPool {
  const threads = options.threads ?? defaultThreads()
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(`createHashPool: threads must be a positive integer, got ${String(threads)}`)
  }
  const queueLimit = options.queueLimit ?? HASH_QUEUE_LIMIT
  if (!Number.isInteger(queueLimit) || queueLimit < 0) {
    throw new RangeError(`createHashPool: queueLimit must be a non-negative integer, got ${String(queueLimit)}`)
  }
  const piscina = new Piscina({
    filename: resolveHashWorkerFile(),
    // Every thread from the start: spawning one on the first burst would show up as hash time.
    minThreads: threads,
    maxThreads: threads,
    // Keep idle workers a while: spawning one costs tens of ms, which would show up as hash time.
    idleTimeout: 60_000,
  })
  let closed = false
  let closing: Promise<void> | undefined
  /**
   * Compares asked and not finished: running on a worker or queued for one. Counted here rather than with
   * piscina's maxQueue, which would bound hash() too (an import's hashes must all run) and reject with a plain
   * Error the endpoints could not tell from a worker's failure.
   */
  let pending = 0
  const saturated = (): boolean => pending >= threads + queueLimit

  const closedError = (): Error => new Error('hash pool is closed')

  return {
    async hash(plaintext, cost) {
      if (closed) throw closedError()
      return (await piscina.run({ plaintext, cost }, { name: 'hash' })) as string
    },
    async compare(plaintext, hash) {
      if (closed) throw closedError()
      // Checked and counted before the first await, so concurrent callers cannot all pass the check.
      if (saturated()) throw new HashPoolBusyError()
      pending++
      const started = performance.now()
      try {
        const match = (await piscina.run({ plaintext, hash }, { name: 'compare' })) as boolean
        return { match, ms: performance.now() - started }
      } finally {
        pending--
      }
    },
    saturated,
    close() {
      closed = true
      closing ??= piscina.close()
      return closing
    },
  }
}

/**
 * Pay one compare against DUMMY_HASH, for an unknown user or client, so that path costs the same as
 * a wrong password (RFC 6749 §4.3.2: all failures look alike, including in timing). Never matches.
 */
export async function compareWithDummy(pool: HashPool, plaintext: string): Promise<{ match: false; ms: number }> {
  const { ms } = await pool.compare(plaintext, DUMMY_HASH)
  return { match: false, ms }
}
