// One request relayed to the real server unchanged — method, headers but Host and the hop-by-hop
// ones (RFC 9110 §7.6.1), body; Accept-Encoding asks for identity — and its answer read back whole
// (bounded, decoded if coded anyway), or why there is none.
import http from 'node:http'
import https from 'node:https'
import { performance } from 'node:perf_hooks'
import zlib from 'node:zlib'
import { headerListFromRaw, type HeaderList } from '../../shared/exchange'
import { RELAY_RESPONSE_LIMIT_BYTES } from '../../shared/limits'
import { describeConnectionError } from '../discovery/connection-errors'

export interface RelayTarget {
  /** Extra CA certificates (PEM) to trust for an https upstream. */
  ca?: string
  timeoutMs: number
}

export interface RelayRequest {
  method: string
  url: URL
  /** The request-target to send as received (origin-form), instead of the URL's normalised path and query. */
  path?: string
  headers: HeaderList
  body: Buffer
}

export type RelayAnswer =
  | { kind: 'answer'; status: number; headers: HeaderList; body: Buffer; ms: number }
  | { kind: 'unreachable' | 'timeout' | 'too_large'; message: string; ms: number }

/** RFC 9110 §7.6.1: connection-specific headers are not forwarded; Host names the proxy, not the upstream. */
const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  // RFC 9110 §11.7.2: for the next proxy that asked for it; this one asked for none, and the upstream is
  // no proxy, so relaying it would hand the client's proxy credentials to the real server.
  'proxy-authorization',
])

export function endToEndHeaders(headers: HeaderList): HeaderList {
  const named = new Set(
    headers
      .filter(([k]) => k.toLowerCase() === 'connection')
      .flatMap(([, v]) => v.split(',').map((t) => t.trim().toLowerCase())),
  )
  return headers.filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase()) && !named.has(k.toLowerCase()))
}

/**
 * The proxy reads every answer to judge and mask it: it asks for no content coding (RFC 9110 §12.5.3
 * `identity`), since a compressed token would be stored unmasked and unjudged.
 */
function requestHeaders(request: RelayRequest): string[] {
  const kept = endToEndHeaders(request.headers).filter(([k]) => k.toLowerCase() !== 'accept-encoding')
  return [...kept, ['Accept-Encoding', 'identity'], ['Host', request.url.host]].flat()
}

const DECODERS: Record<string, (b: Buffer, o: zlib.ZlibOptions & zlib.BrotliOptions) => Buffer> = {
  gzip: zlib.gunzipSync,
  'x-gzip': zlib.gunzipSync,
  deflate: zlib.inflateSync,
  br: zlib.brotliDecompressSync,
}

/**
 * An answer coded anyway is decoded (bounded, RFC 9110 §8.4) so it can be judged, masked and relayed
 * as identity; null when the coding is unknown or broken.
 */
function decoded(headers: HeaderList, body: Buffer): { headers: HeaderList; body: Buffer } | null {
  const coding = headers
    .find(([k]) => k.toLowerCase() === 'content-encoding')?.[1]
    .trim()
    .toLowerCase()
  if (coding === undefined || coding === '' || coding === 'identity') return { headers, body }
  const decode = DECODERS[coding]
  if (!decode) return null
  try {
    const plain = decode(body, { maxOutputLength: RELAY_RESPONSE_LIMIT_BYTES })
    const rest = headers.filter(([k]) => !['content-encoding', 'content-length'].includes(k.toLowerCase()))
    return { headers: rest, body: plain }
  } catch {
    return null
  }
}

export function relay(target: RelayTarget, request: RelayRequest): Promise<RelayAnswer> {
  const started = performance.now()
  const ms = () => Math.round((performance.now() - started) * 100) / 100
  const client = request.url.protocol === 'https:' ? https : http
  return new Promise((resolve) => {
    const req = client.request(request.url, {
      method: request.method,
      headers: requestHeaders(request),
      setHost: false,
      agent: false,
      ...(request.path !== undefined && { path: request.path }),
      ...(target.ca !== undefined && { ca: target.ca }),
    })
    const timer = setTimeout(() => {
      req.destroy()
      resolve({ kind: 'timeout', message: `no answer within ${target.timeoutMs / 1000} s`, ms: ms() })
    }, target.timeoutMs)
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        size += c.length
        if (size > RELAY_RESPONSE_LIMIT_BYTES) {
          clearTimeout(timer)
          req.destroy()
          resolve({
            kind: 'too_large',
            message: `answer larger than ${RELAY_RESPONSE_LIMIT_BYTES / 1024 / 1024} MiB`,
            ms: ms(),
          })
          return
        }
        chunks.push(c)
      })
      res.on('end', () => {
        clearTimeout(timer)
        const plain = decoded(headerListFromRaw(res.rawHeaders), Buffer.concat(chunks))
        if (plain === null) {
          resolve({ kind: 'unreachable', message: 'the answer has a content coding that cannot be read', ms: ms() })
          return
        }
        resolve({ kind: 'answer', status: res.statusCode ?? 0, ...plain, ms: ms() })
      })
      res.on('error', (err) => {
        clearTimeout(timer)
        resolve({ kind: 'unreachable', message: `the answer broke off: ${err.message}`, ms: ms() })
      })
    })
    req.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      // Said as what happened (a plain-HTTP port, an untrusted certificate, headers over node's limit).
      resolve({ kind: 'unreachable', message: describeConnectionError(err), ms: ms() })
    })
    req.end(request.body.length > 0 ? request.body : undefined)
  })
}
