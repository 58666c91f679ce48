// Where a scenario's `endpoint` goes: the embedded server's paths, or those of any server, found
// through its RFC 8414 metadata. A URL that has no metadata and a path is taken as a token endpoint
// URL: its introspection and revocation endpoints are then unknown unless a step gives a full URL.
import { AS_METADATA_PATH, metadataUrlsFor } from '../../shared/metadata-urls'
import { ENDPOINT_PATHS } from '../../shared/wire'
import { ENDPOINT_NAMES, type EndpointName, type ResolvedTarget } from './types'

const DISCOVERY_TIMEOUT_MS = 10_000

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

export type FetchLike = (
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>

const trimSlash = (s: string) => s.replace(/\/+$/, '')

function endpointsAt(baseUrl: string): Record<EndpointName, string> {
  const base = trimSlash(baseUrl)
  return Object.fromEntries(ENDPOINT_NAMES.map((n) => [n, base + ENDPOINT_PATHS[n]])) as Record<EndpointName, string>
}

/** The embedded server, listening at `baseUrl`. */
export function embeddedTarget(baseUrl: string): ResolvedTarget {
  return { kind: 'embedded', url: baseUrl, endpoints: endpointsAt(baseUrl), source: 'the embedded server' }
}

interface Metadata {
  token_endpoint: string
  introspection_endpoint?: string
  revocation_endpoint?: string
  jwks_uri?: string
}

function asMetadata(text: string): Metadata | null {
  try {
    const m = JSON.parse(text) as Record<string, unknown>
    const isUrl = (v: unknown): v is string => typeof v === 'string' && URL.canParse(v)
    if (typeof m !== 'object' || m === null || !isUrl(m.token_endpoint)) return null
    return {
      token_endpoint: m.token_endpoint,
      ...(isUrl(m.introspection_endpoint) && { introspection_endpoint: m.introspection_endpoint }),
      ...(isUrl(m.revocation_endpoint) && { revocation_endpoint: m.revocation_endpoint }),
      ...(isUrl(m.jwks_uri) && { jwks_uri: m.jwks_uri }),
    }
  } catch {
    return null
  }
}

function fromMetadata(m: Metadata, metadataUrl: string): Partial<Record<EndpointName, string>> {
  return {
    token: m.token_endpoint,
    metadata: metadataUrl,
    ...(m.introspection_endpoint && { introspect: m.introspection_endpoint }),
    ...(m.revocation_endpoint && { revoke: m.revocation_endpoint }),
    ...(m.jwks_uri && { jwks: m.jwks_uri }),
  }
}

function unreachable(url: URL, err: unknown): TargetError {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause
  const why =
    err instanceof Error && err.name === 'TimeoutError'
      ? `no answer within ${DISCOVERY_TIMEOUT_MS / 1000} s`
      : (cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err)))
  return new TargetError(`target ${url.href} is unreachable (${why})`, 'unreachable')
}

/**
 * Resolves `--target URL`. RFC 8414 §3.1 puts the well-known path between host and path; servers that
 * append it instead, and OpenID Connect discovery (RFC 8414 §5), are tried next. A URL with a path and
 * no metadata of its own is a token endpoint URL — its server's metadata still names the other
 * endpoints when that metadata lists this URL as its token endpoint.
 */
export async function discoverTarget(
  target: string,
  fetchLike: FetchLike = (url, init) => fetch(url, init),
): Promise<ResolvedTarget> {
  let url: URL
  try {
    url = new URL(target)
  } catch {
    throw new TargetError(`--target must be an absolute http(s) URL, not ${JSON.stringify(target)}`, 'invalid')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TargetError(`--target must be an http(s) URL, not ${url.protocol} (${target})`, 'invalid')
  const path = trimSlash(url.pathname)
  const given = trimSlash(url.origin + path)

  const load = async (at: string): Promise<Metadata | null> => {
    let res: Awaited<ReturnType<FetchLike>>
    try {
      res = await fetchLike(at, {
        headers: { Accept: 'application/json' },
        signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS),
      })
    } catch (err) {
      throw unreachable(url, err)
    }
    const text = await res.text().catch(() => '')
    return res.status === 200 ? asMetadata(text) : null
  }

  const ofBase = metadataUrlsFor(given)
  for (const at of ofBase) {
    const m = await load(at)
    if (m) return { kind: 'base-url', url: target, endpoints: fromMetadata(m, at), source: `metadata at ${at}` }
  }
  if (!path) {
    return {
      kind: 'base-url',
      url: target,
      endpoints: endpointsAt(url.origin),
      source: `no RFC 8414 metadata at ${ofBase[0]}; the default paths`,
    }
  }
  const originMetadata = url.origin + AS_METADATA_PATH
  const m = await load(originMetadata)
  if (m && trimSlash(m.token_endpoint) === given) {
    return {
      kind: 'token-endpoint',
      url: target,
      endpoints: fromMetadata(m, originMetadata),
      source: `a token endpoint URL, named by the metadata at ${originMetadata}`,
    }
  }
  return {
    kind: 'token-endpoint',
    url: target,
    endpoints: { token: target },
    source: 'a token endpoint URL (no RFC 8414 metadata found)',
  }
}

const ENDPOINT_LABELS: Record<EndpointName, string> = {
  token: 'token endpoint',
  introspect: 'introspection endpoint (RFC 7662)',
  revoke: 'revocation endpoint (RFC 7009)',
  metadata: 'metadata (RFC 8414)',
  jwks: 'JWKS (jwks_uri)',
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
