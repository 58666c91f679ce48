// Refresh with rotation off (the setting is changed for this phase): the same few tokens, over and over.
import { log, refreshBody } from '../config'
import { formPosts, runLoad, type PhaseResult } from '../load'
import type { PhaseContext } from './context'

/** `tokens`: refresh tokens still good (what the rotation-on phase left); topped up to one per connection. */
export async function refreshFixed({ settings, lab }: PhaseContext, tokens: string[]): Promise<PhaseResult> {
  const { cheapConnections, phaseSeconds } = settings
  await lab.setRotation(false)
  const fixed = tokens.slice(0, cheapConnections)
  if (fixed.length < cheapConnections) {
    fixed.push(...(await lab.issueRefreshTokens(cheapConnections - fixed.length, fixed.length)))
  }
  log(`refresh, rotation off: ${phaseSeconds} s, ${cheapConnections} connections…`)
  let index = 0
  return runLoad(settings, {
    serverPid: lab.pid,
    options: {
      ...formPosts(lab.tokenUrl, cheapConnections, lab.auth),
      requests: [{ setupRequest: (req) => ({ ...req, body: refreshBody(fixed[index++ % fixed.length]!) }) }],
    },
    expectedStatus: 200,
  })
}
