// The bridge's JSON answers: a LabResult (200) or a transport failure shaped like a failed one.
import type { ServerResponse } from 'node:http'
import type { UiBridgeErrorBody, UiBridgeErrorCode } from '../../shared/http-bridge'
import type { LabErrorKind } from '../../shared/lab-api'

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  })
  res.end(text)
}

/** Which LabErrorKind a transport failure reads as, for clients that only know LabResult. */
const KIND_OF: Record<UiBridgeErrorCode, LabErrorKind> = {
  unauthorized: 'internal',
  bad_host: 'internal',
  cross_site: 'internal',
  bad_json: 'validation',
  bad_path: 'not_found',
  unknown_method: 'not_found',
  not_found: 'not_found',
  method_not_allowed: 'internal',
  unsupported_media_type: 'validation',
  body_too_large: 'validation',
  internal: 'internal',
}

/** A transport failure. `message` is shown to the user: never a header or body value (tokens travel there). */
export function sendError(res: ServerResponse, status: number, code: UiBridgeErrorCode, message: string): void {
  // A request refused before its body was read (a wrong Host, a cross-site or unauthenticated call):
  // the connection ends with the answer. Kept alive, node would read and drop the rest of the body
  // until REQUEST_TIMEOUT_MS, so any web page could make the lab's process read gigabytes for 30 s
  // per request (a no-cors POST needs no token) and slow its token server with it.
  if (bodyPending(res) && !res.headersSent) res.setHeader('Connection', 'close')
  const body: UiBridgeErrorBody = { ok: false, error: { kind: KIND_OF[code], message }, code }
  sendJson(res, status, body)
}

/** The request announced a body that has not been read to its end. */
function bodyPending(res: ServerResponse): boolean {
  const { req } = res
  if (req.complete) return false
  const length = req.headers['content-length']
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined
}
