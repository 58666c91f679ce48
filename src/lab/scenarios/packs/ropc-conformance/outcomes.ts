// The outcome a probe expects (a status, an OAuth error code, a token, a refusal), as pure
// functions of a Reply returning what differed. The rules about the form of an answer (RFC 6749
// §5.1/§5.2 and the challenge rules) are not here: they are the shared judge's
// (src/shared/response-checks), read through judged.ts.
import type { ExpectationFailure } from '../../results'
import type { Step } from './check'
import { issuedToken, jsonObject, stringField, summarize, type Reply } from './reply'

type Failures = ExpectationFailure[]

function failure(reply: Reply, what: string, expected: string, actual: string): ExpectationFailure {
  return { what: `${reply.label}: ${what}`, expected, actual }
}

export function expectStatus(reply: Reply, expected: number | readonly number[]): Failures {
  const list = typeof expected === 'number' ? [expected] : expected
  if (list.includes(reply.status)) return []
  return [failure(reply, 'status', list.join(' or '), summarize(reply))]
}

/** An OAuth error answer: the status (when given) and `error` equal to `code`. */
export function expectOAuthError(reply: Reply, code: string, status?: number | readonly number[]): Failures {
  const out: Failures = status === undefined ? [] : expectStatus(reply, status)
  const error = stringField(reply, 'error')
  if (error !== code) out.push(failure(reply, 'error', code, error === undefined ? summarize(reply) : error))
  return out
}

/** RFC 6749 §5.1: 200 with an access_token. */
export function expectTokenIssued(reply: Reply): Failures {
  if (issuedToken(reply)) return []
  return [failure(reply, 'answer', '200 with an access_token', summarize(reply))]
}

/** RFC 7662 §2.2: an inactive token is exactly `{"active": false}`. */
export function expectExactlyInactive(reply: Reply): Failures {
  const out = expectStatus(reply, 200)
  const body = jsonObject(reply)
  const exact = body !== undefined && Object.keys(body).length === 1 && body['active'] === false
  if (!exact) out.push(failure(reply, 'body', '{"active": false}', summarize(reply)))
  return out
}

/** A refusal of any kind: not a 2xx, not a 5xx, and no token or active introspection in the body. */
export function expectRefused(reply: Reply, expected: string): Failures {
  const body = jsonObject(reply)
  const refused = reply.status >= 400 && reply.status < 500 && !issuedToken(reply) && body?.['active'] !== true
  return refused ? [] : [failure(reply, 'answer', expected, summarize(reply))]
}

/**
 * A missing (or empty) password must be invalid_request. The probe uses an unknown user, so that a
 * server counting it as a failed login never counts it against the supplied user (lockout); then an
 * invalid_grant may only mean the server looked the user up first — §5.2 orders no checks — so it is
 * a warning, not a failure.
 */
export function judgeMissingParameter(step: Step, reply: Reply): void {
  const error = stringField(reply, 'error')
  if (reply.status === 400 && error === 'invalid_request') return
  if (error === 'invalid_grant') {
    step.warn(
      `${reply.label}: error`,
      'invalid_request',
      `${summarize(reply)}: the server may have looked the (unknown) user up first, so this cannot tell`,
    )
    return
  }
  step.expect(expectOAuthError(reply, 'invalid_request', 400))
}

/**
 * A probe's refusal, where a public client (no credentials) may be asked to authenticate first:
 * RFC 6749 orders no checks, and for a grant the server cannot recognise (an unknown or repeated
 * grant_type) it cannot tell that no client authentication is needed, so §5.2 invalid_client ("no
 * client authentication included") is as right as `code`. Said in the step's reason, never failed.
 */
export async function expectErrorOrPublicClientRefused(step: Step, reply: Reply, code: string): Promise<boolean> {
  const method = (await step.session.clientAuth()).method
  if (method === 'none' && stringField(reply, 'error') === 'invalid_client' && [400, 401].includes(reply.status)) {
    step.reason = `the public client was asked to authenticate first (${summarize(reply)}): RFC 6749 orders no checks, so ${code} was not reached`
    return true
  }
  return step.expect(expectOAuthError(reply, code, 400))
}
