// Routes by ENDPOINT_PATHS (src/shared/wire.ts). The OAuth endpoints are POST-only (RFC 6749
// §3.2, RFC 7662 §2.1, RFC 7009 §2.1); metadata and JWKS are GET (and HEAD).
import { ENDPOINT_PATHS } from '../../shared/wire'

export type Route =
  | { kind: 'oauth'; name: 'token' | 'introspect' | 'revoke' | 'challenge'; allow: readonly string[] }
  /** RFC 6749 §3.1: GET shows the sign-in page, POST is its form. */
  | { kind: 'authorize'; name: 'authorize'; allow: readonly string[] }
  | { kind: 'get'; name: 'metadata' | 'jwks'; allow: readonly string[] }

const POST = ['POST'] as const
const GET = ['GET', 'HEAD'] as const

const ROUTES = new Map<string, Route>([
  [ENDPOINT_PATHS.token, { kind: 'oauth', name: 'token', allow: POST }],
  [ENDPOINT_PATHS.introspect, { kind: 'oauth', name: 'introspect', allow: POST }],
  [ENDPOINT_PATHS.revoke, { kind: 'oauth', name: 'revoke', allow: POST }],
  [ENDPOINT_PATHS.metadata, { kind: 'get', name: 'metadata', allow: GET }],
  [ENDPOINT_PATHS.jwks, { kind: 'get', name: 'jwks', allow: GET }],
  [ENDPOINT_PATHS.challenge, { kind: 'oauth', name: 'challenge', allow: POST }],
  [ENDPOINT_PATHS.authorize, { kind: 'authorize', name: 'authorize', allow: ['GET', 'HEAD', 'POST'] }],
])

export function findRoute(pathname: string): Route | undefined {
  return ROUTES.get(pathname)
}

/** Splits a request target into path and query (without `?`). */
export function splitTarget(target: string): { pathname: string; query: string } {
  const q = target.indexOf('?')
  return q === -1 ? { pathname: target, query: '' } : { pathname: target.slice(0, q), query: target.slice(q + 1) }
}
