// Reads a request body up to a limit. Over the limit nothing more is buffered: the caller
// answers 413 at once and the connection is closed after the response.
import type { IncomingMessage } from 'node:http'
import { BODY_LIMIT } from '../../shared/limits'
export { BODY_LIMIT }

export type BodyResult = { kind: 'ok'; body: Buffer } | { kind: 'too_large'; size: number } | { kind: 'aborted' }

/** One read in progress: what arrived so far, and whether its result is settled. */
interface BodyRead {
  chunks: Buffer[]
  size: number
  done: boolean
  resolve: (result: BodyResult) => void
}

function settle(read: BodyRead, result: BodyResult): void {
  if (read.done) return
  read.done = true
  read.chunks = []
  read.resolve(result)
}

export function readBody(req: IncomingMessage, limit = BODY_LIMIT): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ kind: 'too_large', size: declared })
  // The listeners are inline and stay attached once settled (they return at once then): named per-request
  // closures cost a name definition each under tsx's keepNames, on every request the token server reads.
  return new Promise((resolve) => {
    const read: BodyRead = { chunks: [], size: 0, done: false, resolve }
    req.on('data', (chunk: Buffer) => {
      if (read.done) return
      read.size += chunk.length
      // Stop buffering; what still arrives is discarded here, then by node once the response is sent.
      if (read.size > limit) settle(read, { kind: 'too_large', size: read.size })
      else read.chunks.push(chunk)
    })
    req.on('end', () => {
      const { chunks, size } = read
      settle(read, { kind: 'ok', body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) })
    })
    req.on('error', () => settle(read, { kind: 'aborted' }))
    req.on('aborted', () => settle(read, { kind: 'aborted' }))
  })
}
