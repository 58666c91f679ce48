// The built-in packs `ropc-lab test --pack NAME` runs: name → pack. Each pack is its own module.
import type { Pack } from '../types'

export type { Pack, PackContext, PackCredentials } from '../types'

export const packs: Record<string, Pack> = {}

export function packNames(): string[] {
  return Object.keys(packs).sort()
}
