// Running a built-in pack against a resolved target, for `ropc-lab test` and the app's runs alike:
// the pack reads the target's RFC 8414 metadata itself, through the runner (so it is in History), and a
// pack that throws is reported as one failed check, so the run still has a result and a report.
import { performance } from 'node:perf_hooks'
import { roundMs } from '../engine'
import type { StepResult, SuiteResult } from '../results'
import type { ResolvedTarget, SendRequest } from '../types'
import { packs } from './index'
import type { PackCredentials } from './pack-types'
import type { EndpointOverrides } from '../../discovery/index'
import { resolvePackTarget } from './resolve-target'

export interface PackRun {
  name: string
  credentials: PackCredentials
  send: SendRequest
  target: ResolvedTarget
  /** Endpoints given explicitly (--token-endpoint, --metadata, …); without --target, they are the target. */
  overrides?: EndpointOverrides
  onStep?: (step: StepResult) => void
}

/** What the pack discovers from: the target as typed, unless only explicit endpoints were given. */
function packInput(target: ResolvedTarget, overrides: EndpointOverrides): string | undefined {
  if (target.kind === 'embedded') return target.url
  const explicitOnly = target.url === overrides.tokenEndpoint || target.url === overrides.metadataUrl
  return explicitOnly ? undefined : target.url
}

export async function runPackSuite({
  name,
  credentials,
  send,
  target,
  overrides = {},
  onStep,
}: PackRun): Promise<SuiteResult> {
  const started = performance.now()
  try {
    const pack = packs[name]
    if (!pack) throw new Error(`unknown pack ${JSON.stringify(name)}`)
    return await pack({
      send,
      target: await resolvePackTarget(packInput(target, overrides), send, overrides),
      credentials,
      ...(onStep && { onStep }),
    })
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    const step: StepResult = {
      name: 'run the pack',
      status: 'failed',
      reason: why,
      failures: [{ what: 'pack', expected: 'to run', actual: why }],
      exchangeIds: [],
      durationMs: roundMs(performance.now() - started),
    }
    onStep?.(step)
    return { name, kind: 'pack', steps: [step], durationMs: step.durationMs }
  }
}
