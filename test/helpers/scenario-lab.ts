// A real lab for the scenario engine: an in-memory store, the embedded token server on 127.0.0.1:0,
// and the engine's `send` over the lab's request runner (the composer's code). bcrypt cost 4.
import { createLab } from '../../src/lab/create-lab'
import type { Lab } from '../../src/lab/lab-types'
import { labSend } from '../../src/lab/scenarios/lab-send'
import { embeddedTarget } from '../../src/lab/scenarios/target'
import type { ResolvedTarget, SendRequest } from '../../src/lab/scenarios/types'

export const SCENARIO_WORKSPACE = {
  version: 1,
  settings: { bcryptCost: 4, tokenFormat: 'jwt' },
  scopes: [
    { name: 'read', default: true },
    { name: 'write', default: false },
  ],
  clients: [
    { clientId: 'legacy', secret: 'legacy-secret', scopes: ['read', 'write'] },
    // A '+' that form-decoding turns into a space: the secret matches only when not form-decoded.
    { clientId: 'lenient', secret: 'lenient+secret', scopes: ['read'], lenientBasicAuth: true },
    { clientId: 'opaque', secret: 'opaque-secret', scopes: ['read'], tokenFormat: 'opaque' },
    { clientId: 'mobile', public: true, scopes: ['read'] },
  ],
  users: [{ username: 'alice', password: 'alice-password-1', claims: { email: 'alice@example.com' } }],
}

export interface ScenarioLab {
  lab: Lab
  baseUrl: string
  target: ResolvedTarget
  send: SendRequest
  close(): Promise<void>
}

export async function startScenarioLab(workspace: unknown = SCENARIO_WORKSPACE): Promise<ScenarioLab> {
  const lab = await createLab({ dbPath: ':memory:', workspace })
  const status = await lab.start({ port: 0 })
  const baseUrl = status.baseUrl!
  return { lab, baseUrl, target: embeddedTarget(baseUrl), send: labSend(lab), close: () => lab.close() }
}

/** Basic auth of the confidential demo client, as a scenario request's `auth`. */
export const LEGACY_BASIC = { method: 'basic', clientId: 'legacy', clientSecret: 'legacy-secret' } as const

export const passwordGrant = (extra: Record<string, string> = {}) => ({
  endpoint: 'token',
  auth: LEGACY_BASIC,
  params: { grant_type: 'password', username: 'alice', password: 'alice-password-1', ...extra },
})
