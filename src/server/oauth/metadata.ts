// Authorization server metadata, RFC 8414 §2, served at /.well-known/oauth-authorization-server.
import { AUTH_METHODS, ENDPOINT_PATHS, GRANT_TYPES } from '../../shared/wire'
import type { ServerServices } from '../services'

export interface AuthorizationServerMetadata {
  issuer: string
  token_endpoint: string
  introspection_endpoint: string
  revocation_endpoint: string
  jwks_uri: string
  grant_types_supported: string[]
  token_endpoint_auth_methods_supported: string[]
  introspection_endpoint_auth_methods_supported: string[]
  revocation_endpoint_auth_methods_supported: string[]
  scopes_supported: string[]
  response_types_supported: string[]
  authorization_endpoint: string
  authorization_challenge_endpoint: string
  code_challenge_methods_supported: string[]
  authorization_response_iss_parameter_supported: boolean
}

/** way-out.md: the successors are announced when any client holds them (the password grant as before). */
const ANNOUNCED_WHEN_HELD: ReadonlySet<string> = new Set(['authorization_code', 'client_credentials'])

export function metadataDocument(svc: ServerServices): AuthorizationServerMetadata {
  // RFC 8414 §3.3: issuer must be identical to the base the document is served under.
  const issuer = svc.issuer()
  const base = issuer.replace(/\/+$/, '')
  const settings = svc.store.settings.get()
  const held = new Set(svc.store.clients.list().flatMap((c) => c.grantTypes))
  return {
    issuer,
    token_endpoint: base + ENDPOINT_PATHS.token,
    introspection_endpoint: base + ENDPOINT_PATHS.introspect,
    revocation_endpoint: base + ENDPOINT_PATHS.revoke,
    jwks_uri: base + ENDPOINT_PATHS.jwks,
    // OAuth 2.1 has no password grant: disabled server-wide, it is not announced (a client's own
    // mode changes that client's answers only).
    grant_types_supported: GRANT_TYPES.filter((g) => g !== 'password' || settings.passwordGrant !== 'disabled').filter(
      (g) => !ANNOUNCED_WHEN_HELD.has(g) || held.has(g),
    ),
    token_endpoint_auth_methods_supported: [...AUTH_METHODS],
    introspection_endpoint_auth_methods_supported: [...AUTH_METHODS],
    revocation_endpoint_auth_methods_supported: [...AUTH_METHODS],
    scopes_supported: svc.store.scopes.list().map((s) => s.name),
    // RFC 6749 §3.1.1: the authorization endpoint serves the code flow only (no implicit, RFC 9700 §2.1.2).
    response_types_supported: ['code'],
    authorization_endpoint: base + ENDPOINT_PATHS.authorize,
    // draft-ietf-oauth-first-party-apps §4.1
    authorization_challenge_endpoint: base + ENDPOINT_PATHS.challenge,
    // RFC 7636 §4.2, RFC 9700 §2.1.1: S256 only; plain would hand the verifier to whoever reads the request.
    code_challenge_methods_supported: ['S256'],
    // RFC 9207 §3: the authorization response carries iss.
    authorization_response_iss_parameter_supported: true,
  }
}
