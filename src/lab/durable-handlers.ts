// A LabApi call answers only once what it wrote is durable. The handlers write in synchronous store transactions;
// while the token server's group transaction is open (a request in flight), such a transaction is a savepoint of it
// and reaches the disk at the group's commit, a moment later. Answering before that would acknowledge a workspace
// import, a new client or a changed password that a crash in between loses.
//
// A call that wrote nothing (a list, a get, a report) has nothing to make durable: it answers at once, and a failed
// group commit of the token server's own writes is not its failure. The connection's change counter says whether a
// write happened while the call ran (a token request in the meantime only makes a read wait, never skip a write).
import type { LabHandlers, LabMethod } from '../shared/lab-api'

export interface Durability {
  /** Resolves once every write so far is committed (true) or rolled back (false). */
  settled(): Promise<boolean>
  /** The connection's count of rows written so far (SQLite total_changes()). */
  changes(): number
}

export function durableHandlers(handlers: LabHandlers, durability: Durability): LabHandlers {
  const wrapped: Partial<Record<LabMethod, (input: never) => Promise<unknown>>> = {}
  for (const method of Object.keys(handlers) as LabMethod[]) {
    const handler = handlers[method] as (input: never) => Promise<unknown>
    wrapped[method] = async (input) => {
      const before = durability.changes()
      const output = await handler(input)
      if (durability.changes() === before) return output
      if (!(await durability.settled())) throw new Error('the change could not be stored')
      return output
    }
  }
  return wrapped as LabHandlers
}
