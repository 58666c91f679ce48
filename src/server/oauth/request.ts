// The checks every POST endpoint (token, introspection, revocation) runs on the raw request
// before anything else: where the parameters are, the media type, strict decoding, repetition.
// None of them needs a hash, so a malformed request is cheap to refuse.
import type { IncomingHttpHeaders } from 'node:http'
import { isFormUrlEncoded, parseFormBody } from './form-body'
import { OAuthError } from './errors'
import { findings } from './findings'
import type { IssueOverrides } from '../tokens/token-service'
import type { Trace } from './trace'

export interface IncomingOAuthRequest {
  /** Query string without `?` ('' when none). */
  query: string
  headers: IncomingHttpHeaders
  body: Buffer
  trace: Trace
  /** A fault rule's changes to the tokens issued, if one fired (http/fault-point.ts). */
  overrides?: IssueOverrides
  /** The request came over TLS. */
  secure?: boolean
}

export interface FormRequest {
  /** Decoded, non-empty parameters (RFC 6749 §3.2: empty ones count as omitted). */
  params: Map<string, string>
  authorization: string | undefined
  trace: Trace
}

/** Parameters whose values are credentials: never acceptable in a URL. */
const CREDENTIAL_PARAMS = ['client_secret', 'refresh_token', 'token', 'access_token', 'client_assertion']

function checkQuery(query: string, trace: Trace): void {
  if (query === '') return
  const q = new URLSearchParams(query)
  const password = q.has('password')
  const others = CREDENTIAL_PARAMS.filter((n) => q.has(n))
  if (!password && others.length === 0) {
    trace.info('request.query', `query string ignored (${[...new Set(q.keys())].join(', ') || 'empty'})`)
    return
  }
  if (password) trace.finding(findings.passwordInQuery())
  if (others.length > 0) trace.finding(findings.credentialsInQuery(others))
  const names = [...(password ? ['password'] : []), ...others]
  trace.fail('request.query', `credentials in the query string: ${names.join(', ')}`)
  // RFC 6749 §2.3.1: client credentials "MUST NOT" be in the request URI; §3.2: POST with a body.
  throw new OAuthError(
    'invalid_request',
    `Credentials must not be sent in the URL query string (${names.join(', ')}); send them in the POST body (RFC 6749 section 3.2).`,
  )
}

export function readForm(req: IncomingOAuthRequest): FormRequest {
  const { trace } = req
  checkQuery(req.query, trace)

  const contentType = req.headers['content-type']
  if (contentType === undefined) {
    trace.fail('request.content_type', 'no Content-Type header')
    trace.finding(findings.missingContentType())
    throw new OAuthError(
      'invalid_request',
      'Missing Content-Type: the body must be application/x-www-form-urlencoded (RFC 6749 section 3.2).',
    )
  }
  if (!isFormUrlEncoded(contentType)) {
    trace.fail('request.content_type', `Content-Type ${contentType}`)
    trace.finding(findings.wrongContentType(contentType))
    throw new OAuthError(
      'invalid_request',
      'The body must be application/x-www-form-urlencoded (RFC 6749 section 3.2, Appendix B).',
    )
  }
  trace.ok('request.content_type', contentType)

  const parsed = parseFormBody(req.body)
  if (!parsed.ok) {
    trace.fail('request.body', parsed.description)
    throw new OAuthError('invalid_request', `The body is not valid form encoding: ${parsed.description}.`)
  }
  if (parsed.repeated.length > 0) {
    trace.fail('request.params', `repeated: ${parsed.repeated.join(', ')}`)
    trace.finding(findings.repeatedParameter(parsed.repeated))
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
  const authorization = req.headers.authorization
  return { params: parsed.params, authorization, trace }
}
