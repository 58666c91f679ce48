// Channel names between Electron's main process and the preload, in one place so neither side
// spells them by hand. Only type imports from lab-api: the sandboxed preload bundles this file,
// and lab-api's zod schemas have no business in it.
import type { LabEventName, LabEvents, LabInput, LabMethod, LabOutput, LabResult } from './lab-api'

/** Every LabApi method, as a value. `satisfies` fails the build when lab-api gains or loses one. */
const METHODS = {
  'workspace.get': true,
  'workspace.export': true,
  'workspace.import': true,
  'settings.update': true,
  'scopes.create': true,
  'scopes.update': true,
  'scopes.delete': true,
  'clients.create': true,
  'clients.update': true,
  'clients.delete': true,
  'clients.resetSecret': true,
  'users.create': true,
  'users.update': true,
  'users.setPassword': true,
  'users.unlock': true,
  'users.delete': true,
  'server.status': true,
  'runner.send': true,
  'exchanges.list': true,
  'exchanges.get': true,
  'exchanges.clear': true,
  'tokens.decode': true,
} as const satisfies Record<LabMethod, true>

/** Every LabEvents name, as a value (same exhaustiveness check as above). */
const EVENTS = {
  'exchange.recorded': true,
  'exchanges.cleared': true,
  'workspace.changed': true,
  'server.status': true,
} as const satisfies Record<LabEventName, true>

export const LAB_METHOD_NAMES = Object.keys(METHODS) as LabMethod[]
export const LAB_EVENT_NAMES = Object.keys(EVENTS) as LabEventName[]

export const LAB_CALL_PREFIX = 'lab:'
export const LAB_EVENT_PREFIX = 'lab-event:'

export type LabCallChannel = `${typeof LAB_CALL_PREFIX}${LabMethod}`
export type LabEventChannel = `${typeof LAB_EVENT_PREFIX}${LabEventName}`

/** `clients.create` → `lab:clients.create` (ipcMain.handle / ipcRenderer.invoke). */
export function labCallChannel(method: LabMethod): LabCallChannel {
  return `${LAB_CALL_PREFIX}${method}`
}

/** `exchange.recorded` → `lab-event:exchange.recorded` (webContents.send / ipcRenderer.on). */
export function labEventChannel(event: LabEventName): LabEventChannel {
  return `${LAB_EVENT_PREFIX}${event}`
}

/** Own-property check, so `toString` or `__proto__` never pass for an event name. */
export function isLabEventName(name: unknown): name is LabEventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(EVENTS, name)
}

// ---- The shape of `window.ropcLab` that the preload exposes ----

type AreaOf<M extends string> = M extends `${infer A}.${string}` ? A : never
export type LabArea = AreaOf<LabMethod>

/** Methods whose whole input may be omitted (`ropcLab.workspace.get()`). */
type CallFn<M extends LabMethod> =
  {} extends LabInput<M>
    ? (input?: LabInput<M>) => Promise<LabResult<LabOutput<M>>>
    : (input: LabInput<M>) => Promise<LabResult<LabOutput<M>>>

/** `{ clients: { create(input), update(input), … }, … }`: one function per LabApi method, grouped by area. */
export type RopcLabAreas = {
  [A in LabArea]: {
    [M in LabMethod as M extends `${A}.${infer V}` ? V : never]: CallFn<M>
  }
}

export type RopcLabBridge = RopcLabAreas & {
  /** Subscribes to one LabEvents event; returns the unsubscribe function. Unknown names throw. */
  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void
}

/** The global the preload defines: `window.ropcLab`. */
export const BRIDGE_GLOBAL = 'ropcLab'
