// Which endpoint a request went to, for exchanges with servers whose paths we do not know:
// the well-known paths first (RFC 8414 §3, OpenID Connect Discovery §4), then the common
// introspection and revocation path names, then the form parameters (grant_type → token).
import { isMetadataPath } from '../metadata-urls'
import { ENDPOINT_PATHS } from '../wire'
import type { JudgedEndpoint } from './judged-exchange'
import { formParams } from './judged-exchange'

function pathOf(url: string): string {
  try {
    return new URL(url, 'http://relative.invalid').pathname
  } catch {
    return url.split(/[?#]/)[0] ?? ''
  }
}

export function classifyEndpoint(url: string, method: string, body: string): JudgedEndpoint {
  const path = pathOf(url)
  const lower = path.toLowerCase()
  if (isMetadataPath(path)) return 'metadata'
  if (path === ENDPOINT_PATHS.jwks || /(^|\/)(jwks(\.json)?|certs|keys)$/.test(lower)) return 'jwks'
  // Keycloak's introspection path is …/token/introspect: the path name wins over "token".
  if (/introspect/.test(lower)) return 'introspect'
  if (/revoke|revocation/.test(lower)) return 'revoke'
  if (method.toUpperCase() === 'POST') {
    const params = formParams(body)
    if (params.has('grant_type')) return 'token'
  }
  if (path === ENDPOINT_PATHS.token || /(^|[/_-])token$/.test(lower)) return 'token'
  return 'unknown'
}
