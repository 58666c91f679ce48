// What the rest of the renderer talks to: one typed call and one event subscription. Both
// transports (IPC in Electron, HTTP in the browser) and the tests' fake implement it.
import {
  LabError,
  type LabEventName,
  type LabEvents,
  type LabInput,
  type LabMethod,
  type LabOutput,
  type LabResult,
} from '../../shared/lab-api'

export type Unsubscribe = () => void

export type LabEventListener<E extends LabEventName> = (payload: LabEvents[E]) => void

export interface LabClient {
  /** Resolves with the call's output or rejects with a `LabError`. */
  call<M extends LabMethod>(method: M, input: LabInput<M>): Promise<LabOutput<M>>
  on<E extends LabEventName>(event: E, listener: LabEventListener<E>): Unsubscribe
  /**
   * Called when live events resume after a gap (the browser's event stream reconnected): what
   * happened meanwhile was not announced, so the listener reloads. IPC never has such a gap.
   */
  onResync?(listener: () => void): Unsubscribe
}

/** A tagged result (what crosses a bridge) becomes a value or a thrown LabError. */
export function unwrapResult<T>(result: LabResult<T>): T {
  if (result.ok) return result.data
  throw LabError.fromShape(result.error)
}
