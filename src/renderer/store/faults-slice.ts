// The fault rules as the embedded server holds them (faults.list) and their live counts
// (`faults.changed`). The editor keeps its own draft; this slice mirrors the lab and saves the list whole.
import type { FaultsStatus } from '../../shared/faults-api'
import type { LabClient } from '../transport/lab-client'
import type { SliceCreator } from './types'

export interface FaultsSlice {
  /** Null until loaded. */
  faults: FaultsStatus | null
  faultsProblem: string | null
  loadFaults(): Promise<void>
  /** Loads the rules and follows `faults.changed`; returns the function that unsubscribes. */
  followFaults(): () => void
  /** Replaces every rule; rejects with the lab's LabError (every problem by `faults[i].…` path). */
  saveFaults(rules: unknown[]): Promise<FaultsStatus>
  /** Every count back to its start. */
  resetFaults(): Promise<void>
  /** The status bar's badge: the Workspace screen, its Faults tab. */
  showFaults(): void
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err))

export const createFaultsSlice =
  (client: LabClient): SliceCreator<FaultsSlice> =>
  (set, get) => ({
    faults: null,
    faultsProblem: null,
    async loadFaults() {
      try {
        set({ faults: await client.call('faults.list', {}), faultsProblem: null })
      } catch (err) {
        set({ faultsProblem: message(err) })
      }
    },
    followFaults() {
      const offs = [
        client.on('faults.changed', (faults) => set({ faults })),
        client.onResync?.(() => void get().loadFaults()) ?? (() => {}),
      ]
      void get().loadFaults()
      return () => offs.forEach((off) => off())
    },
    async saveFaults(rules) {
      const faults = await client.call('faults.save', { rules })
      set({ faults, faultsProblem: null })
      return faults
    },
    async resetFaults() {
      try {
        set({ faults: await client.call('faults.reset', {}), faultsProblem: null })
      } catch (err) {
        set({ faultsProblem: message(err) })
      }
    },
    showFaults() {
      set({ screen: 'workspace' })
      get().setWorkspaceSection('faults')
    },
  })
