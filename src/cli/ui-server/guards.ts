// The checks every request of the browser bridge passes (threat model in ./index.ts): the
// session token, the Host header against DNS rebinding, the browser's cross-site marker, the
// body cap, and the security headers of every answer (no CORS header, ever).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isIP } from 'node:net'
import { APP_CSP } from '../../shared/csp'
import { LAB_BODY_LIMIT_BYTES } from '../../shared/http-bridge'
import { sendError } from './reply'
import { DRAIN_AFTER_413_BYTES } from '../../shared/limits'

export interface Session {
  /** 256 random bits, base64url: the `?session=` of the printed URL. */
  readonly token: string
  /** Whether a presented token is this session's, in constant time. */
  accepts(presented: string | null | undefined): boolean
}

export function createSession(): Session {
  const token = randomBytes(32).toString('base64url')
  const digest = sha256(token)
  return {
    token,
    accepts: (presented) =>
      typeof presented === 'string' && presented.length > 0 && timingSafeEqual(sha256(presented), digest),
  }
}

function sha256(text: string): Buffer {
  // Hashing first gives equal-length inputs, which timingSafeEqual requires.
  return createHash('sha256').update(text, 'utf8').digest()
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()]
  return Array.isArray(v) ? v[0] : v
}

/** A browser's own word that the request comes from another site (absent for curl and tests). */
export function isCrossSite(req: IncomingMessage): boolean {
  const site = headerValue(req, 'sec-fetch-site')
  return site === 'cross-site' || site === 'same-site'
}

/** On every answer, before anything else is written. No Access-Control-* header: no CORS. */
export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', APP_CSP)
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'no-referrer')
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', ''])

export function isWildcardHost(host: string): boolean {
  return WILDCARD_HOSTS.has(host.replace(/^\[|\]$/g, ''))
}

function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name)
}

/**
 * DNS-rebinding guard: the Host must be the bound address (or `localhost`/a loopback literal when
 * bound to loopback, or any IP literal when bound to every interface) with the bound port.
 * A rebinding attack needs a DNS name of its own, which none of these is.
 */
export function hostAllowed(hostHeader: string | undefined, boundHost: string, boundPort: number): boolean {
  if (!hostHeader) return false
  const m = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(hostHeader) ?? /^([^:[\]]+)(?::(\d{1,5}))?$/.exec(hostHeader)
  if (!m) return false
  const name = m[1]!.toLowerCase()
  const port = m[2] === undefined ? 80 : Number(m[2])
  if (port !== boundPort) return false
  const bound = boundHost.replace(/^\[|\]$/g, '').toLowerCase()
  if (name === bound) return true
  if (isLoopbackName(bound)) return isLoopbackName(name)
  if (isWildcardHost(bound)) return isIP(name) !== 0 || name === 'localhost'
  return false
}

/** The whole body, or null after answering 413 when it exceeds LAB_BODY_LIMIT_BYTES. */
export function readCappedBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer | null> {
  const tooLarge = () => {
    // Answer at once (sendError closes the connection after it: the body is still coming), read and drop
    // what the client is still sending (so it sees the 413 and not a connection reset), and cut a client that
    // keeps going.
    sendError(res, 413, 'body_too_large', `the body exceeds ${LAB_BODY_LIMIT_BYTES} bytes`)
    let drained = 0
    req.removeAllListeners('data')
    req.on('data', (chunk: Buffer) => {
      drained += chunk.length
      if (drained > DRAIN_AFTER_413_BYTES) req.destroy()
    })
    req.resume()
  }
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > LAB_BODY_LIMIT_BYTES) {
    tooLarge()
    return Promise.resolve(null)
  }
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    req.on('data', (chunk: Buffer) => {
      if (done) return
      size += chunk.length
      if (size > LAB_BODY_LIMIT_BYTES) {
        done = true
        tooLarge()
        resolveBody(null)
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (!done) {
        done = true
        resolveBody(Buffer.concat(chunks))
      }
    })
    req.on('error', (err) => {
      if (!done) {
        done = true
        reject(err)
      }
    })
  })
}
