// The shape the preload exposes as `window.ropcLab`: one function per LabApi method, grouped
// by area (`'clients.create'` → `window.ropcLab.clients.create(input)`), plus one `on`.
// Nothing generic crosses the bridge. Results are tagged because Electron's IPC keeps only an
// Error's message. The one definition lives beside the channel names the preload uses.
import type { RopcLabBridge } from '../../shared/ipc-channels'

export type { LabArea, RopcLabBridge } from '../../shared/ipc-channels'

declare global {
  interface Window {
    /** Present only inside the Electron shell (exposed by the preload's contextBridge). */
    ropcLab?: RopcLabBridge
  }
}
