// Client authentication, RFC 6749 §2.3, §2.3.1, §3.2.1, and the 401 of §5.2.
import { formEncodeComponent } from '../../../../../shared/token-request'
import { expectBasicChallenge, expectOAuthError, expectStatus } from '../assert'
import type { Check, CheckGroup, Step } from '../check'
import { errorOf, issuedToken, summarize } from '../reply'
import { skip } from '../skip'

const PUBLIC = 'the client is public (no secret): client authentication checks do not apply'

/** How a form-decoder reads a string: `+` is a space, `%XX` a byte (Appendix B). */
function formDecode(value: string): string | null {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '))
  } catch {
    return null
  }
}

function requireSecret(step: Step): void {
  if (step.session.isPublic) skip(PUBLIC)
  if (!step.session.credentials.clientSecret) skip('no client secret was given')
}

/** Basic-only checks need the client to use Basic: a client registered for post may be refused it. */
function requireBasic(step: Step): void {
  requireSecret(step)
  if (step.session.credentials.auth !== 'basic') {
    skip('the client authenticates with client_secret_post; run the pack with Basic authentication to check this')
  }
}

const formDecoded: Check = {
  name: '§2.3.1 Basic credentials are form-decoded',
  rfc: 'RFC 6749 §2.3.1',
  async run(step) {
    requireBasic(step)
    const { clientId, clientSecret = '' } = step.session.credentials
    if (formEncodeComponent(clientId) === clientId && formEncodeComponent(clientSecret) === clientSecret) {
      skip(
        'needs a client id or secret with a character that form-encoding changes: run the pack with a client ' +
          'whose secret contains e.g. "+", "/" or a space (Basic then differs from a plain base64 of id:secret)',
      )
    }
    // The main grant is sent with Basic, form-encoded as §2.3.1 says.
    const main = step.use(await step.session.mainGrant())
    if (issuedToken(main)) return
    if (errorOf(main) === 'invalid_grant') {
      skip(`the client was accepted but the supplied user was refused (${summarize(main)}), so this cannot tell`)
    }
    step.reason = 'form-encoded Basic credentials (RFC 6749 §2.3.1) were refused: the server does not form-decode them'
    step.expect(expectStatus(main, 200))
  },
}

const rawRefused: Check = {
  name: '§2.3.1 Basic credentials that are not form-encoded are refused',
  rfc: 'RFC 6749 §2.3.1',
  async run(step) {
    requireBasic(step)
    const { clientId, clientSecret = '' } = step.session.credentials
    if (formDecode(clientId) === clientId && formDecode(clientSecret) === clientSecret) {
      skip(
        'needs a client id or secret that reads differently once form-decoded: run the pack with a client whose ' +
          'secret contains "+" or "%" (sent raw, a "+" must be read as a space and the secret then fails)',
      )
    }
    // An unknown user: a server that accepts the raw credentials goes on to refuse the user.
    const r = step.use(
      await step.session.unknownUserGrant('Basic credentials not form-encoded', {
        auth: step.session.auth('basic', { formEncode: false }),
      }),
    )
    if (!step.expect(expectOAuthError(r, 'invalid_client', 401))) {
      step.reason =
        errorOf(r) === 'invalid_grant' || issuedToken(r)
          ? 'Basic credentials that are not form-encoded were accepted (the server went on to the user)'
          : undefined
    }
  },
}

/** A wrong secret, sent by the configured method; shared with the 401 check when that is Basic. */
function wrongSecret(step: Step, method: 'configured' | 'basic') {
  const s = step.session
  const viaBasic = method === 'basic' || s.credentials.auth === 'basic'
  return s.memo(viaBasic ? 'wrong-secret.basic' : 'wrong-secret.post', () =>
    s.unknownUserGrant(viaBasic ? 'wrong client secret (Basic)' : 'wrong client secret (body)', {
      auth: s.auth(viaBasic ? 'basic' : 'post', { secret: s.random('wrong-secret') }),
    }),
  )
}

const wrongSecretRefused: Check = {
  name: '§2.3.1 a wrong client secret is invalid_client',
  rfc: 'RFC 6749 §2.3.1, §5.2',
  async run(step) {
    requireSecret(step)
    const r = step.use(await wrongSecret(step, 'configured'))
    step.expect(expectOAuthError(r, 'invalid_client', [400, 401]))
  },
}

const basic401: Check = {
  name: '§5.2 invalid_client after Basic is 401 with WWW-Authenticate: Basic',
  rfc: 'RFC 6749 §5.2',
  async run(step) {
    requireSecret(step)
    const r = step.use(await wrongSecret(step, 'basic'))
    step.expect(expectOAuthError(r, 'invalid_client'))
    step.expect(expectBasicChallenge(r))
  },
}

const oneMethod: Check = {
  name: '§2.3 one client authentication method per request',
  rfc: 'RFC 6749 §2.3',
  async run(step) {
    requireSecret(step)
    const s = step.session
    const r = step.use(
      await s.unknownUserGrant('Basic credentials and client_secret in the body', {
        auth: s.auth('basic'),
        extra: [
          ['client_id', s.credentials.clientId],
          ['client_secret', s.credentials.clientSecret ?? ''],
        ],
      }),
    )
    if (!step.expect(expectOAuthError(r, 'invalid_request', 400)) && errorOf(r) === 'invalid_grant') {
      step.reason = 'Basic plus a body client_secret was accepted (the server went on to the user)'
    }
  },
}

const confidentialMustAuthenticate: Check = {
  name: '§3.2.1 a confidential client without its secret is invalid_client',
  rfc: 'RFC 6749 §3.2.1, §5.2',
  async run(step) {
    requireSecret(step)
    const r = step.use(
      await step.session.unknownUserGrant('client_id without a secret', { auth: step.session.auth('none') }),
    )
    step.expect(expectOAuthError(r, 'invalid_client', [400, 401]))
  },
}

export const clientAuthChecks: CheckGroup = {
  name: 'client authentication',
  checks: [formDecoded, rawRefused, wrongSecretRefused, basic401, oneMethod, confidentialMustAuthenticate],
}
