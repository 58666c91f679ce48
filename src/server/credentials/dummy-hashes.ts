// Timing parity for unknown users and clients (RFC 6749 §4.3.2 / §10.7): they pay one
// bcrypt compare against a hash nobody knows. The compare must cost what a real one costs, so the
// dummy must have the cost the real hashes have (settings.bcryptCost): the shared DUMMY_HASH is
// cost 10, which would be an oracle as soon as the workspace uses another cost (4 in tests, 12
// for a hardened demo). A dummy per cost is made once, on the worker pool, at listen().
import { randomBytes } from 'node:crypto'
import { compareWithDummy, DUMMY_HASH, type HashPool } from './hash-pool'

/** A bcrypt hash's cost (`$2b$10$…` → 10), or null when there is none bcrypt can compare with. */
function hashCost(hash: string | null): number | null {
  const match = hash === null ? null : /^\$2[aby]\$(\d{2})\$/.exec(hash)
  const cost = match ? Number(match[1]) : NaN
  return cost >= 4 && cost <= 31 ? cost : null
}

const DUMMY_COST = hashCost(DUMMY_HASH)!

/**
 * The cost a dummy compare must have to look like the real one it stands for: the cost of `hash` (a
 * stored hash, or the start most stored hashes share), else `fallback` (the bcryptCost setting).
 */
export function dummyCost(hash: string | null, fallback: number): number {
  return hashCost(hash) ?? fallback
}

export class DummyHashes {
  readonly #byCost = new Map<number, Promise<string>>()

  constructor(private readonly pool: HashPool) {}

  /** Make the dummy for `cost` ahead of the first request that needs it. */
  prepare(cost: number): Promise<void> {
    if (cost === DUMMY_COST) return Promise.resolve()
    return this.#dummy(cost).then(() => undefined)
  }

  /** One compare that never matches, at `cost`. */
  async compare(plaintext: string, cost: number): Promise<{ match: false; ms: number }> {
    if (cost === DUMMY_COST) return compareWithDummy(this.pool, plaintext)
    const hash = await this.#dummy(cost)
    const { ms } = await this.pool.compare(plaintext, hash)
    return { match: false, ms }
  }

  #dummy(cost: number): Promise<string> {
    let pending = this.#byCost.get(cost)
    if (!pending) {
      pending = this.pool.hash(randomBytes(24).toString('base64'), cost)
      this.#byCost.set(cost, pending)
      pending.catch(() => this.#byCost.delete(cost))
    }
    return pending
  }
}
