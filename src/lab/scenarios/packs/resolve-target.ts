// The pack's target, found by the one discovery (src/lab/discovery) over the lab's request runner,
// so every metadata lookup is an exchange in History. Unlike scenarios, the pack never guesses
// paths: a base URL without metadata needs --token-endpoint (or --metadata).
import { issuerFromMetadataUrl } from '../../../shared/metadata-urls'
import {
  discoverEndpoints,
  noMetadataMessage,
  type DiscoveryTransport,
  type EndpointOverrides,
} from '../../discovery/index'
import type { PackContext, PackTarget } from './pack-types'

export { metadataUrlsFor } from '../../../shared/metadata-urls'

/** The issuer a metadata URL belongs to (the inverse of metadataUrlsFor), or null when it is not one. */
export function issuerForMetadataUrl(metadataUrl: string): string | null {
  return issuerFromMetadataUrl(metadataUrl) ?? null
}

/** GET through the runner: the answer as received, and each lookup recorded. */
export function runnerTransport(send: PackContext['send']): DiscoveryTransport {
  return async (url) => {
    const e = await send({
      target: url,
      method: 'GET',
      auth: { method: 'none', clientId: '', clientSecret: '', formEncodeBasic: true },
      params: [],
      extraHeaders: [['Accept', 'application/json']],
    })
    return { status: e.response.status, body: e.response.body }
  }
}

/**
 * Resolves a base URL (its metadata), a metadata URL, or a token endpoint URL — and the endpoints
 * given explicitly — into a PackTarget.
 */
export async function resolvePackTarget(
  url: string | undefined,
  send: PackContext['send'],
  overrides: EndpointOverrides = {},
): Promise<PackTarget> {
  const d = await discoverEndpoints(url, runnerTransport(send), overrides)
  if (d.tokenEndpoint === undefined) {
    throw new Error(noMetadataMessage(d))
  }
  return {
    tokenEndpoint: d.tokenEndpoint,
    ...(d.introspectionEndpoint !== undefined && { introspectionEndpoint: d.introspectionEndpoint }),
    ...(d.revocationEndpoint !== undefined && { revocationEndpoint: d.revocationEndpoint }),
    ...(d.metadataUrl !== undefined && { metadataUrl: d.metadataUrl }),
    ...(d.jwksUri !== undefined && { jwksUri: d.jwksUri }),
    ...(d.metadata !== undefined && { metadata: d.metadata }),
  }
}
