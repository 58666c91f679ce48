import type { CompareSlice, SliceCreator } from './types'

export const createCompareSlice = (): SliceCreator<CompareSlice> => (set, get) => ({
  pinned: [],
  togglePin(id) {
    const pinned = get().pinned
    set({ pinned: pinned.includes(id) ? pinned.filter((p) => p !== id) : [...pinned, id] })
  },
  unpin: (id) => set({ pinned: get().pinned.filter((p) => p !== id) }),
  clearPins: () => set({ pinned: [] }),
})
