// Opening the recording proxy in front of a real server: resolve where to relay (RFC 8414 metadata
// or a token endpoint URL), then listen. The CLI's `proxy` command and the app's "Relay to a real
// server" both call this.
import type { ExchangePipeline } from '../../server/index'
import { startRecordingProxy, type RecordingProxy } from './recording-proxy'
import { pointsAtItself } from './target'
import { resolveUpstream } from './upstream'
import { PROXY_TIMEOUT_MS } from '../../shared/limits'

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
  /** Keep the upstream's `issuer` in relayed metadata (default: the proxy's own URL, RFC 8414 §3.3). */
  keepIssuer?: boolean
}

function refuseSelf(upstream: string, host: string, port: number): void {
  if (pointsAtItself(upstream, host, port)) {
    throw new Error(
      `--upstream ${new URL(upstream).host} is this proxy's own address (${host}:${port}): it would relay every ` +
        'request back to itself; give the URL of the real server',
    )
  }
}

export async function openProxy(pipeline: ExchangePipeline, options: ProxyOptions): Promise<RecordingProxy> {
  const host = options.host ?? '127.0.0.1'
  const port = options.port ?? 0
  // Checked before the metadata lookup, which would otherwise be sent to nothing (or to this port's user).
  if (port !== 0) refuseSelf(options.upstream, host, port)
  const target = {
    timeoutMs: options.timeoutMs ?? PROXY_TIMEOUT_MS,
    ...(options.upstreamCa !== undefined && { ca: options.upstreamCa }),
  }
  const upstream = await resolveUpstream(options.upstream, target)
  const proxy = await startRecordingProxy({
    upstream,
    pipeline,
    host,
    port,
    ...(options.keepIssuer !== undefined && { keepIssuer: options.keepIssuer }),
  })
  try {
    // A free port taken by the system may be the one the upstream names.
    refuseSelf(options.upstream, host, Number(new URL(proxy.baseUrl).port))
  } catch (err) {
    await proxy.close()
    throw err
  }
  return proxy
}
