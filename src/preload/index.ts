// The preload: `window.ropcLab`, one function per LabApi method grouped by area, plus `on` for
// the known lab events. Nothing generic crosses the bridge: no ipcRenderer, no channel chosen by
// the page, no IpcRendererEvent (its `sender` would hand the page ipcRenderer back).
// Runs sandboxed, so it is bundled into one CommonJS file and imports only `electron` and types.
import { contextBridge, ipcRenderer } from 'electron'
import type { IpcRendererEvent } from 'electron'
import type { LabEventName, LabEvents, LabInput, LabMethod, LabOutput, LabResult } from '../shared/lab-api'
import {
  BRIDGE_GLOBAL,
  isLabEventName,
  labCallChannel,
  labEventChannel,
  type RopcLabBridge,
} from '../shared/ipc-channels'

/** One function bound to one method's channel. Omitted input is sent as `{}`. */
function call<M extends LabMethod>(method: M): (input?: LabInput<M>) => Promise<LabResult<LabOutput<M>>> {
  const channel = labCallChannel(method)
  return (input) => ipcRenderer.invoke(channel, input ?? {})
}

function on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void {
  // The page is untrusted: check at run time too, not only through the types.
  if (!isLabEventName(event)) throw new TypeError(`unknown ROPC Lab event "${String(event)}"`)
  if (typeof listener !== 'function') throw new TypeError('listener must be a function')
  const channel = labEventChannel(event)
  const wrapped = (_event: IpcRendererEvent, payload: LabEvents[E]) => listener(payload)
  ipcRenderer.on(channel, wrapped)
  return () => {
    ipcRenderer.removeListener(channel, wrapped)
  }
}

// Written out, so the compiler checks every entry against RopcLabBridge: a LabApi method
// without its line here, or a line without its method, fails the typecheck.
const bridge: RopcLabBridge = {
  workspace: {
    get: call('workspace.get'),
    export: call('workspace.export'),
    import: call('workspace.import'),
  },
  settings: { update: call('settings.update') },
  scopes: {
    create: call('scopes.create'),
    update: call('scopes.update'),
    delete: call('scopes.delete'),
  },
  clients: {
    create: call('clients.create'),
    update: call('clients.update'),
    delete: call('clients.delete'),
    resetSecret: call('clients.resetSecret'),
  },
  users: {
    create: call('users.create'),
    update: call('users.update'),
    setPassword: call('users.setPassword'),
    unlock: call('users.unlock'),
    delete: call('users.delete'),
  },
  server: { status: call('server.status') },
  runner: { send: call('runner.send') },
  exchanges: {
    list: call('exchanges.list'),
    get: call('exchanges.get'),
    clear: call('exchanges.clear'),
  },
  tokens: { decode: call('tokens.decode') },
  on,
}

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge)
