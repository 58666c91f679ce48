// bcrypt worker for the piscina pool in ./hash-pool.ts.
//
// Plain JavaScript on purpose: the same file is loaded in a worker thread from source (under vitest,
// where no TypeScript loader exists inside the worker) and, once bundled by electron-vite, as its own
// entry `out/main/hash-worker.js`.
//
// The *sync* bcryptjs functions are used deliberately: bcryptjs's async API only slices the work into
// chunks on the same thread and still stalls the event loop (stack notes: eight concurrent async
// compares stall it ~0.5 s). Here the worker thread is what keeps the main event loop free.

import { compareSync, genSaltSync, hashSync } from 'bcryptjs'
import { createHash } from 'node:crypto'
import { getPriority, setPriority } from 'node:os'

/** bcrypt reads this many bytes of its input and ignores the rest. */
export const BCRYPT_MAX_BYTES = 72
/**
 * Marks a pre-hashed input. It starts with U+0001, which no password (RFC 6749 Appendix A.16:
 * UNICODECHARNOCRLF) and no client secret (Appendix A.2: VSCHAR) may contain, so a pre-hash can never
 * equal an input given as is.
 */
const PREHASH_PREFIX = '\u0001sha256:'

/**
 * What bcrypt is given for a password or secret. Up to 72 UTF-8 bytes: the value itself, so every
 * hash stored before pre-hashing still verifies. Longer: a SHA-256 digest of every byte (45 bytes),
 * so a tail past the 72nd byte is no longer ignored (a password of 72 `A`s and any tail used to
 * sign in). See SECURITY.md for why pre-hash rather than refuse.
 * @param {string} plaintext
 * @returns {string}
 */
export function bcryptInput(plaintext) {
  const bytes = Buffer.from(plaintext, 'utf8')
  if (bytes.length <= BCRYPT_MAX_BYTES) return plaintext
  return PREHASH_PREFIX + createHash('sha256').update(bytes).digest('base64')
}

// On Linux a thread's nice value is its own: at nice 10 the bcrypt threads still take every idle
// cycle, but the event loop (discovery, introspection, the UI) runs at once when a request comes
// in, instead of queueing behind two compares for a scheduler slice. Elsewhere setpriority would
// lower the whole process, so it is left alone there.
export const WORKER_NICE = 10
if (process.platform === 'linux') {
  try {
    setPriority(WORKER_NICE)
  } catch {
    // Not permitted here: run at normal priority.
  }
}

/**
 * The nice value of this worker thread (for tests).
 * @returns {number}
 */
export function threadPriority() {
  return getPriority()
}

/**
 * @typedef {object} HashTask
 * @property {string} plaintext  the secret or password to hash
 * @property {number} cost       bcrypt cost (log2 rounds), 4..31
 */

/**
 * @typedef {object} CompareTask
 * @property {string} plaintext  the presented secret or password
 * @property {string} hash       the stored bcrypt hash
 */

/**
 * Hash a plaintext with a fresh salt.
 * @param {HashTask} task
 * @returns {string} the bcrypt hash (`$2b$...`)
 */
export function hash({ plaintext, cost }) {
  if (typeof plaintext !== 'string') throw new TypeError('hash: plaintext must be a string')
  if (!Number.isInteger(cost) || cost < 4 || cost > 31) {
    throw new RangeError(`hash: cost must be an integer between 4 and 31, got ${String(cost)}`)
  }
  return hashSync(bcryptInput(plaintext), genSaltSync(cost))
}

/**
 * Compare a plaintext against a stored bcrypt hash.
 * @param {CompareTask} task
 * @returns {boolean} true when the plaintext matches
 */
export function compare({ plaintext, hash: stored }) {
  if (typeof plaintext !== 'string' || typeof stored !== 'string') {
    throw new TypeError('compare: plaintext and hash must be strings')
  }
  return compareSync(bcryptInput(plaintext), stored)
}

// No default export: piscina loads this file with require() first, and on Node 20.19+ require() of an ES module
// with a default export builds a facade module, which now and then aborted the whole process
// ("Assertion failed: facade->InstantiateModule" in CreateRequiredModuleFacade). The pool always names the
// export it calls (`hash`, `compare`).
