// Wire types keep the RFCs' snake_case (RFC 6749 §5.1, §5.2; RFC 7662 §2.2).

/** RFC 6749 §5.2: the error codes of the token endpoint. */
export const TOKEN_ERROR_CODES = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
] as const
/** The §5.2 codes, and the two of §4.1.2.1 this server also answers with (and a fault rule may send). */
export const OAUTH_ERROR_CODES = [...TOKEN_ERROR_CODES, 'server_error', 'temporarily_unavailable'] as const
/** RFC 6749 §5.2: the members an error body may have. */
export const ERROR_BODY_MEMBERS = ['error', 'error_description', 'error_uri'] as const
export type OAuthErrorCode = (typeof OAUTH_ERROR_CODES)[number]

/** RFC 6749 §5.2: exactly `{ error, error_description? }`. */
export interface OAuthErrorBody {
  error: OAuthErrorCode
  error_description?: string
}

/** RFC 6749 §5.1 */
export interface TokenResponse {
  access_token: string
  token_type: 'Bearer'
  expires_in: number
  refresh_token?: string
  scope?: string
}

/** RFC 7662 §2.2 */
export type IntrospectionResponse =
  | { active: false }
  | {
      active: true
      scope: string
      client_id: string
      /** RFC 7662 §2.2: absent when the token names no user (client credentials). */
      username?: string
      sub: string
      exp: number
      iat: number
      token_type: string
      iss: string
      aud: string
      jti: string
      [claim: string]: unknown
    }

// RFC 6749 §4.1 (with RFC 7636 PKCE) and §4.4: the successors of the password grant (way-out.md).
export const GRANT_TYPES = ['password', 'refresh_token', 'authorization_code', 'client_credentials'] as const
export type GrantType = (typeof GRANT_TYPES)[number]

export const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'none'] as const
export type AuthMethod = (typeof AUTH_METHODS)[number]

export const TOKEN_FORMATS = ['opaque', 'jwt'] as const
export type TokenFormat = (typeof TOKEN_FORMATS)[number]

/** Paths of the embedded server. The token path is the one of Curity's ROPC tutorial. */
export const ENDPOINT_PATHS = {
  token: '/oauth/v2/oauth-token',
  introspect: '/oauth/v2/oauth-introspect',
  revoke: '/oauth/v2/oauth-revoke',
  jwks: '/oauth/v2/jwks',
  metadata: '/.well-known/oauth-authorization-server',
  /** RFC 6749 §3.1: the authorization endpoint and its sign-in page (GET shows it, POST signs in). */
  authorize: '/oauth/v2/oauth-authorize',
  /** draft-ietf-oauth-first-party-apps §4.1: the authorization challenge endpoint. */
  challenge: '/oauth/v2/oauth-authorization-challenge',
} as const
/**
 * The one endpoint vocabulary: a scenario step's `endpoint`, what the judge and the proxy call an
 * exchange's endpoint, and the keys of every set of endpoint URLs (discovery, the pack, scenarios).
 */
export type EndpointName = keyof typeof ENDPOINT_PATHS

/** The path of an exchange's endpoint, absolute URL or path, without its query: what ENDPOINT_PATHS names. */
export const endpointPath = (endpoint: string): string => endpoint.replace(/^https?:\/\/[^/]+/, '').split('?')[0] ?? ''

/**
 * Which flow an exchange belongs to, so the migration report tells a password-grant client from one
 * that moved (way-out.md): the grant at the token endpoint, and the authorization-code redemptions
 * told apart by where the code came from.
 */
export const FLOWS = [
  'password',
  'refresh_token',
  'authorization_code',
  'authorization_challenge',
  'client_credentials',
] as const
export type Flow = (typeof FLOWS)[number]

/** draft-ietf-oauth-first-party-apps §5.1: the challenge endpoint's success answer. */
export interface AuthorizationChallengeResponse {
  authorization_code: string
}

/** draft-ietf-oauth-first-party-apps §5.2: an error answer of the challenge endpoint. */
export interface AuthorizationChallengeError {
  error: string
  error_description?: string
  auth_session?: string
}

export const ENDPOINT_NAMES = [
  'token',
  'introspect',
  'revoke',
  'metadata',
  'jwks',
] as const satisfies readonly EndpointName[]

/** Each endpoint's URL field where one is held as a named field, after RFC 8414 §2's member names. */
export const ENDPOINT_URL_FIELDS = {
  token: 'tokenEndpoint',
  introspect: 'introspectionEndpoint',
  revoke: 'revocationEndpoint',
  metadata: 'metadataUrl',
  jwks: 'jwksUri',
  authorize: 'authorizationEndpoint',
  challenge: 'authorizationChallengeEndpoint',
} as const satisfies Record<EndpointName, string>
export type EndpointUrlField = (typeof ENDPOINT_URL_FIELDS)[EndpointName]

/** The endpoints known of a server, as absolute URLs, keyed by their fields (none required). */
export type EndpointUrls = { [K in EndpointUrlField]?: string }

/** The same URLs keyed by endpoint name. */
export function endpointsByName(urls: EndpointUrls): Partial<Record<EndpointName, string>> {
  const out: Partial<Record<EndpointName, string>> = {}
  for (const name of ENDPOINT_NAMES) {
    const url = urls[ENDPOINT_URL_FIELDS[name]]
    if (url !== undefined) out[name] = url
  }
  return out
}
