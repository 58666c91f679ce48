// Malformed: no grant_type (RFC 6749 §5.2 invalid_request), answered before any hash. The same request as the bare
// baseline's, so the ratio of the two is what the lab's request path costs over reading and parsing a form.
import { MALFORMED_BODY, log } from '../config'
import { formPosts, runLoad, type PhaseResult } from '../load'
import type { PhaseContext } from './context'

export async function malformedRequests({ settings, lab }: PhaseContext): Promise<PhaseResult> {
  log(`malformed (no grant_type): ${settings.phaseSeconds} s, ${settings.cheapConnections} connections…`)
  return runLoad(settings, {
    serverPid: lab.pid,
    options: { ...formPosts(lab.tokenUrl, settings.cheapConnections, lab.auth), body: MALFORMED_BODY },
    expectedStatus: 400,
  })
}
