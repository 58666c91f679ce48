// Refresh with rotation on (the default): a token is good once; each answer's new token feeds the next request.
import { log, refreshBody } from '../config'
import { formPosts, runLoad, type PhaseResult } from '../load'
import type { PhaseContext } from './context'

export interface RefreshRotatingPhase {
  result: PhaseResult
  /** The refresh tokens still good when the phase ended (the rotation-off phase reuses them). */
  pool: string[]
}

export async function refreshRotating({ settings, lab }: PhaseContext): Promise<RefreshRotatingPhase> {
  const { cheapConnections, phaseSeconds } = settings
  log('pre-issuing refresh tokens…')
  const pool = await lab.issueRefreshTokens(cheapConnections)
  let lastToken = pool[0]!
  log(`refresh, rotation on: ${phaseSeconds} s, ${cheapConnections} connections…`)
  const result = await runLoad(settings, {
    serverPid: lab.pid,
    options: {
      ...formPosts(lab.tokenUrl, cheapConnections, lab.auth),
      requests: [
        {
          setupRequest: (req) => {
            const t = pool.shift() ?? lastToken // an empty pool means a refresh failed: the reuse will show as 400
            return { ...req, body: refreshBody(t) }
          },
          onResponse: (status, body) => {
            if (status !== 200) return
            const next = (JSON.parse(body) as { refresh_token?: unknown }).refresh_token
            if (typeof next === 'string') {
              pool.push(next)
              lastToken = next
            }
          },
        },
      ],
    },
    expectedStatus: 200,
  })
  return { result, pool }
}
