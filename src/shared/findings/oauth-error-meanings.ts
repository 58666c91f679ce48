// What each error code of RFC 6749 §5.2 means (paraphrased), and what usually causes it in
// this lab. The server's decision trace says which cause it actually was. It sits beside the
// findings catalogue so there is one table of RFC meanings for the renderer and the checks.

export interface ErrorMeaning {
  code: string
  /** RFC 6749 §5.2, in plain words. */
  meaning: string
  rfc: string
  likelyCauses: string[]
}

const REFRESH_CAUSE =
  'a refresh token that expired, was revoked, was already used (rotation) or belongs to another client'
const PASSWORD_ONLY = new Set([
  'wrong password or unknown username (the server answers both the same way on purpose, §4.3.2)',
  'the user is disabled or locked out after too many failures (see the trace)',
])

export const OAUTH_ERROR_MEANINGS: Readonly<Record<string, Omit<ErrorMeaning, 'code'>>> = {
  invalid_request: {
    meaning:
      'The request is malformed: a required parameter is missing, a parameter is repeated or has an unsupported value, more than one client authentication method was used, or the request is otherwise not what the endpoint accepts.',
    rfc: 'RFC 6749 §5.2, §3.2',
    likelyCauses: [
      'grant_type, username or password missing (or sent empty, which counts as omitted)',
      'a parameter sent twice',
      'Basic credentials and client_secret in the body at the same time (§2.3: one method per request)',
      'a body that is not application/x-www-form-urlencoded, or bad percent-encoding',
      'credentials in the query string instead of the body',
    ],
  },
  invalid_client: {
    meaning:
      'Client authentication failed: the client is unknown, sent no credentials when it must, sent wrong ones, or used a method it is not allowed. After a Basic attempt the server answers 401 with WWW-Authenticate.',
    rfc: 'RFC 6749 §5.2, §2.3.1',
    likelyCauses: [
      'wrong client secret, or an unknown Client ID',
      'Basic credentials not form-encoded before base64 (§2.3.1) while the client is strict',
      'a confidential client that sent no secret, or a public client that sent one',
      'an authentication method (Basic / body / none) not enabled for this client',
    ],
  },
  invalid_grant: {
    meaning:
      'The grant presented is not valid: for the password grant the resource owner credentials are wrong; for a refresh the refresh token is invalid, expired, revoked, reused or was issued to another client.',
    rfc: 'RFC 6749 §5.2, §4.3.2, §6',
    likelyCauses: [
      'wrong password or unknown username (the server answers both the same way on purpose, §4.3.2)',
      'the user is disabled or locked out after too many failures (see the trace)',
      REFRESH_CAUSE,
    ],
  },
  unauthorized_client: {
    meaning: 'The client authenticated, but it is not allowed to use this grant type.',
    rfc: 'RFC 6749 §5.2',
    likelyCauses: ['the client\'s grant types do not include "password" (or "refresh_token" for a refresh)'],
  },
  unsupported_grant_type: {
    meaning: 'The authorization server does not support this grant type at all.',
    rfc: 'RFC 6749 §5.2',
    likelyCauses: ['a typo in grant_type, or a grant this server does not implement (only password and refresh_token)'],
  },
  invalid_scope: {
    meaning:
      'The requested scope is invalid, unknown, malformed, or exceeds what the client (or the original grant, on refresh) may have.',
    rfc: 'RFC 6749 §5.2, §3.3, §6',
    likelyCauses: [
      'a scope that does not exist in the workspace',
      "a scope not among the client's allowed scopes",
      'on refresh: a scope wider than the one originally granted',
    ],
  },
  server_error: {
    meaning:
      "The server met an unexpected condition. The cause stays in the server's trace and is never put on the wire.",
    rfc: 'RFC 6749 §4.1.2.1 (code), §5.2',
    likelyCauses: ['a bug or an injected fault: read the decision trace'],
  },
  temporarily_unavailable: {
    meaning: 'The server is overloaded or under maintenance; try again later.',
    rfc: 'RFC 6749 §4.1.2.1 (code)',
    likelyCauses: ['an injected fault or a server under load'],
  },
  unsupported_token_type: {
    meaning:
      'Revocation only: the server does not support revoking this kind of token. The client must assume the token was not revoked.',
    rfc: 'RFC 7009 §2.2.1',
    likelyCauses: ['a server that can revoke refresh tokens only, asked to revoke an access token'],
  },
}

/** With the grant type known, causes that belong to the other grant are left out. */
export function explainOAuthError(code: string, grantType?: string): ErrorMeaning {
  const known = Object.hasOwn(OAUTH_ERROR_MEANINGS, code) ? OAUTH_ERROR_MEANINGS[code] : undefined
  if (known) {
    const likelyCauses = known.likelyCauses.filter((c) => {
      if (grantType === 'password') return c !== REFRESH_CAUSE && !c.startsWith('on refresh')
      if (grantType === 'refresh_token') return !PASSWORD_ONLY.has(c)
      return true
    })
    return { code, ...known, likelyCauses }
  }
  return {
    code,
    meaning: 'This code is not one RFC 6749 §5.2 defines; a client should treat it as a generic failure.',
    rfc: 'RFC 6749 §5.2',
    likelyCauses: ['an extension error code, or a server that does not follow §5.2'],
  }
}
