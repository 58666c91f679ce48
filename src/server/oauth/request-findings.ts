// The client findings a request shows on its own, for the recording proxy: it judges what a client
// sends to a real server with the very rules the token endpoint applies to what it receives
// (request-rules.ts, one function per rule), so the two cannot disagree.
import type { IncomingHttpHeaders } from 'node:http'
import type { Finding } from '../../shared/exchange'
import type { EndpointName } from '../../shared/wire'
import { inspectRequest } from './request-rules'

export interface JudgedClientRequest {
  method: string
  /** Query string without `?` ('' when none). */
  query: string
  headers: IncomingHttpHeaders
  body: Buffer
  /** The request came over TLS. */
  secure: boolean
  /**
   * The endpoint the request went to, when known (the upstream's metadata names them). Without it a
   * request is a token request when it carries grant_type, and no method rule applies.
   */
  endpoint?: EndpointName
}

export function judgeClientRequest(req: JudgedClientRequest): Finding[] {
  return inspectRequest({ ...req, endpoint: req.endpoint ?? inferEndpoint(req) }).findings
}

/** A GET carrying grant_type in its URL is a token request sent with the wrong method. */
function inferEndpoint(req: JudgedClientRequest): EndpointName | undefined {
  if (req.method === 'POST' || req.query === '') return undefined
  return new URLSearchParams(req.query).has('grant_type') ? 'token' : undefined
}
