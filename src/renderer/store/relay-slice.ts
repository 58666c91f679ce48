// "Relay to a real server": the recording proxy the lab opens in front of a real token server.
// The state is the lab's (relay.status); this slice only mirrors it and reports problems.
import { LabError, type LabInput } from '../../shared/lab-api'
import type { RelayStatus } from '../../shared/relay-api'
import type { LabClient } from '../transport/lab-client'
import type { SliceCreator } from './types'

export interface RelaySlice {
  relay: RelayStatus | null
  relayBusy: boolean
  relayProblem: string | null
  loadRelay(): Promise<void>
  startRelay(input: LabInput<'relay.start'>): Promise<void>
  stopRelay(): Promise<void>
}

function message(err: unknown): string {
  if (err instanceof LabError && err.details.length > 0) return `${err.message}: ${err.details.join('; ')}`
  return err instanceof Error ? err.message : String(err)
}

export const createRelaySlice =
  (client: LabClient): SliceCreator<RelaySlice> =>
  (set) => {
    async function run(call: () => Promise<RelayStatus>): Promise<void> {
      set({ relayBusy: true, relayProblem: null })
      try {
        set({ relay: await call() })
      } catch (err) {
        set({ relayProblem: message(err) })
      } finally {
        set({ relayBusy: false })
      }
    }
    return {
      relay: null,
      relayBusy: false,
      relayProblem: null,
      loadRelay: () => run(() => client.call('relay.status', {})),
      startRelay: (input) => run(() => client.call('relay.start', input)),
      stopRelay: () => run(() => client.call('relay.stop', {})),
    }
  }
