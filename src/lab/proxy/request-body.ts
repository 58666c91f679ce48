// The body of a request to the proxy, bounded. Over the limit nothing more is kept, but the rest is
// still read and dropped (up to DRAIN_LIMIT bytes and DRAIN_MS): closing a connection whose client is
// still sending makes the kernel reset it, and the client would never read the 413 (RFC 9110 §15.5.14)
// it is owed. A client that announced its body with `Expect: 100-continue` (RFC 9110 §10.1.1) is
// answered before it sends anything.
import type { IncomingMessage } from 'node:http'
import { readBody } from '../../server/http/body'
import { DRAIN_LIMIT, DRAIN_MS, PROXY_BODY_LIMIT } from '../../shared/limits'
export { DRAIN_LIMIT, DRAIN_MS, PROXY_BODY_LIMIT }

export type ProxyBody =
  | { kind: 'ok'; body: Buffer }
  /** `drained`: the client sent its whole body, so it reads the answer; otherwise the connection is cut. */
  | { kind: 'too_large'; size: number; drained: boolean }
  | { kind: 'aborted' }

/** Reads and drops what is left of the body, bounded; true once the request ended within the bounds. */
function drain(req: IncomingMessage, already: number): Promise<{ size: number; drained: boolean }> {
  if (req.complete) return Promise.resolve({ size: already, drained: true })
  return new Promise((resolve) => {
    let size = already
    const finish = (drained: boolean) => {
      clearTimeout(timer)
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('close', onClose)
      resolve({ size, drained })
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > DRAIN_LIMIT) finish(false)
    }
    const onEnd = () => finish(true)
    const onClose = () => finish(req.complete)
    const timer = setTimeout(() => finish(false), DRAIN_MS)
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('close', onClose)
    req.resume()
  })
}

export async function readProxyBody(req: IncomingMessage, expectsContinue: boolean): Promise<ProxyBody> {
  const read = await readBody(req, PROXY_BODY_LIMIT)
  if (read.kind !== 'too_large') return read
  // RFC 9110 §10.1.1: the client waits for 100 before sending; a final status stops it sending at all.
  if (expectsContinue) return { kind: 'too_large', size: read.size, drained: true }
  const announced = Number(req.headers['content-length'])
  // readBody stops at an announced length over the limit without reading anything.
  const counted = Number.isFinite(announced) && announced === read.size ? 0 : read.size
  const { size, drained } = await drain(req, counted)
  return { kind: 'too_large', size: Math.max(size, read.size), drained }
}
