// From what a QA engineer types (a server's base URL, its metadata URL, or a token endpoint URL) to
// the endpoints the pack tests. Metadata is looked up as RFC 8414 §3.1 says (the well-known path
// inserted between the host and the issuer's path), then as OpenID Connect Discovery §4 does (the
// well-known path appended to the issuer).
import { issuerFromMetadataUrl, metadataUrlsFor } from '../../../shared/metadata-urls'
import type { PackContext, PackTarget } from './pack-types'

export { metadataUrlsFor } from '../../../shared/metadata-urls'

/** The issuer a metadata URL belongs to (the inverse of metadataUrlsFor), or null when it is not one. */
export function issuerForMetadataUrl(metadataUrl: string): string | null {
  return issuerFromMetadataUrl(metadataUrl) ?? null
}

function isWellKnown(u: URL): boolean {
  return issuerForMetadataUrl(u.href) !== null
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

/** The document at `url` when it is an RFC 8414 one (a JSON object naming a token endpoint), else null. */
async function fetchMetadata(url: string, send: PackContext['send']): Promise<Record<string, unknown> | null> {
  const e = await send({
    target: url,
    method: 'GET',
    auth: { method: 'none', clientId: '', clientSecret: '', formEncodeBasic: true },
    params: [],
    extraHeaders: [],
  })
  if (e.response.status !== 200) return null
  try {
    const doc: unknown = JSON.parse(e.response.body)
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return null
    const record = doc as Record<string, unknown>
    return absoluteUrl(record['token_endpoint']) === undefined ? null : record
  } catch {
    return null
  }
}

function fromMetadata(metadataUrl: string, doc: Record<string, unknown>): PackTarget {
  const introspectionEndpoint = absoluteUrl(doc['introspection_endpoint'])
  const revocationEndpoint = absoluteUrl(doc['revocation_endpoint'])
  const jwksUri = absoluteUrl(doc['jwks_uri'])
  return {
    tokenEndpoint: absoluteUrl(doc['token_endpoint'])!,
    ...(introspectionEndpoint !== undefined && { introspectionEndpoint }),
    ...(revocationEndpoint !== undefined && { revocationEndpoint }),
    ...(jwksUri !== undefined && { jwksUri }),
    metadataUrl,
    metadata: doc,
  }
}

/**
 * Resolves a base URL (its metadata), a metadata URL, or a token endpoint URL into a PackTarget.
 * A token endpoint URL gets the other endpoints only when the metadata at its origin names that
 * very token endpoint; otherwise only the token endpoint is known. Every lookup is an exchange.
 */
export async function resolvePackTarget(url: string, send: PackContext['send']): Promise<PackTarget> {
  let given: URL
  try {
    given = new URL(url)
  } catch {
    throw new Error(`not an absolute URL: "${url}"`)
  }
  if (given.protocol !== 'http:' && given.protocol !== 'https:') throw new Error(`not an http(s) URL: "${url}"`)
  const candidates = isWellKnown(given) ? [given.href] : metadataUrlsFor(url)
  for (const candidate of candidates) {
    const doc = await fetchMetadata(candidate, send)
    if (doc !== null) return fromMetadata(candidate, doc)
  }
  if (isWellKnown(given)) throw new Error(`no RFC 8414 metadata at ${url}`)
  if (given.pathname.replace(/\/+$/, '') === '') {
    throw new Error(`no RFC 8414 metadata at ${candidates.join(' or ')}: give the token endpoint URL instead`)
  }
  for (const candidate of metadataUrlsFor(given.origin)) {
    const doc = await fetchMetadata(candidate, send)
    if (doc !== null && doc['token_endpoint'] === url) return fromMetadata(candidate, doc)
  }
  return { tokenEndpoint: url }
}
