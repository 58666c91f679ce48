// Every per-client field, once (the client id and its secret aside: they are the client's identity
// and credential, not settings of it). Adding a field is one line here; `clients.create` and
// `clients.update`, the workspace file's clients, ClientView and the create defaults all follow.
import { z } from 'zod'
import { AUTH_METHODS, GRANT_TYPES, TOKEN_FORMATS, type AuthMethod } from './wire'
import { field, listOf, oneOf, scopeName, ttl } from './fields'
import { PASSWORD_GRANT_MODES } from './password-grant'

/**
 * Schemes that are no redirection endpoint: the browser would run or read what follows (script, inline
 * content, local files) in place of handing a code to a client. RFC 6749 §3.1.2 asks only for an absolute URI;
 * RFC 8252 §7.1 private-use schemes (com.example.app:/cb) stay allowed.
 */
const NOT_REDIRECT_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:', 'about:'])
const SCHEMES_SAID = `${[...NOT_REDIRECT_SCHEMES].slice(0, -1).join(', ')} or ${[...NOT_REDIRECT_SCHEMES].at(-1)}`

/** RFC 6749 §3.1.2: an absolute URI without a fragment, parsed once. */
const redirectUri = z
  .string()
  .max(2000, 'at most 2000 characters')
  .superRefine((v, ctx) => {
    let url: URL | null = null
    try {
      url = new URL(v)
    } catch {
      // Named below.
    }
    if (url === null || v.includes('#')) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an absolute URI without a fragment (RFC 6749 section 3.1.2), e.g. http://127.0.0.1/callback',
      })
    }
    if (url !== null && NOT_REDIRECT_SCHEMES.has(url.protocol)) {
      ctx.addIssue({
        code: 'custom',
        message: `must not use a ${SCHEMES_SAID} scheme: a browser would not hand the code to a client there`,
      })
    }
  })

export const CLIENT_FIELDS = {
  // RFC 6749 §2.1: a public client has no secret and sends `client_id` in the body.
  public: field(z.boolean(), false),
  grantTypes: field(listOf(GRANT_TYPES, 'grant type'), ['password', 'refresh_token']),
  // Read after `public` (a default sees the fields above it): a public client authenticates with "none".
  authMethods: field(listOf(AUTH_METHODS, 'auth method'), (c): AuthMethod[] =>
    c.public ? ['none'] : ['client_secret_basic', 'client_secret_post'],
  ),
  // RFC 6749 §3.3: the scopes the client may ask for, each declared at the top level.
  scopes: field(z.array(scopeName), []),
  // null: those of its scopes that are marked default.
  defaultScopes: field(z.array(scopeName).nullable(), null),
  // null: from settings.
  tokenFormat: field(oneOf(TOKEN_FORMATS, 'token format').nullable(), null),
  accessTokenTtl: field(ttl.nullable(), null),
  refreshTokenTtl: field(ttl.nullable(), null),
  // Accept Basic credentials that are not form-urlencoded (RFC 6749 §2.3.1); the exchange records the finding.
  lenientBasicAuth: field(z.boolean(), false),
  // The password grant's mode for this client alone (enabled, deprecated, disabled); null: from settings.
  passwordGrant: field(oneOf(PASSWORD_GRANT_MODES, 'password grant mode').nullable(), null),
  // RFC 6749 §3.1.2, RFC 9700 §4.1.3: the redirect URIs, matched exactly (RFC 8252 §7.3: any port on
  // http://127.0.0.1 and http://[::1]).
  redirectUris: field(z.array(redirectUri).max(20, 'at most 20 redirect URIs'), []),
  // draft-ietf-oauth-first-party-apps §7.1: only a first-party client may use the challenge endpoint.
  firstParty: field(z.boolean(), false),
} as const
