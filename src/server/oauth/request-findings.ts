// The client findings a request shows on its own, without a hash or a database: where the
// parameters are, the media type, repetition, how Basic credentials were encoded, the transport.
// Pure, so the recording proxy judges what a client sends to a real server with the same rules the
// token endpoint applies to what it receives.
import type { IncomingHttpHeaders } from 'node:http'
import type { Finding } from '../../shared/exchange'
import { isFormUrlEncoded, parseFormBody } from './form-body'
import { parseBasicAuthorization } from './basic-auth'
import { findings } from './findings'

export interface JudgedClientRequest {
  method: string
  /** Query string without `?` ('' when none). */
  query: string
  headers: IncomingHttpHeaders
  body: Buffer
  /** The request came over TLS. */
  secure: boolean
}

/** Parameters whose values are credentials: never acceptable in a URL (RFC 6749 §2.3.1, §3.2). */
const CREDENTIAL_PARAMS = ['client_secret', 'refresh_token', 'token', 'access_token', 'client_assertion']

/**
 * RFC 6749 Appendix B: a form-encoded component holds only alphanumerics, `*-._`, `+` (a space) and
 * `%XX`. Anything else in a Basic half means the client did not form-encode it (§2.3.1).
 */
const FORM_ENCODED = /^[A-Za-z0-9*\-._+%]*$/

function queryFindings(query: string): Finding[] {
  if (query === '') return []
  const q = new URLSearchParams(query)
  const out: Finding[] = []
  if (q.has('password')) out.push(findings.passwordInQuery())
  const others = CREDENTIAL_PARAMS.filter((n) => q.has(n))
  if (others.length > 0) out.push(findings.credentialsInQuery(others))
  return out
}

function basicFinding(authorization: string | undefined): Finding | null {
  const basic = parseBasicAuthorization(authorization)
  if (basic.kind !== 'basic') return null
  const { id, secret } = basic.raw
  if (FORM_ENCODED.test(id) && FORM_ENCODED.test(secret)) return null
  return {
    ...findings.basicNotFormEncoded(basic.decoded?.id ?? id, true),
    message:
      `The Basic credentials of client "${id}" hold characters that application/x-www-form-urlencoding would ` +
      'have escaped (RFC 6749 §2.3.1, Appendix B): the client sent the id and secret raw. A server that follows ' +
      'the RFC form-decodes them and may read a different secret (a "+" becomes a space, "%" starts an escape).',
  }
}

export function judgeClientRequest(req: JudgedClientRequest): Finding[] {
  const out = queryFindings(req.query)
  if (req.method !== 'POST') return out
  const contentType = req.headers['content-type']
  if (contentType === undefined) out.push(findings.missingContentType())
  else if (!isFormUrlEncoded(contentType)) out.push(findings.wrongContentType(contentType))
  const parsed = isFormUrlEncoded(contentType) ? parseFormBody(req.body) : null
  if (parsed?.ok && parsed.repeated.length > 0) out.push(findings.repeatedParameter(parsed.repeated))
  const basic = basicFinding(req.headers.authorization)
  if (basic) out.push(basic)
  const params = parsed?.ok ? parsed.params : new Map<string, string>()
  if (params.has('client_secret')) out.push(findings.clientSecretPostUsed())
  const carriesCredential =
    params.has('password') || params.has('client_secret') || req.headers.authorization !== undefined
  if (carriesCredential && !req.secure) out.push(findings.insecureTransport())
  return out
}
