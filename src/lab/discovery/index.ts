// The one target discovery, for `ropc-lab test`, the conformance pack and the recording proxy: each
// gives its own transport (discover.ts).
export {
  discoverEndpoints,
  noMetadataMessage,
  DiscoveryInputError,
  parseHttpUrl,
  type DiscoveredTarget,
  type DiscoveryAnswer,
  type DiscoveryTransport,
  type EndpointOverrides,
} from './discover'
export {
  DISCOVERY_MAX_BYTES,
  DISCOVERY_TIMEOUT_MS,
  DiscoveryTransportError,
  fetchTransport,
  type BoundedFetchOptions,
  type FetchLike,
} from './bounded-fetch'
export { describeConnectionError } from './connection-errors'
