// Channel names between Electron's main process and the preload, in one place so neither side
// spells them by hand. Only type imports from lab-api: the sandboxed preload bundles this file,
// and lab-api's zod schemas have no business in it (bundled, they would make the preload ~60 times
// bigger). So the preload does not list the LabApi methods: main sends it their names, those of
// lab-api's `labApiInputs`, once as it loads (LAB_METHODS_CHANNEL).
import type { LabEventName, LabEvents, LabInput, LabMethod, LabOutput, LabResult } from './lab-api'

/** Every LabEvents name, as a value. `satisfies` fails the build when LabEvents gains or loses one. */
const EVENTS = {
  'exchange.recorded': true,
  'exchanges.cleared': true,
  'workspace.changed': true,
  'server.status': true,
  'lesson.progress': true,
  'scenarios.changed': true,
  'scenarios.progress': true,
  'faults.changed': true,
} as const satisfies Record<LabEventName, true>

export const LAB_EVENT_NAMES = Object.keys(EVENTS) as LabEventName[]

export const LAB_CALL_PREFIX = 'lab:'
export const LAB_EVENT_PREFIX = 'lab-event:'
/**
 * The preload asks for the LabApi method names once, synchronously (`ipcRenderer.sendSync`), before
 * the page runs: `window.ropcLab` must be complete when the page's first script reads it. The answer
 * is the list of `area.verb` names.
 */
export const LAB_METHODS_CHANNEL = 'lab-bridge:methods'

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

/** `area.verb`, both camelCase words: nothing that could shadow `on` or an Object.prototype member. */
const METHOD_NAME = /^([a-z][A-Za-z]*)\.([a-z][A-Za-z]*)$/

/**
 * `['clients.create', …]` → `{ clients: { create: make('clients.create') }, … }`: the areas of
 * `window.ropcLab`, from the method names main sent. Anything else than a list of `area.verb` names
 * throws, so a broken answer is never half exposed.
 */
export function groupByArea<F>(methods: unknown, make: (method: LabMethod) => F): Record<string, Record<string, F>> {
  if (!Array.isArray(methods)) throw new TypeError('the lab sent no method list')
  const areas: Record<string, Record<string, F>> = {}
  for (const method of methods) {
    const match = typeof method === 'string' ? METHOD_NAME.exec(method) : null
    if (!match || match[1] === 'on') throw new TypeError(`not a lab method name: ${JSON.stringify(method)}`)
    const area = match[1]!
    const verb = match[2]!
    const group = Object.prototype.hasOwnProperty.call(areas, area) ? areas[area]! : (areas[area] = {})
    group[verb] = make(method as LabMethod)
  }
  return areas
}

export type RopcLabBridge = RopcLabAreas & {
  /** Subscribes to one LabEvents event; returns the unsubscribe function. Unknown names throw. */
  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void
}

/** The global the preload defines: `window.ropcLab`. */
export const BRIDGE_GLOBAL = 'ropcLab'
