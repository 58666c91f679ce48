// The one target discovery (architecture.md "One judge"): from what a person types — a server's base
// URL, its metadata URL, or a token endpoint URL — plus any endpoints given explicitly, to the
// endpoints to test. The transport is a parameter: `ropc-lab test --target` reads over bounded fetch
// (bounded-fetch.ts), the pack through the lab's runner (so each lookup is in History), the proxy
// through its own client. Metadata is looked up as RFC 8414 §3.1 says (the well-known path inserted
// between host and path), then appended to the issuer, then as OpenID Connect Discovery §4 does.
import { issuerFromMetadataUrl, metadataUrlsFor } from '../../shared/metadata-urls'
import type { EndpointUrls } from '../../shared/wire'

export interface DiscoveryAnswer {
  status: number
  body: string
}
/** GETs a URL; throws when no HTTP answer could be read (the message says what happened). */
export type DiscoveryTransport = (url: string) => Promise<DiscoveryAnswer>

/** Endpoints given by hand (--token-endpoint, --metadata, …): they win over the metadata's. */
export interface EndpointOverrides {
  tokenEndpoint?: string
  introspectionEndpoint?: string
  revocationEndpoint?: string
  /** An RFC 8414 (or OpenID Connect) document at a URL of its own. */
  metadataUrl?: string
}

export interface DiscoveredTarget extends EndpointUrls {
  /** How the input was read. */
  kind: 'base-url' | 'metadata-url' | 'token-endpoint' | 'explicit'
  // The endpoint URLs (EndpointUrls, the shared vocabulary): tokenEndpoint is undefined only for a
  // base URL without metadata, which every caller refuses with noMetadataMessage.
  /** The parsed metadata document, when one was found. */
  metadata?: Record<string, unknown>
  /** How the endpoints were found, for reports. */
  source: string
  /** The metadata URLs tried without success. */
  tried: string[]
}

export class DiscoveryInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DiscoveryInputError'
  }
}

function absoluteUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  try {
    const u = new URL(value)
    return u.protocol === 'http:' || u.protocol === 'https:' ? value : undefined
  } catch {
    return undefined
  }
}

