import type { LabClient } from '../transport/lab-client'
import type { SliceCreator, UiSlice } from './types'

/** The caution banner's dismissal survives a reload (this browser profile only; nothing secret). */
const CAUTION_KEY = 'ropc-lab.caution-dismissed'

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    // A profile that refuses storage: the banner comes back on reload, nothing else changes.
    return null
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

export const createUiSlice =
  (client: LabClient): SliceCreator<UiSlice> =>
  (set, get) => ({
    screen: 'composer',
    cautionDismissed: storage()?.getItem(CAUTION_KEY) === '1',
    serverStatus: null,
    startupProblem: null,
    setScreen: (screen) => set({ screen }),
    dismissCaution: () => {
      storage()?.setItem(CAUTION_KEY, '1')
      set({ cautionDismissed: true })
    },
    start() {
      const offs = [
        client.on('server.status', (serverStatus) => set({ serverStatus })),
        client.on('workspace.changed', () => void get().loadWorkspace()),
        client.on('exchange.recorded', (summary) => get().onExchangeRecorded(summary)),
        client.on('exchanges.cleared', () => get().onHistoryCleared()),
        client.onResync?.(() => {
          void get().loadHistory()
          void get().loadWorkspace()
        }) ?? (() => {}),
      ]
      void Promise.all([
        client.call('server.status', {}).then((serverStatus) => set({ serverStatus })),
        get().loadWorkspace(),
        get().loadHistory(),
      ]).catch((err: unknown) => set({ startupProblem: message(err) }))
      return () => offs.forEach((off) => off())
    },
  })
