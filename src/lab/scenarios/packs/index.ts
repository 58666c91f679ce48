// The built-in packs `ropc-lab test --pack NAME` runs: name → pack. Each pack is its own module.
import type { Pack } from './pack-types'
import { ropcConformancePack, PACK_NAME } from './ropc-conformance/index'

export type { Pack, PackContext, PackCredentials, PackTarget } from './pack-types'
export { resolvePackTarget } from './resolve-target'

export const packs: Record<string, Pack> = { [PACK_NAME]: ropcConformancePack }

export function packNames(): string[] {
  return Object.keys(packs).sort()
}
