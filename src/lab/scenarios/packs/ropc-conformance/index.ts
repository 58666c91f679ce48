// The ropc-conformance pack: judges any token endpoint against RFC 6749, 7009, 7662, 8414 and
// RFC 9700, one StepResult per rule. Safe against a real server: see session.ts.
//
// Each check is data (id, RFC section, quoted rule, level, preconditions) plus its probe (check.ts);
// the preconditions are established once (preconditions.ts), so a refused client skips what depends
// on it instead of failing a cascade of rules the server never got to.
//
// Phases: the independent groups run concurrently (a few at a time: the run should take seconds,
// and a real server should not see a burst); then the timing check alone, so other requests do not
// blur its measurements; then the §5.1/§5.2 checks over every answer received; then the cleanup.
import { performance } from 'node:perf_hooks'
import type { SuiteResult } from '../../results'
import type { Pack } from '../pack-types'
import { runPhases, type CheckGroup } from './check'
import { cleanupChecks } from './checks/cleanup'
import { clientAuthChecks } from './checks/client-auth'
import { errorResponseChecks } from './checks/error-responses'
import { introspectionChecks } from './checks/introspection'
import { metadataChecks } from './checks/metadata'
import { passwordGrantChecks } from './checks/password-grant'
import { refreshChecks } from './checks/refresh'
import { requestChecks } from './checks/requests'
import { revocationChecks } from './checks/revocation'
import { scopeChecks } from './checks/scope'
import { timingChecks } from './checks/timing'
import { tokenResponseChecks } from './checks/token-responses'
import { PackSession } from './session'
import { PACK_CONCURRENCY } from '../../../../shared/limits'
export { PACK_CONCURRENCY }

export const PACK_NAME = 'ropc-conformance'

export const PACK_PHASES: CheckGroup[][] = [
  [
    passwordGrantChecks,
    clientAuthChecks,
    requestChecks,
    scopeChecks,
    refreshChecks,
    introspectionChecks,
    revocationChecks,
    metadataChecks,
  ],
  [timingChecks],
  [tokenResponseChecks, errorResponseChecks],
  [cleanupChecks],
]

export const ropcConformancePack: Pack = async (ctx): Promise<SuiteResult> => {
  const started = performance.now()
  const session = new PackSession(ctx)
  // Established once, before any check: which client authentication works (preconditions.ts).
  await session.clientAuth()
  const steps = await runPhases(PACK_PHASES, session, {
    concurrency: PACK_CONCURRENCY,
    ...(ctx.onStep && { onStep: ctx.onStep }),
  })
  return { name: PACK_NAME, kind: 'pack', steps, durationMs: Math.round(performance.now() - started) }
}

export { MAX_WRONG_PASSWORDS } from './session'
