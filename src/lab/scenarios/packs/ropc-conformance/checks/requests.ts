// Request rules, RFC 6749 §3.1, §3.2, Appendix B. Checks that expect a refusal use an unknown user:
// a server that ignores the rule then answers invalid_grant, which tells as much as a token would,
// without sending the supplied user's password in a malformed request.
import { expectOAuthError, expectTokenIssued } from '../assert'
import type { Check, CheckGroup } from '../check'
import { errorOf, stringField, summarize, type Reply } from '../reply'
import type { PackSession } from '../session'

const repeated: Check = {
  name: '§3.1 a repeated parameter is invalid_request',
  rfc: 'RFC 6749 §3.1',
  async run(step) {
    const r = step.use(
      await step.session.unknownUserGrant('grant_type sent twice', { extra: [['grant_type', 'password']] }),
    )
    step.expect(expectOAuthError(r, 'invalid_request', 400))
  },
}

const getRefused: Check = {
  name: '§3.2 the token endpoint refuses GET',
  rfc: 'RFC 6749 §3.2',
  async run(step) {
    // The form goes in a GET body, never the URL: a server that processes it refuses the unknown
    // user (invalid_grant); one that refuses GET answers 405 or invalid_request.
    const r = step.use(await step.session.unknownUserGrant('GET with the grant as form body', { method: 'GET' }))
    const error = errorOf(r)
    const refused = r.status === 405 || (r.status >= 400 && r.status < 500 && error !== 'invalid_grant')
    if (!refused) {
      step.fail(
        `${r.label}: answer`,
        '405, or 400 invalid_request (POST only)',
        error === 'invalid_grant' ? `${summarize(r)}: the GET was processed as a token request` : summarize(r),
      )
    }
  },
}

const notForm: Check = {
  name: '§3.2 a body that is not form-encoded is invalid_request',
  rfc: 'RFC 6749 §3.2, Appendix B',
  async run(step) {
    const s = step.session
    const body: Record<string, string> = {
      grant_type: 'password',
      username: s.random(),
      password: s.random('password'),
    }
    // client_secret_post would have put the credentials in a form body: put them in the JSON instead.
    const viaBody = s.credentials.auth !== 'basic'
    if (viaBody) body['client_id'] = s.credentials.clientId
    if (s.credentials.auth === 'post') body['client_secret'] = s.credentials.clientSecret ?? ''
    const r = step.use(
      await s.token('JSON body', [], {
        auth: viaBody ? s.auth('none', { clientId: '' }) : s.auth('basic'),
        rawBody: JSON.stringify(body),
        extraHeaders: [['Content-Type', 'application/json']],
      }),
    )
    step.expect(expectOAuthError(r, 'invalid_request', 400))
  },
}

const emptyMeansOmitted: Check = {
  name: '§3.2 a parameter without a value is treated as omitted',
  rfc: 'RFC 6749 §3.2',
  async run(step) {
    const s = step.session
    // An empty scope is an omitted scope: the grant succeeds with the same scope as without it.
    const omitted = step.use(await noScopeGrant(s))
    const empty = step.use(await s.userGrant('scope=""', { scope: null, extra: [['scope', '']] }))
    if (step.expect(expectTokenIssued(empty))) {
      const a = stringField(omitted, 'scope')
      const b = stringField(empty, 'scope')
      if (a !== b) step.fail(`${empty.label}: scope`, `as with scope omitted (${JSON.stringify(a)})`, JSON.stringify(b))
    }
    // An empty password is a missing password: invalid_request, not a failed login.
    const emptyPassword = step.use(
      await s.token('password=""', [
        ['grant_type', 'password'],
        ['username', s.random()],
        ['password', ''],
      ]),
    )
    step.expect(expectOAuthError(emptyPassword, 'invalid_request', 400))
  },
}

/** A password grant for the supplied user without a scope parameter (the main one when no scope is configured). */
export function noScopeGrant(s: PackSession): Promise<Reply> {
  if (s.scope === undefined) return s.mainGrant()
  return s.memo('grant.no-scope', () => s.userGrant('password grant without scope', { scope: null }))
}

const unknownIgnored: Check = {
  name: '§3.2 an unknown parameter is ignored',
  rfc: 'RFC 6749 §3.2',
  async run(step) {
    const r = step.use(
      await step.session.userGrant('an unknown parameter', { extra: [['ropc_conformance_unknown', '1']] }),
    )
    step.expect(expectTokenIssued(r))
  },
}

export const requestChecks: CheckGroup = {
  name: 'requests',
  checks: [repeated, getRefused, notForm, emptyMeansOmitted, unknownIgnored],
}
