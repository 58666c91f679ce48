// Sends one fuzz request over real HTTP on loopback, with a bounded time and a bounded answer.
import http from 'node:http'
import type { FuzzRequest } from './fuzz-request'

export type Sent =
  { kind: 'answer'; status: number; text: string; location?: string } | { kind: 'reset'; message: string }

const TIMEOUT_MS = 10_000
/** The lab's answers are small JSON documents; anything bigger is a failure in itself. */
const ANSWER_LIMIT = 256 * 1024

export function sendRequest(baseUrl: string, r: FuzzRequest, agent: http.Agent): Promise<Sent> {
  const headers: Record<string, string> = { ...r.headers }
  if (!r.chunked) headers['content-length'] = String(r.body.length)
  return new Promise((resolve) => {
    let settled = false
    const done = (s: Sent): void => {
      if (settled) return
      settled = true
      resolve(s)
    }
    let req: http.ClientRequest
    try {
      req = http.request(
        new URL(r.target, baseUrl),
        { method: r.method, headers, agent, timeout: TIMEOUT_MS },
        (res) => {
          const chunks: Buffer[] = []
          let size = 0
          res.on('data', (c: Buffer) => {
            size += c.length
            if (size <= ANSWER_LIMIT) chunks.push(c)
          })
          res.on('end', () =>
            done({
              kind: 'answer',
              status: res.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8'),
              ...(res.headers.location === undefined ? {} : { location: res.headers.location }),
            }),
          )
          res.on('error', (err) => done({ kind: 'reset', message: err.message }))
        },
      )
    } catch (err) {
      // The client library refused the request (an invalid header or path): nothing was sent.
      done({ kind: 'answer', status: -1, text: (err as Error).message })
      return
    }
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)))
    req.on('error', (err) => done({ kind: 'reset', message: err.message }))
    if (r.chunked && r.body.length > 0) {
      const half = r.body.length >> 1
      req.write(r.body.subarray(0, half))
      req.end(r.body.subarray(half))
    } else req.end(r.body)
  })
}