export function parseHttpUrl(value: string, what: string): URL {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new DiscoveryInputError(`${what} must be an absolute http(s) URL, not ${JSON.stringify(value)}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DiscoveryInputError(`${what} must be an http(s) URL, not ${url.protocol} (${value})`)
  }
  return url
}

/** The document at `url` when it is RFC 8414 metadata (a JSON object naming a token endpoint), else null. */
async function loadMetadata(url: string, transport: DiscoveryTransport): Promise<Record<string, unknown> | null> {
  const answer = await transport(url)
  if (answer.status !== 200) return null
  try {
    const doc: unknown = JSON.parse(answer.body)
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return null
    const record = doc as Record<string, unknown>
    return absoluteUrl(record['token_endpoint']) === undefined ? null : record
  } catch {
    return null
  }
}

function fromMetadata(
  kind: DiscoveredTarget['kind'],
  metadataUrl: string,
  doc: Record<string, unknown>,
  source: string,
  tried: string[],
): DiscoveredTarget {
  const introspectionEndpoint = absoluteUrl(doc['introspection_endpoint'])
  const revocationEndpoint = absoluteUrl(doc['revocation_endpoint'])
  const jwksUri = absoluteUrl(doc['jwks_uri'])
  return {
    kind,
    tokenEndpoint: absoluteUrl(doc['token_endpoint'])!,
    ...(introspectionEndpoint !== undefined && { introspectionEndpoint }),
    ...(revocationEndpoint !== undefined && { revocationEndpoint }),
    ...(jwksUri !== undefined && { jwksUri }),
    metadataUrl,
    metadata: doc,
    source,
    tried,
  }
}

const trimSlash = (s: string) => s.replace(/\/+$/, '')

async function firstMetadata(
  candidates: string[],
  transport: DiscoveryTransport,
  tried: string[],
  accept: (doc: Record<string, unknown>) => boolean = () => true,
): Promise<[string, Record<string, unknown>] | null> {
  for (const candidate of candidates) {
    const doc = await loadMetadata(candidate, transport)
    if (doc !== null && accept(doc)) return [candidate, doc]
    tried.push(candidate)
  }
  return null
}

/** What `input` (a base, metadata or token endpoint URL) points at, before any override. */
async function discoverInput(input: string, transport: DiscoveryTransport): Promise<DiscoveredTarget> {
  const given = parseHttpUrl(input, '--target')
  const tried: string[] = []
  const wellKnown = issuerFromMetadataUrl(given.href) !== undefined
  const found = await firstMetadata(wellKnown ? [given.href] : metadataUrlsFor(input), transport, tried)
  if (found !== null) {
    const [at, doc] = found
    return fromMetadata(wellKnown ? 'metadata-url' : 'base-url', at, doc, `metadata at ${at}`, tried)
  }
  if (wellKnown) throw new DiscoveryInputError(`no RFC 8414 metadata at ${input}`)
  if (trimSlash(given.pathname) === '')
    return { kind: 'base-url', source: `no RFC 8414 metadata at ${tried[0]}`, tried }
  // A URL with a path is a token endpoint; its server's metadata names the other endpoints when it
  // names this very token endpoint.
  const named = await firstMetadata(
    metadataUrlsFor(given.origin),
    transport,
    tried,
    (doc) => trimSlash(String(doc['token_endpoint'])) === trimSlash(input),
  )
  if (named !== null) {
    const [at, doc] = named
    return fromMetadata('token-endpoint', at, doc, `a token endpoint URL, named by the metadata at ${at}`, tried)
  }
  return {
    kind: 'token-endpoint',
    tokenEndpoint: input,
    source: 'a token endpoint URL (no RFC 8414 metadata found)',
    tried,
  }
}

/**
 * What the pack, `ropc-lab test --target` and the proxy say of a base URL without metadata: nothing
 * tells which path is the token endpoint, so the person names it.
 */
export function noMetadataMessage(d: DiscoveredTarget): string {
  const more = d.tried.length > 1 ? ` (nor at ${d.tried.slice(1).join(', ')})` : ''
  return `${d.source}${more}: give the token endpoint URL instead (--token-endpoint), or --metadata URL`
}

/**
 * Resolves a target: `input` (may be absent when the overrides name a token endpoint or metadata),
 * then the overrides on top. Throws DiscoveryInputError for a bad URL, and what the transport throws
 * when a server gives no readable answer.
 */
export async function discoverEndpoints(
  input: string | undefined,
  transport: DiscoveryTransport,
  overrides: EndpointOverrides = {},
): Promise<DiscoveredTarget> {
  for (const [flag, value] of Object.entries(overrides)) if (value !== undefined) parseHttpUrl(value, flag)
  let base: DiscoveredTarget
  if (overrides.metadataUrl !== undefined) {
    const doc = await loadMetadata(overrides.metadataUrl, transport)
    if (doc === null) {
      throw new DiscoveryInputError(
        `no RFC 8414 metadata (a JSON object naming token_endpoint) at ${overrides.metadataUrl}`,
      )
    }
    base = fromMetadata('metadata-url', overrides.metadataUrl, doc, `metadata at ${overrides.metadataUrl}`, [])
  } else if (input !== undefined) {
    base = await discoverInput(input, transport)
  } else {
    base = { kind: 'explicit', source: 'endpoints given explicitly', tried: [] }
  }
  const explicit = ['tokenEndpoint', 'introspectionEndpoint', 'revocationEndpoint'] as const
  const given = explicit.filter((k) => overrides[k] !== undefined)
  if (given.length === 0) return base
  const out: DiscoveredTarget = { ...base }
  for (const k of given) out[k] = overrides[k]!
  out.source = `${base.source}; ${given.map((k) => k.replace(/Endpoint$/, '')).join(', ')} endpoint given explicitly`
  return out
}
