import type { Exchange } from '../../../shared/exchange'
import type { RunnerRequest } from '../../../shared/lab-api'
import type { EndpointUrls } from '../../../shared/wire'
import type { StepResult, SuiteResult } from '../results'
export interface PackCredentials {
  clientId: string
  clientSecret?: string
  auth: 'basic' | 'post' | 'none'
  username: string
  password: string
  scope?: string
  /** a second, sacrificial user: enables the optional timing check */
  timingUser?: { username: string; password: string }
}
/** The target's endpoints, in the shared vocabulary (wire.ts); the token endpoint is always known. */
export interface PackTarget extends EndpointUrls {
  tokenEndpoint: string
  /** the parsed RFC 8414 document when one was found */
  metadata?: Record<string, unknown>
}
export interface PackContext {
  /** the lab's request runner (the composer's code): records an exchange with origin "scenario" and returns it,
   *  response body as received */
  send(request: RunnerRequest): Promise<Exchange>
  target: PackTarget
  credentials: PackCredentials
  onStep?: (step: StepResult) => void
}
export type Pack = (ctx: PackContext) => Promise<SuiteResult>
