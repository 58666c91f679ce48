// Where the recording proxy sends what it receives: the real server named by --upstream, a base URL
// whose RFC 8414 metadata names the endpoints, or a token endpoint URL. Requests are relayed to the
// same path on the upstream origin, so a client keeps the paths it already uses; the metadata the
// upstream publishes is what tells the proxy which path is which endpoint.
import { issuerFromMetadataUrl, metadataUrlsFor } from '../../shared/metadata-urls'
import { relay, type RelayTarget } from './relay'

export type UpstreamEndpoint = 'token' | 'introspect' | 'revoke' | 'metadata' | 'jwks'

export interface Upstream {
  /** As given on the command line. */
  url: string
  /** `https://as.example` — where every relayed path goes. */
  origin: string
  /** Upstream path → the endpoint it is (from the metadata, or the token endpoint URL itself). */
  endpoints: Map<string, UpstreamEndpoint>
  /** The metadata document as the upstream served it, when it has one. */
  metadata?: Record<string, unknown>
  metadataPath?: string
  /** Said to the person when the metadata could not be read (the upstream may come up later). */
  note?: string
  target: RelayTarget
}

const ENDPOINT_MEMBERS: Array<[string, UpstreamEndpoint]> = [
  ['token_endpoint', 'token'],
  ['introspection_endpoint', 'introspect'],
  ['revocation_endpoint', 'revoke'],
  ['jwks_uri', 'jwks'],
]

type MetadataLookup = { url: URL; doc: Record<string, unknown> } | { unreachable: string } | null

async function fetchMetadata(base: URL, target: RelayTarget): Promise<MetadataLookup> {
  for (const candidate of metadataUrlsFor(base.href)) {
    const url = new URL(candidate)
    const answer = await relay(target, {
      method: 'GET',
      url,
      headers: [['Accept', 'application/json']],
      body: Buffer.alloc(0),
    })
    if (answer.kind !== 'answer') return { unreachable: `${url.origin}: ${answer.message}` }
    if (answer.status !== 200) continue
    try {
      const doc = JSON.parse(answer.body.toString('utf8')) as unknown
      if (doc !== null && typeof doc === 'object' && !Array.isArray(doc))
        return { url, doc: doc as Record<string, unknown> }
    } catch {
      // Not metadata; try the next well-known path.
    }
  }
  return null
}

export async function resolveUpstream(url: string, target: RelayTarget): Promise<Upstream> {
  let base: URL
  try {
    base = new URL(url)
  } catch {
    throw new Error(`--upstream must be an absolute http(s) URL, not "${url}"`)
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new Error(`--upstream must be an http or https URL, not ${base.protocol}`)
  }
  const found = await fetchMetadata(base, target)
  const endpoints = new Map<string, UpstreamEndpoint>()
  if (found === null || 'unreachable' in found) {
    // A token endpoint URL (or an upstream that is down for now): requests to its path are token
    // requests; every path is still relayed, and answered 502 / 504 while the upstream gives no answer.
    endpoints.set(base.pathname, 'token')
    const note = found ? `no metadata read (${found.unreachable}); relaying every path as is` : undefined
    return { url, origin: base.origin, endpoints, target, ...(note && { note }) }
  }
  endpoints.set(found.url.pathname, 'metadata')
  for (const [member, endpoint] of ENDPOINT_MEMBERS) {
    const value = found.doc[member]
    if (typeof value !== 'string') continue
    try {
      endpoints.set(new URL(value).pathname, endpoint)
    } catch {
      // A malformed endpoint URL: the response checks of the metadata exchange name it.
    }
  }
  return { url, origin: base.origin, endpoints, metadata: found.doc, metadataPath: found.url.pathname, target }
}

export interface RewrittenMetadata {
  body: Buffer
  /** What became of `issuer`: said in the exchange's trace. */
  issuer: { kind: 'rewritten'; from: string; to: string } | { kind: 'kept'; value: string } | { kind: 'absent' }
}

/**
 * The issuer a client expects when it fetched `metadataPath` from the proxy: RFC 8414 §3.3 requires
 * the metadata's `issuer` to be identical to the one the metadata URL was built from.
 */
function proxyIssuer(upstreamIssuer: string, proxyBaseUrl: string, metadataPath: string): string {
  const derived = issuerFromMetadataUrl(proxyBaseUrl + metadataPath) ?? proxyBaseUrl
  // RFC 8414 §3.1 drops a terminating "/" to build the URL; give it back as the upstream wrote it.
  return upstreamIssuer.endsWith('/') && !derived.endsWith('/') ? `${derived}/` : derived
}

/**
 * The metadata a client gets through the proxy: each endpoint URL on the upstream origin now points at
 * the proxy, so the client keeps talking to it. `issuer` becomes the proxy's too, by default: a client
 * that checks RFC 8414 §3.3 against the URL it fetched (openid-client does) would otherwise refuse the
 * document. `keepIssuer` keeps the upstream's — tokens carry it as `iss`, which some clients compare.
 */
export function rewriteMetadata(
  body: Buffer,
  where: { upstreamOrigin: string; proxyBaseUrl: string; metadataPath: string },
  keepIssuer: boolean,
): RewrittenMetadata | null {
  let doc: unknown
  try {
    doc = JSON.parse(body.toString('utf8'))
  } catch {
    return null
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return null
  const record = doc as Record<string, unknown>
  const { upstreamOrigin, proxyBaseUrl } = where
  for (const [key, value] of Object.entries(record)) {
    if (key === 'issuer' || typeof value !== 'string') continue
    if (value.startsWith(`${upstreamOrigin}/`)) record[key] = proxyBaseUrl + value.slice(upstreamOrigin.length)
  }
  const upstreamIssuer = record.issuer
  let issuer: RewrittenMetadata['issuer'] = { kind: 'absent' }
  if (typeof upstreamIssuer === 'string') {
    if (keepIssuer) issuer = { kind: 'kept', value: upstreamIssuer }
    else {
      const to = proxyIssuer(upstreamIssuer, proxyBaseUrl, where.metadataPath)
      record.issuer = to
      issuer = { kind: 'rewritten', from: upstreamIssuer, to }
    }
  }
  return { body: Buffer.from(JSON.stringify(record)), issuer }
}
