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
}

export function metadataDocument(svc: ServerServices): AuthorizationServerMetadata {
  // RFC 8414 §3.3: issuer must be identical to the base the document is served under.
  const issuer = svc.issuer()
  const base = issuer.replace(/\/+$/, '')
  const settings = svc.store.settings.get()
  return {
    issuer,
    token_endpoint: base + ENDPOINT_PATHS.token,
    introspection_endpoint: base + ENDPOINT_PATHS.introspect,
    revocation_endpoint: base + ENDPOINT_PATHS.revoke,
    jwks_uri: base + ENDPOINT_PATHS.jwks,
    // OAuth 2.1 has no password grant: disabled server-wide, it is not announced (a client's own
    // mode changes that client's answers only).
    grant_types_supported: GRANT_TYPES.filter((g) => g !== 'password' || settings.passwordGrant !== 'disabled'),
    token_endpoint_auth_methods_supported: [...AUTH_METHODS],
    introspection_endpoint_auth_methods_supported: [...AUTH_METHODS],
    revocation_endpoint_auth_methods_supported: [...AUTH_METHODS],
    scopes_supported: svc.store.scopes.list().map((s) => s.name),
    // ROPC has no authorization endpoint, so no response type is supported (RFC 8414 §2).
    response_types_supported: [],
  }
}
