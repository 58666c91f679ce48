// Opening the recording proxy in front of a real server: resolve where to relay (RFC 8414 metadata
// or a token endpoint URL), then listen. The CLI's `proxy` command and the app's "Relay to a real
// server" both call this.
import type { ExchangePipeline } from '../../server/index'
import { startRecordingProxy, type RecordingProxy } from './recording-proxy'
import { resolveUpstream } from './upstream'

export type { RecordingProxy } from './recording-proxy'

export interface ProxyOptions {
  /** A base URL with RFC 8414 metadata, or a token endpoint URL. */
  upstream: string
  /** Extra CA certificates (PEM) for an https upstream. */
  upstreamCa?: string
  host?: string
  port?: number
  /** How long the upstream may take before the client gets 504. */
  timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 15_000

export async function openProxy(pipeline: ExchangePipeline, options: ProxyOptions): Promise<RecordingProxy> {
  const target = {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(options.upstreamCa !== undefined && { ca: options.upstreamCa }),
  }
  const upstream = await resolveUpstream(options.upstream, target)
  return startRecordingProxy({ upstream, pipeline, host: options.host ?? '127.0.0.1', port: options.port ?? 0 })
}
