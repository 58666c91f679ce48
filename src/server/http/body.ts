// Reads a request body up to a limit. Over the limit nothing more is buffered: the caller
// answers 413 at once and the connection is closed after the response.
import type { IncomingMessage } from 'node:http'
import { BODY_LIMIT } from '../../shared/limits'
export { BODY_LIMIT }

export type BodyResult = { kind: 'ok'; body: Buffer } | { kind: 'too_large'; size: number } | { kind: 'aborted' }

export function readBody(req: IncomingMessage, limit = BODY_LIMIT): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ kind: 'too_large', size: declared })
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const finish = (result: BodyResult): void => {
      if (done) return
      done = true
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onAbort)
      req.off('aborted', onAbort)
      resolve(result)
    }
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size > limit) {
        // Stop buffering; what still arrives is discarded by node once the response is sent.
        chunks.length = 0
        finish({ kind: 'too_large', size })
        return
      }
      chunks.push(chunk)
    }
    const onEnd = (): void =>
      finish({ kind: 'ok', body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) })
    const onAbort = (): void => finish({ kind: 'aborted' })
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onAbort)
    req.on('aborted', onAbort)
  })
}
