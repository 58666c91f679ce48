// Client authentication, RFC 6749 §2.3, §2.3.1, §3.2.1, the 401 of §5.2 and RFC 7617 §2. Every probe
// is the supplied user's grant that works (known user, right password) with one deviation in how
// the client authenticates, so a refusal can only be about that deviation.
import { formEncodeComponent } from '../../../../../shared/token-request'
import type { Check, CheckGroup, Step } from '../check'
import { expectJudged } from '../judged'
import { expectOAuthError } from '../outcomes'
import { clientRefused } from '../preconditions'
import { errorOf, issuedToken, summarize, type Reply } from '../reply'
import { skip } from '../skip'

/** How a form-decoder reads a string: `+` is a space, `%XX` a byte (Appendix B). */
function formDecode(value: string): string | null {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '))
  } catch {
    return null
  }
}

const encodingChanges = (step: Step) => {
  const { clientId, clientSecret = '' } = step.session.credentials
  return formEncodeComponent(clientId) !== clientId || formEncodeComponent(clientSecret) !== clientSecret
}

const formDecoded: Check = {
  id: 'client-auth.basic-form-decoded',
  name: '§2.3.1 Basic credentials are form-decoded',
  rfc: 'RFC 6749 §2.3.1',
  quote:
    'The client identifier is encoded using the "application/x-www-form-urlencoded" encoding algorithm per ' +
    'Appendix B, and the encoded value is used as the username; the client password is encoded using the same ' +
    'algorithm and used as the password. The authorization server MUST support the HTTP Basic authentication scheme',
  level: 'MUST',
  requires: ['confidential'],
  async run(step) {
    const s = step.session
    if (s.credentials.auth !== 'basic') {
      skip('the client authenticates with client_secret_post; run the pack with --auth basic to check this')
    }
    const auth = await s.clientAuth()
    const first = step.use(auth.first)
    if (auth.granted !== undefined) step.use(auth.granted)
    if (issuedToken(first)) {
      if (!encodingChanges(step)) {
        skip(
          'needs a client id or secret with a character that form-encoding changes: run the pack with a client ' +
            'whose secret contains e.g. "+", "/" or a space (Basic then differs from a plain base64 of id:secret)',
        )
      }
      return
    }
    if (!clientRefused(first)) skip(`the first password grant got ${summarize(first)}, so this cannot tell`)
    if (auth.method !== 'post') skip(`needs the client accepted by some method: ${auth.refused ?? 'it was not'}`)
    step.fail(`${first.label}: answer`, '200 with an access_token', summarize(first))
    step.reason = encodingChanges(step)
      ? 'form-encoded Basic credentials (RFC 6749 §2.3.1) were refused and client_secret_post accepted: the server does not form-decode Basic credentials'
      : 'Basic credentials were refused and client_secret_post accepted: RFC 6749 §2.3.1 requires Basic support'
  },
}

/** The supplied user's grant with Basic credentials the test varies. */
function basicProbe(
  step: Step,
  label: string,
  opts: { secret?: string; formEncode?: boolean; extra?: Array<[string, string]> },
) {
  const s = step.session
  return s.userGrant(label, {
    auth: s.auth('basic', {
      ...(opts.secret !== undefined && { secret: opts.secret }),
      ...(opts.formEncode !== undefined && { formEncode: opts.formEncode }),
    }),
    ...(opts.extra !== undefined && { extra: opts.extra }),
  })
}

const rawRefused: Check = {
  id: 'client-auth.basic-raw-refused',
  name: '§2.3.1 Basic credentials that are not form-encoded are refused',
  rfc: 'RFC 6749 §2.3.1',
  quote: 'the client password is encoded using the same algorithm and used as the password',
  level: 'MUST',
  requires: ['basic-accepted'],
  async run(step) {
    const { clientId, clientSecret = '' } = step.session.credentials
    if (formDecode(clientId) === clientId && formDecode(clientSecret) === clientSecret) {
      skip(
        'needs a client id or secret that reads differently once form-decoded: run the pack with a client whose ' +
          'secret contains "+" or "%" (sent raw, a "+" must be read as a space and the secret then fails)',
      )
    }
    const r = step.use(await basicProbe(step, 'Basic credentials not form-encoded', { formEncode: false }))
    if (!step.expect(expectOAuthError(r, 'invalid_client', 401)) && issuedToken(r)) {
      step.reason = 'Basic credentials that are not form-encoded were accepted (a token was issued)'
    }
  },
}

/** The supplied user's grant with a wrong secret by Basic: judged by three checks, sent once. */
const wrongBasic = (step: Step) =>
  step.session.memo('wrong-secret.basic', () =>
    basicProbe(step, 'wrong client secret (Basic)', { secret: step.session.random('wrong-secret') }),
  )

const wrongSecretRefused: Check = {
  id: 'client-auth.wrong-secret',
  name: '§2.3.1 a wrong client secret is invalid_client',
  rfc: 'RFC 6749 §2.3.1, §5.2',
  quote:
    'invalid_client: Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).',
  level: 'MUST',
  requires: ['confidential', 'token'],
  async run(step) {
    const s = step.session
    const viaBasic = (await s.clientAuth()).method === 'basic'
    const r = step.use(
      viaBasic
        ? await wrongBasic(step)
        : await s.userGrant('wrong client secret (body)', {
            auth: s.auth('post', { secret: s.random('wrong-secret') }),
          }),
    )
    if (!step.expect(expectOAuthError(r, 'invalid_client', [400, 401])) && issuedToken(r)) {
      step.reason = 'a token was issued with a wrong client secret'
    }
  },
}

