// Where a scenario's `endpoint` goes: the embedded server's paths, or those of any server, found
// through its RFC 8414 metadata (the one discovery, src/lab/discovery). A URL that has no metadata
// and a path is taken as a token endpoint URL: its introspection and revocation endpoints are then
// unknown unless given (--introspection-endpoint, --revocation-endpoint) or a step gives a full URL.
import { ENDPOINT_PATHS, endpointsByName } from '../../shared/wire'
import {
  discoverEndpoints,
  noMetadataMessage,
  DiscoveryInputError,
  DiscoveryTransportError,
  fetchTransport,
  type DiscoveredTarget,
  type EndpointOverrides,
  type FetchLike,
} from '../discovery/index'
import { ENDPOINT_NAMES, type EndpointName, type ResolvedTarget } from './types'

/** A bad --target (exit 2 in the CLI): not a URL, or nothing answers there. */
export class TargetError extends Error {
  constructor(
    message: string,
    readonly reason: 'invalid' | 'unreachable',
  ) {
    super(message)
    this.name = 'TargetError'
  }
}

export type { FetchLike } from '../discovery/index'

const trimSlash = (s: string) => s.replace(/\/+$/, '')

function endpointsAt(baseUrl: string): Record<EndpointName, string> {
  const base = trimSlash(baseUrl)
  return Object.fromEntries(ENDPOINT_NAMES.map((n) => [n, base + ENDPOINT_PATHS[n]])) as Record<EndpointName, string>
}

/** The embedded server, listening at `baseUrl`. */
export function embeddedTarget(baseUrl: string): ResolvedTarget {
  return { kind: 'embedded', url: baseUrl, endpoints: endpointsAt(baseUrl), source: 'the embedded server' }
}

function endpointsOf(d: DiscoveredTarget): Partial<Record<EndpointName, string>> {
  return endpointsByName(d)
}

/**
 * Resolves `--target URL` (and the endpoints given explicitly) with the one discovery
 * (src/lab/discovery), over fetch bounded in bytes and time. A bare origin without metadata is refused
 * with what to give instead (--token-endpoint or --metadata), as the pack and the proxy do.
 */
export async function discoverTarget(
  target: string | undefined,
  fetchLike?: FetchLike,
  overrides: EndpointOverrides = {},
): Promise<ResolvedTarget> {
  const url = target ?? overrides.metadataUrl ?? overrides.tokenEndpoint
  if (url === undefined) throw new TargetError('give --target URL, --metadata URL or --token-endpoint URL', 'invalid')
  let d: DiscoveredTarget
  try {
    d = await discoverEndpoints(target, fetchTransport(fetchLike ? { fetch: fetchLike } : {}), overrides)
  } catch (err) {
    if (err instanceof DiscoveryInputError) throw new TargetError(err.message, 'invalid')
    if (err instanceof DiscoveryTransportError) {
      throw new TargetError(`target ${url} is unreachable (${err.why} at ${err.url})`, 'unreachable')
    }
    throw err
  }
  // The same answer as the pack and the proxy: without metadata nothing says which path is the token
  // endpoint, and the lab's own paths would be a guess about someone else's server.
  if (d.tokenEndpoint === undefined) throw new TargetError(noMetadataMessage(d), 'invalid')
  const kind = d.kind === 'token-endpoint' ? 'token-endpoint' : 'base-url'
  return { kind, url, endpoints: endpointsOf(d), source: d.source }
}

const ENDPOINT_LABELS: Record<EndpointName, string> = {
  token: 'token endpoint',
  introspect: 'introspection endpoint (RFC 7662)',
  revoke: 'revocation endpoint (RFC 7009)',
  metadata: 'metadata (RFC 8414)',
  jwks: 'JWKS (jwks_uri)',
  authorize: 'authorization endpoint',
  challenge: 'authorization challenge endpoint',
}

/** The URL a step's `endpoint` names, or why the target does not know it. */
export function endpointUrl(target: ResolvedTarget, endpoint: string): { url: string } | { missing: string } {
  if (!(ENDPOINT_NAMES as readonly string[]).includes(endpoint)) return { url: endpoint }
  const name = endpoint as EndpointName
  const url = target.endpoints[name]
  if (url) return { url }
  return {
    missing:
      `the target has no known ${ENDPOINT_LABELS[name]} (${target.source}): give a base URL whose ` +
      'RFC 8414 metadata names it, or a full URL as the step\'s "endpoint"',
  }
}
