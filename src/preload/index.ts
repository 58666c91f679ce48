// The preload: `window.ropcLab`, one function per LabApi method grouped by area, plus `on` for
// the known lab events. Nothing generic crosses the bridge: no ipcRenderer, no channel chosen by
// the page, no IpcRendererEvent (its `sender` would hand the page ipcRenderer back).
// Runs sandboxed, so it is bundled into one CommonJS file and imports only `electron` and types:
// the method names come from main (lab-api's `labApiInputs`), asked once before the page runs.
import { contextBridge, ipcRenderer } from 'electron'
import type { IpcRendererEvent } from 'electron'
import type { LabEventName, LabEvents, LabInput, LabMethod, LabOutput, LabResult } from '../shared/lab-api'
import {
  BRIDGE_GLOBAL,
  LAB_METHODS_CHANNEL,
  groupByArea,
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

// Synchronous on purpose: contextBridge copies the object's shape now, so every method must be
// known before the page's first script can look at `window.ropcLab`. Main answers at once.
const methods: unknown = ipcRenderer.sendSync(LAB_METHODS_CHANNEL)
// The names are LabApi's (main's registerLabIpc sends LAB_METHODS), so the shape is RopcLabBridge.
const bridge = { ...groupByArea(methods, call), on } as unknown as RopcLabBridge

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge)