const CHALLENGE_CODES = new Set([
  'invalid_client_not_401',
  'unauthorized_without_www_authenticate',
  'challenge_scheme_mismatch',
] as const)

const basic401: Check = {
  id: 'client-auth.basic-401-challenge',
  name: '§5.2 invalid_client after Basic is 401 with WWW-Authenticate: Basic',
  rfc: 'RFC 6749 §5.2',
  quote:
    'If the client attempted to authenticate via the "Authorization" request header field, the authorization ' +
    'server MUST respond with an HTTP 401 (Unauthorized) status code and include the "WWW-Authenticate" response ' +
    'header field matching the authentication scheme used by the client.',
  level: 'MUST',
  requires: ['confidential', 'token'],
  async run(step) {
    const r = step.use(await wrongBasic(step))
    if (!clientRefused(r)) skip(`the wrong Basic secret got ${summarize(r)} (see "${wrongSecretRefused.name}")`)
    step.expect(expectOAuthError(r, 'invalid_client', 401))
    expectJudged(step, r, CHALLENGE_CODES)
  },
}

const realm: Check = {
  id: 'client-auth.basic-realm',
  name: 'RFC 7617 §2 the Basic challenge names a realm',
  rfc: 'RFC 7617 §2',
  quote: 'The "realm" authentication parameter is REQUIRED.',
  level: 'MUST',
  requires: ['confidential', 'token'],
  async run(step) {
    const r = step.use(await wrongBasic(step))
    const challenge = r.headers.find(([k]) => k.toLowerCase() === 'www-authenticate')?.[1]
    if (challenge === undefined || !/(^|,)\s*basic(\s|,|$)/i.test(challenge)) {
      skip(`the answer to a wrong Basic secret has no Basic challenge (see "${basic401.name}")`)
    }
    expectJudged(step, r, new Set(['basic_challenge_without_realm'] as const))
  },
}

const oneMethod: Check = {
  id: 'client-auth.one-method',
  name: '§2.3 Basic and body credentials together are invalid_request',
  rfc: 'RFC 6749 §2.3, §5.2',
  quote:
    'The client MUST NOT use more than one authentication method in each request. (§5.2 invalid_request: ' +
    '"... utilizes more than one mechanism for authenticating the client")',
  level: 'MUST',
  requires: ['basic-accepted'],
  async run(step) {
    const s = step.session
    const r = step.use(
      await basicProbe(step, 'Basic credentials and client_secret in the body', {
        extra: [
          ['client_id', s.credentials.clientId],
          ['client_secret', s.credentials.clientSecret ?? ''],
        ],
      }),
    )
    if (issuedToken(r)) {
      step.fail(`${r.label}: answer`, '400 invalid_request', summarize(r))
      step.reason =
        'Basic plus a body client_secret was accepted: the same grant without the body secret is the one that worked'
    } else if (errorOf(r) !== 'invalid_request') {
      // Refused, which is what matters; §5.2 names invalid_request for it.
      step.warn(`${r.label}: error`, 'invalid_request (RFC 6749 §5.2)', summarize(r))
    }
  },
}

const noFallback: Check = {
  id: 'client-auth.no-fallback-after-failed-basic',
  name: '§2.3 body credentials are not accepted after failed Basic credentials',
  rfc: 'RFC 6749 §2.3',
  quote: 'The client MUST NOT use more than one authentication method in each request.',
  level: 'MUST',
  requires: ['basic-accepted'],
  async run(step) {
    const s = step.session
    const r = step.use(
      await basicProbe(step, 'wrong Basic secret, right client_secret in the body', {
        secret: s.random('wrong-secret'),
        extra: [
          ['client_id', s.credentials.clientId],
          ['client_secret', s.credentials.clientSecret ?? ''],
        ],
      }),
    )
    if (issuedToken(r)) {
      step.fail(`${r.label}: answer`, 'refused (400 invalid_request or 401 invalid_client)', summarize(r))
      step.reason =
        'a wrong Basic secret with the right body secret got a token: the server falls back to the body when Basic fails'
    }
  },
}

const confidentialMustAuthenticate: Check = {
  id: 'client-auth.confidential-needs-secret',
  name: '§3.2.1 a confidential client without its secret is invalid_client',
  rfc: 'RFC 6749 §3.2.1, §5.2',
  quote:
    'Confidential clients or other clients issued client credentials MUST authenticate with the authorization server',
  level: 'MUST',
  requires: ['confidential', 'token'],
  async run(step) {
    const s = step.session
    const r: Reply = step.use(await s.userGrant('client_id without a secret', { auth: s.auth('none') }))
    if (!step.expect(expectOAuthError(r, 'invalid_client', [400, 401])) && issuedToken(r)) {
      step.reason = 'a token was issued to the confidential client without its secret'
    }
  },
}

export const clientAuthChecks: CheckGroup = {
  name: 'client authentication',
  checks: [
    formDecoded,
    rawRefused,
    wrongSecretRefused,
    basic401,
    realm,
    oneMethod,
    noFallback,
    confidentialMustAuthenticate,
  ],
}
