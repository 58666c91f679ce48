// Request rules, RFC 6749 §3.2, §4.3.2, Appendix B. A probe is the grant that worked (known user,
// right password) with one deviation, so a refusal can only be about that deviation; where the
// deviation would put the password somewhere it may be logged (GET, the URL), an unknown user with a
// random password is sent instead, and invalid_grant then shows the server processed the request.
import { expectErrorOrPublicClientRefused, expectTokenIssued, judgeMissingParameter } from '../outcomes'
import type { Check, CheckGroup } from '../check'
import { errorOf, issuedToken, stringField, summarize, type Reply } from '../reply'
import type { PackSession } from '../session'

const repeated: Check = {
  id: 'requests.repeated-parameter',
  name: '§3.2 a repeated parameter is invalid_request',
  rfc: 'RFC 6749 §3.2, §5.2',
  quote:
    'Request and response parameters MUST NOT be included more than once. (§5.2 invalid_request: "... ' +
    'includes a parameter more than once")',
  level: 'MUST',
  requires: ['token'],
  async run(step) {
    // The grant that worked, with grant_type once more: only the repetition can be refused.
    const r = step.use(await step.session.userGrant('grant_type sent twice', { extra: [['grant_type', 'password']] }))
    if (!(await expectErrorOrPublicClientRefused(step, r, 'invalid_request')) && issuedToken(r)) {
      step.reason = 'a request with grant_type twice got a token'
    }
  },
}

const getRefused: Check = {
  id: 'requests.get-refused',
  name: '§3.2 the token endpoint refuses GET',
  rfc: 'RFC 6749 §3.2',
  quote:
    'The client MUST use the HTTP "POST" method when making access token requests. (A rule for the client: a ' +
    'server that processes GET is lenient, hence a warning.)',
  level: 'SHOULD',
  requires: ['token'],
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

const queryString: Check = {
  id: 'requests.query-string',
  name: '§3.2 a POST with its parameters in the query string gets a §5.2 error answer',
  rfc: 'RFC 6749 §3.2, §4.3.2, §5.2',
  quote:
    'The client makes a request to the token endpoint by adding the following parameters using the ' +
    '"application/x-www-form-urlencoded" format ... in the HTTP request entity-body (§4.3.2); the authorization ' +
    'server responds with an HTTP 400 (Bad Request) status code ... using the "application/json" media type (§5.2)',
  level: 'MUST',
  requires: ['token'],
  async run(step) {
    const s = step.session
    // An unknown user with a random password: no real secret or password ever goes into a URL.
    const query = new URLSearchParams(s.passwordParams(s.random(), s.random('password'), s.scope)).toString()
    const url = new URL(s.target.tokenEndpoint)
    url.search = url.search === '' ? query : `${url.search.slice(1)}&${query}`
    const r = step.use(await s.send('POST with the parameters in the query string', url.href, []))
    if (issuedToken(r)) {
      step.fail(`${r.label}: answer`, 'a §5.2 error', summarize(r))
      return
    }
    const code = errorOf(r)
    if (r.status !== 400 || stringField(r, 'error') === undefined) {
      step.fail(`${r.label}: answer`, '400 with a JSON error body (§5.2), e.g. invalid_request', summarize(r))
      step.reason =
        r.status >= 500
          ? `a POST with its parameters in the query string got ${summarize(r)}: a server error instead of a §5.2 answer`
          : undefined
    } else if (code === 'invalid_grant') {
      step.warn(
        `${r.label}: error`,
        'invalid_request (the parameters belong in the body)',
        `${summarize(r)}: the server read the parameters from the URL, where proxies and logs keep them`,
      )
    }
  },
}

const notForm: Check = {
  id: 'requests.json-body-refused',
  name: '§3.2 a body that is not form-encoded is refused',
  rfc: 'RFC 6749 §4.3.2, Appendix B, §5.2',
  quote:
    'The client makes a request to the token endpoint by adding the following parameters using the ' +
    '"application/x-www-form-urlencoded" format per Appendix B. (A rule for the client: a server that reads JSON is ' +
    'lenient, hence a warning.)',
  level: 'SHOULD',
  requires: ['token'],
  async run(step) {
    const s = step.session
    const method = (await s.clientAuth()).method
    const body: Record<string, string> = {
      grant_type: 'password',
      username: s.credentials.username,
      password: s.credentials.password,
      ...(s.scope !== undefined && { scope: s.scope }),
    }
    // client_secret_post would have put the credentials in a form body: put them in the JSON instead.
    const viaBody = method !== 'basic'
    if (viaBody) body['client_id'] = s.credentials.clientId
    if (method === 'post') body['client_secret'] = s.credentials.clientSecret ?? ''
    const r = step.use(
      await s.token('JSON body', [], {
        auth: viaBody ? s.auth('none', { clientId: '' }) : s.auth('basic'),
        rawBody: JSON.stringify(body),
        extraHeaders: [['Content-Type', 'application/json']],
      }),
    )
    // invalid_client is a correct refusal too when the client's credentials were in the JSON: the
    // server found no client authentication in a form body.
    const allowed = viaBody ? ['invalid_request', 'invalid_client'] : ['invalid_request']
    if (issuedToken(r)) {
      step.fail(
        `${r.label}: answer`,
        allowed.join(' or '),
        `${summarize(r)}: the JSON body was read as a token request`,
      )
    } else if (r.status < 400 || r.status >= 500) {
      step.fail(`${r.label}: answer`, `400 ${allowed.join(' or 400/401 ')}`, summarize(r))
    } else if (!allowed.includes(errorOf(r))) {
      // Refused, which is what the rule asks; the code is imprecise, but a server that cannot read
      // the body cannot know the grant or the client, and no SHOULD names the code: info only.
      step.reason = `(info) refused, with ${errorOf(r)} where ${allowed.join(' or ')} fits: ${summarize(r)}`
    }
  },
}

const emptyMeansOmitted: Check = {
  id: 'requests.empty-means-omitted',
  name: '§3.2 a parameter without a value is treated as omitted',
  rfc: 'RFC 6749 §3.2',
  quote: 'Parameters sent without a value MUST be treated as if they were omitted from the request.',
  level: 'MUST',
  requires: ['token'],
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
    judgeMissingParameter(step, emptyPassword)
  },
}

/** A password grant for the supplied user without a scope parameter (the main one when no scope is configured). */
export function noScopeGrant(s: PackSession): Promise<Reply> {
  if (s.scope === undefined) return s.mainGrant()
  return s.memo('grant.no-scope', () => s.userGrant('password grant without scope', { scope: null }))
}

const unknownIgnored: Check = {
  id: 'requests.unknown-ignored',
  name: '§3.2 an unknown parameter is ignored',
  rfc: 'RFC 6749 §3.2',
  quote: 'The authorization server MUST ignore unrecognized request parameters.',
  level: 'MUST',
  requires: ['token'],
  async run(step) {
    const r = step.use(
      await step.session.userGrant('an unknown parameter', { extra: [['ropc_conformance_unknown', '1']] }),
    )
    step.expect(expectTokenIssued(r))
  },
}

export const requestChecks: CheckGroup = {
  name: 'requests',
  checks: [repeated, getRefused, queryString, notForm, emptyMeansOmitted, unknownIgnored],
}
