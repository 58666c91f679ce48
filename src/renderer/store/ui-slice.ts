import type { LabClient } from '../transport/lab-client'
import type { SliceCreator, UiSlice } from './types'

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

export const createUiSlice =
  (client: LabClient): SliceCreator<UiSlice> =>
  (set, get) => ({
    screen: 'composer',
    cautionDismissed: false,
    serverStatus: null,
    startupProblem: null,
    setScreen: (screen) => set({ screen }),
    dismissCaution: () => set({ cautionDismissed: true }),
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
