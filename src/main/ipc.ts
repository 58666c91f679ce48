// The IPC bridge: one `ipcMain.handle('lab:<method>')` per LabApi method, each a call to
// dispatchLabCall (zod validation + tagged results, because Electron keeps only an Error's
// message across invoke), the method names for the preload on LAB_METHODS_CHANNEL, and every
// LabEvents event forwarded on `lab-event:<name>`. The methods are those of lab-api's
// `labApiInputs`: a method added there is registered and exposed with nothing to add here.
// No `import 'electron'` here: the tests run this under plain Node against a fake ipcMain.
import { dispatchLabCall } from '../lab/dispatch'
import type { Lab, Unsubscribe } from '../lab/lab-types'
import { LAB_METHODS, type LabEventName } from '../shared/lab-api'
import { LAB_EVENT_NAMES, LAB_METHODS_CHANNEL, labCallChannel, labEventChannel } from '../shared/ipc-channels'

/** What an `ipcMain.on` listener answers a `sendSync` with (Electron's IpcMainEvent.returnValue). */
export interface SyncEventLike {
  returnValue: unknown
}

/** The part of Electron's `ipcMain` we use, so a test can pass a Map-backed fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown): void
  removeHandler?(channel: string): void
  on(channel: string, listener: (event: SyncEventLike) => void): unknown
  removeListener?(channel: string, listener: (event: SyncEventLike) => void): unknown
}

export type SendEvent = (channel: string, payload: unknown) => void

export interface RegisterLabIpcOptions {
  /**
   * Checks who is calling (Electron's security checklist: validate the sender of every IPC
   * message). Main passes a check of `event.senderFrame.url` against the app's own pages;
   * an untrusted call is rejected before its input is even parsed.
   */
  isTrustedSender?: (event: unknown) => boolean
}

/**
 * Registers every LabApi method and forwards every lab event. Returns a function that removes
 * the handlers and the event subscriptions (used on quit and by tests).
 */
export function registerLabIpc(
  ipcMain: IpcMainLike,
  lab: Lab,
  sendEvent: SendEvent,
  options: RegisterLabIpcOptions = {},
): () => void {
  const { isTrustedSender } = options

  // Every asker gets the names, unchecked: they are no secret (they are in the app's own code), every
  // call is checked for its sender below, and at the moment the preload asks, the frame's URL may not
  // yet be the page's, which must not leave our own page without a bridge.
  const sendMethods = (event: SyncEventLike) => {
    event.returnValue = [...LAB_METHODS]
  }
  ipcMain.on(LAB_METHODS_CHANNEL, sendMethods)

  for (const method of LAB_METHODS) {
    ipcMain.handle(labCallChannel(method), (event, input) => {
      if (isTrustedSender && !isTrustedSender(event)) {
        // A rejection, not a LabResult: no page of ours can be the caller, so no UI needs it.
        throw new Error(`IPC call ${method} refused: the sender is not an ROPC Lab page`)
      }
      return dispatchLabCall(lab.handlers, method, input)
    })
  }

  const unsubscribes: Unsubscribe[] = LAB_EVENT_NAMES.map((name: LabEventName) =>
    lab.events.on(name, (payload) => {
      try {
        sendEvent(labEventChannel(name), payload)
      } catch (err) {
        // A window that is going away must not break the lab's own event loop.
        console.warn(`[ropc-lab] could not forward ${name}:`, err instanceof Error ? err.message : err)
      }
    }),
  )

  return () => {
    for (const off of unsubscribes) off()
    for (const method of LAB_METHODS) ipcMain.removeHandler?.(labCallChannel(method))
    ipcMain.removeListener?.(LAB_METHODS_CHANNEL, sendMethods)
  }
}
