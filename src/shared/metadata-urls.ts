// Where a server's metadata lives, in one place for every part of the lab that looks for it (the
// pack, `ropc-lab test --target`, the recording proxy, the response checks): RFC 8414 §3.1 inserts the
// well-known path between the host and the issuer's path; OpenID Connect Discovery §4 — and many
// servers for RFC 8414 too — append it to the issuer instead.

export const AS_METADATA_PATH = '/.well-known/oauth-authorization-server'
export const OIDC_METADATA_PATH = '/.well-known/openid-configuration'
export const METADATA_PATHS = [AS_METADATA_PATH, OIDC_METADATA_PATH] as const

/** The candidate metadata URLs of `issuer`, in the order to try them: RFC 8414 §3.1 first. */
export function metadataUrlsFor(issuer: string): string[] {
  const u = new URL(issuer)
  // RFC 8414 §3.1: a terminating "/" of the issuer's path is removed first.
  const path = u.pathname.replace(/\/+$/, '')
  return [
    `${u.origin}${AS_METADATA_PATH}${path}`,
    ...(path ? [`${u.origin}${path}${AS_METADATA_PATH}`] : []),
    `${u.origin}${path}${OIDC_METADATA_PATH}`,
  ]
}

/** The issuer a metadata URL belongs to (the inverse of metadataUrlsFor), or undefined when it is none. */
export function issuerFromMetadataUrl(url: string): string | undefined {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return undefined
  }
  for (const segment of METADATA_PATHS) {
    if (u.pathname === segment || u.pathname.startsWith(`${segment}/`)) {
      return u.origin + u.pathname.slice(segment.length)
    }
    if (u.pathname.endsWith(segment)) return u.origin + u.pathname.slice(0, -segment.length)
  }
  return undefined
}

/** True for a path that is a metadata document's (either well-known form). */
export function isMetadataPath(path: string): boolean {
  const lower = path.toLowerCase()
  return METADATA_PATHS.some((s) => lower === s || lower.startsWith(`${s}/`) || lower.endsWith(s))
}
