// Where the recording proxy sends what it receives: the real server named by --upstream, a base URL
// whose RFC 8414 metadata names the endpoints, or a token endpoint URL, read by the one discovery
// (src/lab/discovery) over the proxy's own client. Requests are relayed to the
// same path on the upstream origin, so a client keeps the paths it already uses; the metadata the
// upstream publishes is what tells the proxy which path is which endpoint.
import { issuerFromMetadataUrl } from '../../shared/metadata-urls'
import { endpointsByName, type EndpointName } from '../../shared/wire'
import {
  discoverEndpoints,
  DiscoveryTransportError,
  noMetadataMessage,
  parseHttpUrl,
  type DiscoveredTarget,
  type DiscoveryTransport,
} from '../discovery/index'
import { relay, type RelayTarget } from './relay'
import { maskTarget } from '../../shared/masking'

/** The shared endpoint vocabulary (wire.ts). */
export type UpstreamEndpoint = EndpointName

export interface Upstream {
  /**
   * As given on the command line, its userinfo and query credentials masked: it is printed to the
   * console and shown in the Relay panel (RFC 9110 §4.2.4 deprecates userinfo; it still gets typed).
   */
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

/** The one discovery's transport over the proxy's own client (its CA certificates and timeout). */
function relayTransport(target: RelayTarget): DiscoveryTransport {
  return async (url) => {
    const answer = await relay(target, {
      method: 'GET',
      url: new URL(url),
      headers: [['Accept', 'application/json']],
      body: Buffer.alloc(0),
    })
    if (answer.kind !== 'answer') throw new DiscoveryTransportError(url, answer.message)
    return { status: answer.status, body: answer.body.toString('utf8') }
  }
}

/** Upstream path → endpoint, from what the one discovery found (paths on any origin, as relayed). */
function endpointsOf(d: DiscoveredTarget): Map<string, UpstreamEndpoint> {
  const endpoints = new Map<string, UpstreamEndpoint>()
  for (const [endpoint, url] of Object.entries(endpointsByName(d)) as Array<[EndpointName, string]>)
    endpoints.set(new URL(url).pathname, endpoint)
  return endpoints
}

export async function resolveUpstream(url: string, target: RelayTarget): Promise<Upstream> {
  // A DiscoveryInputError (an Error) that names --upstream and what is wrong with the URL.
  const base = parseHttpUrl(url, '--upstream')
  let d: DiscoveredTarget
  try {
    d = await discoverEndpoints(url, relayTransport(target))
  } catch (err) {
    if (!(err instanceof DiscoveryTransportError)) throw err
    // An upstream that is down for now: every path is still relayed (answered 502 / 504 while it
    // gives no answer), and a URL with a path is taken as the token endpoint it names.
    const endpoints = new Map<string, UpstreamEndpoint>()
    if (base.pathname.replace(/\/+$/, '') !== '') endpoints.set(base.pathname, 'token')
    const note = `no metadata read (${base.origin}: ${err.why}); relaying every path as is`
    return { url: maskTarget(url), origin: base.origin, endpoints, target, note }
  }
  const endpoints = endpointsOf(d)
  if (d.tokenEndpoint === undefined) {
    // The same answer as the pack and `ropc-lab test --target`: without metadata nothing says which
    // path is the token endpoint; every path is still relayed, and classified by its content.
    const note = `${noMetadataMessage(d)}; relaying every path as is`
    return { url: maskTarget(url), origin: base.origin, endpoints, target, note }
  }
  return {
    url: maskTarget(url),
    origin: base.origin,
    endpoints,
    target,
    ...(d.metadata !== undefined && { metadata: d.metadata, metadataPath: new URL(d.metadataUrl!).pathname }),
  }
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
