// A small in-memory Lab for the bridge tests (IPC, HTTP): a test passes only the handlers it needs;
// every call that gets past validation is recorded with its (already validated) input, and a method
// the test did not implement rejects with a LabError that says so. Events are emitted by hand with `emit`.
import {
  LAB_METHODS,
  LabError,
  type LabEventName,
  type LabEvents,
  type LabHandlers,
  type LabMethod,
  type ServerStatus,
} from '../../src/shared/lab-api'
import type { Lab, LabEventSource, StartOptions } from '../../src/lab/lab-types'

export interface FakeLab extends Lab {
  /** Every handler call, in order, with the input the handler received (after zod). */
  calls: Array<{ method: LabMethod; input: unknown }>
  /** The status `start` set (not running until then), for a test's own `server.status`. */
  readonly status: ServerStatus
  emit<E extends LabEventName>(event: E, payload: LabEvents[E]): void
  /** How many listeners are subscribed to an event right now. */
  listenerCount(event: LabEventName): number
  closed: boolean
}

export function notImplemented(method: LabMethod): LabError {
  return new LabError('internal', `${method} is not provided by this fake lab (pass it to createFakeLab)`)
}

export function createFakeLab(implemented: Partial<LabHandlers> = {}): FakeLab {
  const calls: FakeLab['calls'] = []
  const listeners = new Map<LabEventName, Set<(payload: never) => void>>()
  let status: ServerStatus = {
    running: false,
    baseUrl: null,
    issuer: null,
    host: '127.0.0.1',
    port: null,
    requestedPort: 8443,
    note: null,
  }

  const handlers = Object.fromEntries(
    LAB_METHODS.map((method) => [
      method,
      async (input: unknown) => {
        calls.push({ method, input })
        const handler = implemented[method] as ((input: unknown) => Promise<unknown>) | undefined
        if (!handler) throw notImplemented(method)
        return handler(input)
      },
    ]),
  ) as LabHandlers

  const events: LabEventSource = {
    on(event, listener) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      const l = listener as (payload: never) => void
      set.add(l)
      return () => {
        set.delete(l)
      }
    },
  }

  const lab: FakeLab = {
    handlers,
    events,
    // The bridges never call the runner directly (only through the runner.send handler).
    runner: { send: () => Promise.reject(new LabError('internal', 'the fake lab sends no requests')) },
    proxy: () => Promise.reject(new LabError('internal', 'the fake lab opens no proxy')),
    certificatePem: () => Promise.reject(new LabError('internal', 'the fake lab has no certificate')),
    calls,
    get status() {
      return status
    },
    closed: false,
    emit(event, payload) {
      for (const l of listeners.get(event) ?? []) (l as (p: typeof payload) => void)(payload)
    },
    listenerCount(event) {
      return listeners.get(event)?.size ?? 0
    },
    async start(options: StartOptions = {}) {
      const port = options.port ?? 8443
      status = {
        ...status,
        running: true,
        host: options.host ?? '127.0.0.1',
        port,
        requestedPort: port,
        baseUrl: `http://127.0.0.1:${port}`,
        issuer: `http://127.0.0.1:${port}`,
      }
      return status
    },
    async close() {
      lab.closed = true
    },
  }
  return lab
}
