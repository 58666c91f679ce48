// The bare baseline (bare-server.ts): the malformed phase's request, with the same autocannon settings as the lab's
// cheap phases, against a node:http server that only reads and parses the form and answers a fixed 400. Measured
// in the same run as the lab, so the lab's cheap paths can be read as a share of it whatever the host's speed.
import type { BareCommand } from '../bare-server'
import type { BenchSettings } from '../config'
import { CLIENT_ID, CLIENT_SECRET, MALFORMED_BODY, TOKEN_PATH, basic, log } from '../config'
import { formPosts, runLoad, type PhaseResult } from '../load'
import { ServerProcess } from '../server-process'

export interface BareBaseline {
  /** One phase of load against the bare server; `label` says when, for the log. */
  measure(label: string): Promise<PhaseResult>
  close(): Promise<void>
  dispose(): void
}

export async function startBareBaseline(settings: BenchSettings): Promise<BareBaseline> {
  const child = ServerProcess.spawn<BareCommand>(new URL('../bare-server.ts', import.meta.url), 'bare server')
  try {
    const { baseUrl } = await child.send({ cmd: 'start' })
    if (!baseUrl) throw new Error('the bare server did not report a baseUrl')
    log(`bare node:http baseline listening on ${baseUrl}`)
    const url = baseUrl + TOKEN_PATH
    const auth = basic(CLIENT_ID, CLIENT_SECRET)
    return {
      measure: async (label) => {
        log(`bare baseline (${label}): ${settings.phaseSeconds} s, ${settings.cheapConnections} connections…`)
        return runLoad(settings, {
          serverPid: child.pid,
          options: { ...formPosts(url, settings.cheapConnections, auth), body: MALFORMED_BODY },
          expectedStatus: 400,
        })
      },
      close: async () => {
        await child.send({ cmd: 'close' })
      },
      dispose: () => child.kill(),
    }
  } catch (err) {
    child.kill()
    throw err
  }
}
