// Wrong client secret: every request pays a full compare (failures are never cached), so it cannot beat the limit.
import { CLIENT_ID, basic, log, passwordBody } from '../config'
import { formPosts, runLoad, type PhaseResult } from '../load'
import type { PhaseContext } from './context'

export async function wrongClientSecret({ settings, lab }: PhaseContext): Promise<PhaseResult> {
  log(`wrong client secret: ${settings.phaseSeconds} s…`)
  let counter = 0
  return runLoad(settings, {
    serverPid: lab.pid,
    options: {
      ...formPosts(lab.tokenUrl, settings.hashConnections, basic(CLIENT_ID, 'not-the-bench-secret')),
      requests: [{ setupRequest: (req) => ({ ...req, body: passwordBody(counter++) }) }],
    },
    expectedStatus: 401,
  })
}
