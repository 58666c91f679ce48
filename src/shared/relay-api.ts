// The LabApi calls of "Relay to a real server" (the recording proxy from the app): schemas and
// outputs of one area, spread into the LabApi map in lab-api.ts.
import { z } from 'zod'

export const relayApiInputs = {
  'relay.start': z
    .object({
      /** The real server: a base URL with RFC 8414 metadata, or a token endpoint URL. */
      upstream: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://idp.example/realms/x' }),
      /** Extra CA certificates (PEM) to trust for an https upstream. */
      upstreamCa: z.string().max(200_000).optional(),
      /** 0 takes a free port. */
      port: z.number().int().min(0).max(65_535).default(0),
      /** Keep the upstream's `issuer` in relayed metadata (default: the proxy's own URL, RFC 8414 §3.3). */
      keepIssuer: z.boolean().default(false),
    })
    .strict(),
  'relay.stop': z.object({}).strict(),
  'relay.status': z.object({}).strict(),
} as const

export interface RelayStatus {
  running: boolean
  /** Where clients send their requests: `http://127.0.0.1:PORT`. */
  listeningOn: string | null
  upstream: string | null
  /** Each known upstream path and the endpoint it is (from the upstream metadata). */
  endpoints: Array<{ path: string; endpoint: string }>
  note: string | null
  /** Relayed metadata keeps the upstream's `issuer` (otherwise it names the proxy). */
  keepIssuer: boolean
}

export interface RelayApiOutputs {
  'relay.start': RelayStatus
  'relay.stop': RelayStatus
  'relay.status': RelayStatus
}
