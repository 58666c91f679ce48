// Password grants, distinct users in rotation (one hash each: the client secret is verified once, then
// remembered), with discovery GETs at 10/s alongside while the grants saturate the hash workers.
import { DISCOVERY_PATH, USERS, log, passwordBody } from '../config'
import { formPosts, runLoad, type PhaseResult } from '../load'
import { sampleGets, type GetSamples } from '../open-loop-gets'
import type { PhaseContext } from './context'

export interface PasswordPhase {
  grants: PhaseResult
  distinctUsers: number
  discovery: GetSamples
}

const DISCOVERY_INTERVAL_MS = 100

export async function passwordGrants({ settings, lab }: PhaseContext): Promise<PasswordPhase> {
  const { phaseSeconds, hashConnections } = settings
  log(`password grants: ${phaseSeconds} s, ${hashConnections} connections, discovery GET every 100 ms alongside…`)
  let counter = 0
  let discovery: GetSamples = { latencies: [], failures: 0 }
  const grants = await runLoad(settings, {
    serverPid: lab.pid,
    options: {
      ...formPosts(lab.tokenUrl, hashConnections, lab.auth),
      requests: [{ setupRequest: (req) => ({ ...req, body: passwordBody(counter++) }) }],
    },
    expectedStatus: 200,
    alongside: async (load) => {
      // Start once the grants saturate the hash workers; stop when they stop.
      await new Promise((r) => setTimeout(r, Math.min(500, phaseSeconds * 100)))
      discovery = await sampleGets(lab.baseUrl + DISCOVERY_PATH, DISCOVERY_INTERVAL_MS, load)
    },
  })
  return { grants, distinctUsers: Math.min(USERS, counter), discovery }
}
