// Redirect URI matching: exact string comparison (RFC 9700 §4.1.3, RFC 6749 §3.1.2.3), with the one
// exception of RFC 8252 §7.3 — a native app's loopback redirect (http://127.0.0.1 or http://[::1])
// may come back on any port, since the app binds whatever port is free when it starts.

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]'])

function loopbackWithoutPort(uri: string): string | null {
  let u: URL
  try {
    u = new URL(uri)
  } catch {
    return null
  }
  if (u.protocol !== 'http:' || !LOOPBACK_HOSTS.has(u.hostname)) return null
  u.port = ''
  return u.href
}

/** The registered URI the request's redirect_uri matches, or null. */
export function matchRedirectUri(registered: readonly string[], requested: string): string | null {
  if (registered.includes(requested)) return requested
  const requestedNoPort = loopbackWithoutPort(requested)
  if (requestedNoPort === null) return null
  // RFC 8252 §7.3: "MUST allow any port to be specified at the time of the request for loopback IP
  // redirect URIs"; path and query must still match exactly.
  for (const r of registered) if (loopbackWithoutPort(r) === requestedNoPort) return r
  return null
}
