// Group commit for the token server's writes. A SQLite commit costs far more than the rows it
// writes (WAL frames and the shared-memory index are written on every commit), so the writes of
// every request handled in one turn of the event loop — issued tokens, rotations, lockout counts,
// revocations and the exchange records — share one transaction, committed right after that turn
// (setImmediate). Responses are released by `afterCommit`, so nothing is answered before what it
// reports is durable: a client that has its token can use it, and can read its exchange.
//
// Safe with the synchronous store: better-sqlite3's db.transaction() nested inside the open
// transaction becomes a savepoint, so a write that fails rolls back alone.
import type { Database } from 'better-sqlite3'

export class GroupCommit {
  #open = false
  #waiting: Array<(committed: boolean) => void> = []
  #failures = 0

  constructor(private readonly db: Database) {}

  /** Runs `fn` (synchronous store writes) inside the current group transaction. */
  write<T>(fn: () => T): T {
    this.#ensureOpen()
    return fn()
  }

  /** `then(committed)` runs once everything written so far is committed (or rolled back). */
  afterCommit(then: (committed: boolean) => void): void {
    this.#ensureOpen()
    this.#waiting.push(then)
  }

  /**
   * Resolves once everything written so far is committed (true) or rolled back (false); at once when no group
   * transaction is open. A caller's own `store.transaction` run while a group is open is only a savepoint of it:
   * whoever acknowledges such a write (a LabApi handler) waits for this first.
   */
  settled(): Promise<boolean> {
    if (!this.#open) return Promise.resolve(true)
    return new Promise((resolve) => this.#waiting.push(resolve))
  }

  #ensureOpen(): void {
    if (this.#open) return
    // Someone else's transaction is running us (a synchronous caller inside db.transaction):
    // join it; our callbacks then run after our own empty turn commits nothing of theirs.
    if (!this.db.inTransaction) this.db.exec('BEGIN')
    this.#open = true
    setImmediate(this.#commit)
  }

  readonly #commit = (): void => {
    let committed = true
    if (this.db.open && this.db.inTransaction) {
      try {
        this.db.exec('COMMIT')
      } catch (err) {
        committed = false
        try {
          this.db.exec('ROLLBACK')
        } catch {
          // Already rolled back by SQLite.
        }
        if (this.#failures++ === 0) {
          console.error(`ropc-lab: a group commit failed: ${err instanceof Error ? err.message : String(err)}`)
        }
      }
    } else if (!this.db.open) {
      committed = false
    }
    this.#open = false
    const waiting = this.#waiting
    this.#waiting = []
    for (const then of waiting) then(committed)
  }
}
