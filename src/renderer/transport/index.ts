// The one place that picks the transport: inside Electron the preload has exposed
// `window.ropcLab`; anywhere else the page was served by `ropc-lab serve --ui`.
import { createHttpClient } from './http'
import { createIpcClient } from './ipc'
import type { LabClient } from './lab-client'
import { takeSessionToken } from './session-token'

export type { LabClient, LabEventListener, Unsubscribe } from './lab-client'

export type TransportKind = 'ipc' | 'http'

export function createLabClient(): { client: LabClient; kind: TransportKind } {
  if (window.ropcLab) return { client: createIpcClient(window.ropcLab), kind: 'ipc' }
  const sessionToken = takeSessionToken({
    location: window.location,
    storage: window.sessionStorage,
    history: window.history,
  })
  return { client: createHttpClient({ sessionToken }), kind: 'http' }
}
