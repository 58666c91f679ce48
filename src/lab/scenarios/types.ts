// What the scenario engine and the packs are given: a way to send one request (the lab's request
// runner, the same code the composer uses), the target's endpoints, and the target's credentials.
import type { Exchange } from '../../shared/exchange'
import type { RunnerRequest } from '../../shared/lab-api'
import type { StepResult, SuiteResult } from './results'

/** The request runner's request (shared/lab-api.ts); the engine always gives an absolute URL and a method. */
export type ScenarioRunnerRequest = RunnerRequest

/** Sends one request and resolves with its exchange, the response body as received (tokens unmasked). */
export type SendRequest = (request: ScenarioRunnerRequest) => Promise<Exchange>

export const ENDPOINT_NAMES = ['token', 'introspect', 'revoke', 'metadata', 'jwks'] as const
export type EndpointName = (typeof ENDPOINT_NAMES)[number]

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

/** The credentials of the target, from the command line or the UI. */
export interface PackCredentials {
  clientId: string
  clientSecret?: string
  auth: 'basic' | 'post' | 'none'
  username: string
  password: string
  scope?: string
}

export interface PackContext {
  send: SendRequest
  target: ResolvedTarget
  credentials: PackCredentials
  /** Called as each check finishes, for the pretty reporter's live lines. */
  onStep?: (step: StepResult) => void
}

/** A built-in pack: runs its checks against the target and reports them as one suite (kind `pack`). */
export type Pack = (ctx: PackContext) => Promise<SuiteResult>
