// A step's request (scenarios-format.md "request"), variables substituted, as the request runner
// takes it: the endpoint resolved against the target, the auth method and parameters in the runner's terms.
import { isAbsoluteHttpUrl, type ScenarioRequest } from '../../shared/scenarios/index'
import { endpointUrl } from './target'
import type { ResolvedTarget, ScenarioRunnerRequest } from './types'

export type MappedRequest =
  | { ok: true; request: ScenarioRunnerRequest }
  /** `skip`: the target does not know the endpoint; otherwise a substituted value is unusable. */
  | { ok: false; skip: boolean; why: string }

const AUTH = { basic: 'basic', post: 'body', none: 'none' } as const

export function toRunnerRequest(req: ScenarioRequest, target: ResolvedTarget): MappedRequest {
  const resolved = endpointUrl(target, req.endpoint)
  if ('missing' in resolved) return { ok: false, skip: true, why: resolved.missing }
  if (!isAbsoluteHttpUrl(resolved.url))
    return {
      ok: false,
      skip: false,
      why: `request.endpoint ${JSON.stringify(req.endpoint)} is not an endpoint name or an absolute http(s) URL`,
    }
  // scenarios-format.md: POST, except GET for the two documents a client reads (RFC 8414 §3, RFC 7517).
  const method = req.method ?? (req.endpoint === 'metadata' || req.endpoint === 'jwks' ? 'GET' : 'POST')
  const { auth } = req
  const request: ScenarioRunnerRequest = {
    target: resolved.url,
    method,
    auth: {
      method: AUTH[auth.method],
      ...(auth.clientId !== undefined && { clientId: auth.clientId }),
      ...(auth.clientSecret !== undefined && { clientSecret: auth.clientSecret }),
      ...(auth.method === 'basic' && { formEncodeBasic: auth.formEncode ?? true }),
    },
    params: Object.entries(req.params),
    extraHeaders: Object.entries(req.headers),
    ...(req.rawBody !== undefined && { rawBody: req.rawBody }),
  }
  return { ok: true, request }
}
