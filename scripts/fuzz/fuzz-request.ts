// What the fuzzer sends: one HTTP request, described as data so a failure can be printed and replayed.
export interface FuzzRequest {
  /** The generator that made it (an endpoint's name), for the failure report. */
  generator: string
  method: string
  /** Path and query, sent as is. */
  target: string
  headers: Record<string, string>
  body: Buffer
  /** Chunked transfer encoding instead of Content-Length. */
  chunked: boolean
}

/** The lab's fixed identities in the fuzz workspace; the generators mix these right values with wrong ones. */
export interface FuzzCredentials {
  clientId: string
  clientSecret: string
  username: string
  password: string
  /** A public first-party client with the authorization code grant (the authorization and challenge endpoints). */
  publicClientId: string
  /** Its one registered redirect URI, a loopback one (RFC 8252 §7.3: any port matches). */
  redirectUri: string
  /** Refresh tokens the oracle knows to be live when the batch starts (read at generation time). */
  refreshTokens: () => readonly string[]
  /** Tokens to introspect or revoke (live, spent or made up). */
  accessTokens: () => readonly string[]
}

/** A short printable form of a request for the failure report (secrets here are the fuzz workspace's, not a user's). */
export function describeRequest(r: FuzzRequest): string {
  const body = r.body.length > 200 ? `${r.body.subarray(0, 200).toString('latin1')}… (${r.body.length} bytes)` : r.body
  return `[${r.generator}] ${r.method} ${r.target.slice(0, 200)} ${JSON.stringify(r.headers)} ${JSON.stringify(String(body))}${r.chunked ? ' (chunked)' : ''}`
}
