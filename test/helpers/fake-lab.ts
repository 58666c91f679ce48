// A small in-memory Lab for the bridge tests (IPC, HTTP): each handler records its (already
// validated) input and returns a canned value; events are emitted by hand with `emit`.
import {
  LabError,
  type LabEventName,
  type LabEvents,
  type LabHandlers,
  type LabMethod,
  type LabOutput,
  type LabParsedInput,
  type ServerStatus,
} from '../../src/shared/lab-api'
import type { Lab, LabEventSource, StartOptions } from '../../src/lab/lab-types'
import { DEFAULT_SETTINGS } from '../../src/shared/model'

export interface FakeLab extends Lab {
  /** Every handler call, in order, with the input the handler received (after zod). */
  calls: Array<{ method: LabMethod; input: unknown }>
  emit<E extends LabEventName>(event: E, payload: LabEvents[E]): void
  /** How many listeners are subscribed to an event right now. */
  listenerCount(event: LabEventName): number
  closed: boolean
}

export function createFakeLab(): FakeLab {
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

  const record =
    <M extends LabMethod>(method: M, result: (input: LabParsedInput<M>) => LabOutput<M>) =>
    async (input: LabParsedInput<M>): Promise<LabOutput<M>> => {
      calls.push({ method, input })
      return result(input)
    }

  const user = (username: string) => ({ username, disabled: false, claims: {}, failedAttempts: 0, lockedUntil: null })
  const client = (clientId: string) => ({
    clientId,
    public: false,
    hasSecret: true,
    grantTypes: ['password' as const],
    authMethods: ['client_secret_basic' as const],
    scopes: [],
    defaultScopes: null,
    tokenFormat: null,
    accessTokenTtl: null,
    refreshTokenTtl: null,
    lenientBasicAuth: false,
  })

  const handlers: LabHandlers = {
    'workspace.get': record('workspace.get', () => ({
      settings: DEFAULT_SETTINGS,
      scopes: [],
      clients: [],
      users: [],
    })),
    'workspace.export': record('workspace.export', () => ({ version: 1 })),
    'workspace.import': record('workspace.import', () => ({ scopes: 0, clients: 0, users: 0 })),
    'settings.update': record('settings.update', (input) => ({ ...DEFAULT_SETTINGS, ...input })),
    'scopes.create': record('scopes.create', (input) => input),
    'scopes.update': record('scopes.update', (input) => input),
    'scopes.delete': record('scopes.delete', () => ({ deleted: true as const })),
    'clients.create': record('clients.create', (input) => ({
      client: client(input.clientId),
      secret: 'generated-once',
    })),
    'clients.update': record('clients.update', (input) => client(input.clientId)),
    'clients.delete': record('clients.delete', (input) => {
      if (input.clientId === 'missing') throw new LabError('not_found', `no client "${input.clientId}"`)
      return { deleted: true as const }
    }),
    'clients.resetSecret': record('clients.resetSecret', (input) => ({
      client: client(input.clientId),
      secret: 'new-secret',
    })),
    'users.create': record('users.create', (input) => user(input.username)),
    'users.update': record('users.update', (input) => user(input.username)),
    'users.setPassword': record('users.setPassword', (input) => user(input.username)),
    'users.unlock': record('users.unlock', (input) => user(input.username)),
    'users.delete': record('users.delete', () => ({ deleted: true as const })),
    'server.status': record('server.status', () => status),
    'runner.send': record('runner.send', () => {
      throw new Error('the fake lab does not send requests')
    }),
    'exchanges.list': record('exchanges.list', () => ({ items: [], total: 0 })),
    'exchanges.get': record('exchanges.get', (input) => {
      throw new LabError('not_found', `no exchange "${input.id}"`)
    }),
    'exchanges.clear': record('exchanges.clear', () => ({ cleared: 0 })),
    'tokens.decode': record('tokens.decode', () => ({ kind: 'opaque' as const })),
  }

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
    calls,
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
