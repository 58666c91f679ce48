// The combined store: one slice per area, the transport injected once. Components read it
// through `useLab(selector)`; derived selections that build new objects use `useShallow`.
import { createContext, createElement, useContext, type ReactNode } from 'react'
import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { LabClient } from '../transport/lab-client'
import { createComposerSlice } from './composer-slice'
import { createCompareSlice } from './compare-slice'
import { createFindingsSlice } from './findings-slice'
import { createHistorySlice } from './history-slice'
import { createInspectorSlice } from './inspector-slice'
import { createLessonSlice } from '../lessons/lesson-slice'
import { createRelaySlice } from './relay-slice'
import { createReportSlice } from './report-slice'
import { createScenariosSlice } from './scenarios-slice'
import { createFaultsSlice } from './faults-slice'
import { createTrafficSlice } from './traffic-slice'
import type { LabState } from './types'
import { createUiSlice } from './ui-slice'
import { createWayOutSlice } from './way-out-slice'
import { createWorkspaceSlice } from './workspace-slice'

export type { LabState, Screen } from './types'
export type LabStore = StoreApi<LabState>

export function createLabStore(client: LabClient): LabStore {
  return createStore<LabState>()((...a) => ({
    ...createUiSlice(client)(...a),
    ...createWorkspaceSlice(client)(...a),
    ...createComposerSlice(client)(...a),
    ...createInspectorSlice(client)(...a),
    ...createHistorySlice(client)(...a),
    ...createCompareSlice()(...a),
    ...createLessonSlice(client)(...a),
    ...createRelaySlice(client)(...a),
    ...createReportSlice(client)(...a),
    ...createFindingsSlice(client)(...a),
    ...createScenariosSlice(client)(...a),
    ...createFaultsSlice(client)(...a),
    ...createTrafficSlice(client)(...a),
    ...createWayOutSlice(client)(...a),
  }))
}

const LabStoreContext = createContext<LabStore | null>(null)

export function LabStoreProvider({ store, children }: { store: LabStore; children: ReactNode }) {
  return createElement(LabStoreContext.Provider, { value: store }, children)
}

export function useLabStore(): LabStore {
  const store = useContext(LabStoreContext)
  if (!store) throw new Error('useLab must be used inside <LabStoreProvider>')
  return store
}

export function useLab<T>(selector: (state: LabState) => T): T {
  return useStore(useLabStore(), selector)
}
