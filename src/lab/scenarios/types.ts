// What the scenario engine and the packs are given: a way to send one request (the lab's request
// runner, the same code the composer uses), the target's endpoints, and the target's credentials.
import type { Exchange } from '../../shared/exchange'
import type { RunnerRequest } from '../../shared/lab-api'

/** The request runner's request (shared/lab-api.ts); the engine always gives an absolute URL and a method. */
export type ScenarioRunnerRequest = RunnerRequest

/** Sends one request and resolves with its exchange, the response body as received (tokens unmasked). */
export type SendRequest = (request: ScenarioRunnerRequest) => Promise<Exchange>

import type { EndpointName } from '../../shared/wire'
export { ENDPOINT_NAMES, type EndpointName } from '../../shared/wire'

/** A target with its endpoints resolved to absolute URLs (target.ts). */
export interface ResolvedTarget {
  kind: 'embedded' | 'base-url' | 'token-endpoint'
  /** The URL as given (or the embedded server's base URL), for reports. */
  url: string
  /** Only the endpoints that are known: a bare token endpoint URL knows no introspection endpoint. */
  endpoints: Partial<Record<EndpointName, string>>
  /** How the endpoints were found, e.g. `RFC 8414 metadata at http://…/.well-known/oauth-authorization-server`. */
  source: string
}

// A pack's context and credentials are the pack's own contract (packs/pack-types.ts).
export type { Pack, PackContext, PackCredentials, PackTarget } from './packs/pack-types'
