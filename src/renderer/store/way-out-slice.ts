// The way out's LabApi calls (shared/way-out-api.ts) for the screens that run them: the Users form's
// second factor and the Composer's flows. The flows' state is the lab's (verifiers, states and auth
// sessions never reach the page); the screens keep only what they show.
import type { LabInput, LabOutput } from '../../shared/lab-api'
import type { wayOutApiInputs } from '../../shared/way-out-api'
import type { LabClient } from '../transport/lab-client'
import type { SliceCreator } from './types'

export type WayOutMethod = keyof typeof wayOutApiInputs

export interface WayOutSlice {
  wayOut<M extends WayOutMethod>(method: M, input: LabInput<M>): Promise<LabOutput<M>>
}

export const createWayOutSlice =
  (client: LabClient): SliceCreator<WayOutSlice> =>
  () => ({
    wayOut: (method, input) => client.call(method, input),
  })
