// `POST /__lab/api/<method>`: one LabApi call per request, through dispatchLabCall (zod on the
// input, every failure a LabResult), behind the session and cross-site guards.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { dispatchLabCall, isLabMethod } from '../../lab/dispatch'
import type { Lab } from '../../lab/lab-types'
import { SESSION_HEADER } from '../../shared/http-bridge'
import { headerValue, isCrossSite, readCappedBody, type Session } from './guards'
import { sendError, sendJson } from './reply'

export type ApiHandler = (req: IncomingMessage, res: ServerResponse, rawMethod: string) => Promise<void>

export function labApi(lab: Lab, session: Session): ApiHandler {
  return async (req, res, rawMethod) => {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST')
      return sendError(res, 405, 'method_not_allowed', 'lab calls are POST requests')
    }
    if (isCrossSite(req)) return sendError(res, 403, 'cross_site', 'cross-site requests are refused')
    if (!session.accepts(headerValue(req, SESSION_HEADER))) {
      return sendError(res, 401, 'unauthorized', `missing or wrong ${SESSION_HEADER}: open the URL the CLI printed`)
    }
    let method: string
    try {
      method = decodeURIComponent(rawMethod)
    } catch {
      return sendError(res, 404, 'unknown_method', 'unknown lab method')
    }
    if (!isLabMethod(method))
      return sendError(res, 404, 'unknown_method', `unknown lab method "${method.slice(0, 100)}"`)
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
    if (contentType !== 'application/json') {
      return sendError(res, 415, 'unsupported_media_type', 'send the input as Content-Type: application/json')
    }

    const body = await readCappedBody(req, res)
    if (body === null) return // 413 already sent
    let input: unknown
    if (body.length > 0) {
      try {
        input = JSON.parse(body.toString('utf8'))
      } catch {
        return sendError(res, 400, 'bad_json', 'the body is not valid JSON')
      }
    }
    // 200 also for `ok: false`: a lab error is a result the UI shows, not a transport failure.
    sendJson(res, 200, await dispatchLabCall(lab.handlers, method, input))
  }
}
