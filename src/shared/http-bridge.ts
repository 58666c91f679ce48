// The wire contract of `ropc-lab serve --ui` (the browser face of the LabApi), shared by the
// server (src/cli/ui-server/) and the renderer's HTTP transport.
//
//   POST /__lab/api/<method>   headers: Content-Type: application/json, X-Ropc-Lab-Session: <token>
//                              body: the method's input as JSON (empty body = `{}`)
//                              200 → a LabResult (`ok: false` too: a lab error is still a result)
//                              other statuses → UiBridgeErrorBody: a transport failure (bad session,
//                              bad Host, bad JSON, too large…), shaped as a failed LabResult so a
//                              client that only knows LabResult still shows its message
//   GET  /__lab/events?session=<token>
//                              Server-Sent Events: `event: <LabEventName>` + `data: <json payload>`,
//                              a `: heartbeat` comment every 15 s
//
// The token comes from the URL the CLI prints (`/?session=<token>`); the page reads it from
// `location.search` and sends it back on every call.

import type { LabErrorShape } from './lab-api'
import { LAB_BODY_LIMIT_BYTES } from './limits'
export { LAB_BODY_LIMIT_BYTES }

export const SESSION_HEADER = 'X-Ropc-Lab-Session'
export const SESSION_QUERY_PARAM = 'session'
export const LAB_API_PATH_PREFIX = '/__lab/api/'
export const LAB_EVENTS_PATH = '/__lab/events'

export type UiBridgeErrorCode =
  | 'unauthorized'
  | 'bad_host'
  | 'cross_site'
  | 'bad_json'
  | 'bad_path'
  | 'unknown_method'
  | 'not_found'
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'body_too_large'
  | 'internal'

/** Body of every non-200 response of the bridge; `code` says which guard answered. */
export interface UiBridgeErrorBody {
  ok: false
  error: LabErrorShape
  code: UiBridgeErrorCode
}
