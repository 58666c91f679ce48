// Electron's ipcMain without Electron: handle/invoke and on/sendSync on Maps, with Electron's
// rules (one handler per channel; a throwing handler is a rejected invoke; `sendSync` returns the
// listener's `event.returnValue`). Used by the IPC bridge test and the preload test.
import type { IpcMainLike, SyncEventLike } from '../../src/main/ipc'

type Listener = (event: unknown, ...args: unknown[]) => unknown
type SyncListener = (event: SyncEventLike) => void

/** What the main process sees of a call from our own page. */
export const APP_SENDER = { senderFrame: { url: 'file:///app/index.html' } }

export function fakeIpcMain() {
  const handlers = new Map<string, Listener>()
  const listeners = new Map<string, Set<SyncListener>>()
  /** Every channel invoked, in order. */
  const invoked: string[] = []
  const ipc: IpcMainLike = {
    handle(channel, listener) {
      // Electron throws on a second handler for one channel; so does the fake.
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`)
      handlers.set(channel, listener)
    },
    removeHandler(channel) {
      handlers.delete(channel)
    },
    on(channel, listener) {
      let set = listeners.get(channel)
      if (!set) listeners.set(channel, (set = new Set()))
      set.add(listener)
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener)
    },
  }
  const invoke = (channel: string, input?: unknown, event: unknown = APP_SENDER) => {
    invoked.push(channel)
    const h = handlers.get(channel)
    if (!h) throw new Error(`no handler for ${channel}`)
    // Like Electron: a throwing handler becomes a rejected invoke.
    return Promise.resolve().then(() => h(event, input))
  }
  const sendSync = (channel: string, sender: object = APP_SENDER): unknown => {
    const event = { ...sender, returnValue: undefined as unknown }
    // Electron answers undefined when no listener is registered for the channel.
    for (const l of listeners.get(channel) ?? []) l(event)
    return event.returnValue
  }
  const listenerCount = (channel: string) => listeners.get(channel)?.size ?? 0
  return { ipc, handlers, invoke, sendSync, invoked, listenerCount }
}
