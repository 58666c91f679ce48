// A LabApi call answers only once what it wrote is durable. The handlers write in synchronous store transactions;
// while the token server's group transaction is open (a request in flight), such a transaction is a savepoint of it
// and reaches the disk at the group's commit, a moment later. Answering before that would acknowledge a workspace
// import, a new client or a changed password that a crash in between loses.
import type { LabHandlers, LabMethod } from '../shared/lab-api'

export function durableHandlers(handlers: LabHandlers, settled: () => Promise<boolean>): LabHandlers {
  const wrapped: Partial<Record<LabMethod, (input: never) => Promise<unknown>>> = {}
  for (const method of Object.keys(handlers) as LabMethod[]) {
    const handler = handlers[method] as (input: never) => Promise<unknown>
    wrapped[method] = async (input) => {
      const output = await handler(input)
      if (!(await settled())) throw new Error('the change could not be stored')
      return output
    }
  }
  return wrapped as LabHandlers
}
