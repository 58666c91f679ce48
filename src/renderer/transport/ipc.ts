// The Electron transport: `window.ropcLab.<area>.<verb>(input)` returns a tagged LabResult,
// which becomes a resolved value or a thrown LabError here so callers see one behaviour.
import { LabError, type LabMethod, type LabResult } from '../../shared/lab-api'
import type { RopcLabBridge } from './bridge-types'
import { unwrapResult, type LabClient } from './lab-client'

type BridgeFunction = (input: unknown) => Promise<LabResult<unknown>>

function bridgeFunction(bridge: RopcLabBridge, method: LabMethod): BridgeFunction {
  const dot = method.indexOf('.')
  const area = method.slice(0, dot)
  const verb = method.slice(dot + 1)
  const group = (bridge as unknown as Record<string, Record<string, BridgeFunction> | undefined>)[area]
  const fn = group?.[verb]
  if (typeof fn !== 'function') {
    throw new LabError('internal', `the desktop bridge has no ${area}.${verb}: preload and renderer are out of step`)
  }
  return fn
}

export function createIpcClient(bridge: RopcLabBridge): LabClient {
  return {
    async call(method, input) {
      const result = await bridgeFunction(bridge, method)(input)
      // The bridge's own typing guarantees the output type for this method.
      return unwrapResult(result) as never
    },
    on(event, listener) {
      return bridge.on(event, listener)
    },
  }
}
