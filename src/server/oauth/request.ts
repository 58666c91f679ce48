// The checks every POST endpoint (token, introspection, revocation) runs on the raw request
// before anything else: where the parameters are, the media type, strict decoding, repetition.
// None of them needs a hash, so a malformed request is cheap to refuse. The findings come from
// the stateless rules the recording proxy runs too (request-rules.ts); this module decides which
// of them the server refuses, and in which order.
import type { IncomingHttpHeaders } from 'node:http'
import type { EndpointName } from '../../shared/wire'
import type { BasicAuthorization } from './basic-auth'
import { OAuthError } from './errors'
import type { IssueOverrides } from '../tokens/token-service'
import { inspectRequest } from './request-rules'
import type { Trace } from './trace'

export interface IncomingOAuthRequest {
  /** Query string without `?` ('' when none). */
  query: string
  headers: IncomingHttpHeaders
  body: Buffer
  trace: Trace
  /** A fault rule's changes to the tokens issued, if one fired (http/fault-point.ts). */
  overrides?: IssueOverrides
  /** The request came over TLS (the embedded server listens on plain HTTP unless told otherwise). */
  secure?: boolean
}

export interface FormRequest {
  /** Decoded, non-empty parameters (RFC 6749 §3.2: empty ones count as omitted). */
  params: Map<string, string>
  /** The Authorization header as RFC 6749 §2.3.1 reads it (parsed once per request). */
  basic: BasicAuthorization
  trace: Trace
}

const NO_BODY = Buffer.alloc(0)

/**
 * A request with a method the endpoint does not accept: the server answers 405 without reading the
 * body, and records what its method and URL show (the same rules the proxy applies).
 */
export function noteWrongMethod(
  endpoint: EndpointName,
  method: string,
  query: string,
  headers: IncomingHttpHeaders,
  trace: Trace,
): void {
  const seen = inspectRequest({ endpoint, method, query, headers, body: NO_BODY, secure: false })
  for (const f of seen.findings) trace.finding(f)
  trace.clientId ??= seen.claimedClientId
}

function refuseQuery(query: string, names: string[], trace: Trace): void {
  if (names.length === 0) {
    if (query !== '') {
      const keys = [...new Set(new URLSearchParams(query).keys())]
      trace.info('request.query', `query string ignored (${keys.join(', ') || 'empty'})`)
    }
    return
  }
  trace.fail('request.query', `credentials in the query string: ${names.join(', ')}`)
  // RFC 6749 §2.3.1: client credentials "MUST NOT" be in the request URI; §3.2: POST with a body.
  throw new OAuthError(
    'invalid_request',
    `Credentials must not be sent in the URL query string (${names.join(', ')}); send them in the POST body (RFC 6749 section 3.2).`,
  )
}

export function readForm(
  req: IncomingOAuthRequest,
  endpoint: 'token' | 'introspect' | 'revoke' | 'challenge',
): FormRequest {
  const { trace } = req
  const seen = inspectRequest({
    endpoint,
    method: 'POST',
    query: req.query,
    headers: req.headers,
    body: req.body,
    secure: req.secure ?? false,
  })
  for (const f of seen.findings) trace.finding(f)
  // Claimed, not authenticated: client authentication replaces it with the client it found.
  trace.clientId ??= seen.claimedClientId
  refuseQuery(req.query, seen.queryCredentials, trace)

  const contentType = req.headers['content-type']
  if (seen.contentType.kind === 'missing') {
    trace.fail('request.content_type', 'no Content-Type header')
    throw new OAuthError(
      'invalid_request',
      'Missing Content-Type: the body must be application/x-www-form-urlencoded (RFC 6749 section 3.2).',
    )
  }
  if (seen.contentType.kind !== 'form') {
    trace.fail('request.content_type', `Content-Type ${contentType}`)
    throw new OAuthError(
      'invalid_request',
      'The body must be application/x-www-form-urlencoded (RFC 6749 section 3.2, Appendix B).',
    )
  }
  trace.ok('request.content_type', contentType!)

  const parsed = seen.form!
  if (!parsed.ok) {
    trace.fail('request.body', parsed.description)
    throw new OAuthError('invalid_request', `The body is not valid form encoding: ${parsed.description}.`)
  }
  if (parsed.repeated.length > 0) {
    trace.fail('request.params', `repeated: ${parsed.repeated.join(', ')}`)
    throw new OAuthError(
      'invalid_request',
      `Parameter '${parsed.repeated[0]}' is included more than once (RFC 6749 section 3.1).`,
    )
  }
  trace.ok(
    'request.params',
    `received ${[...parsed.params.keys()].join(', ') || '(none)'}` +
      (parsed.empty.length > 0 ? `; without a value, treated as omitted: ${parsed.empty.join(', ')}` : ''),
  )
  return { params: parsed.params, basic: seen.basic, trace }
}
