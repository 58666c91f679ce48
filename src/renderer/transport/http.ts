// The browser transport of `ropc-lab serve --ui`: each call is `POST /__lab/api/<method>` with
// the input as JSON and the session token in a header; the answer is a LabResult. Live events
// come as Server-Sent Events from `GET /__lab/events?session=<token>` (EventSource cannot set
// headers, hence the query parameter there).
import { LAB_API_PATH_PREFIX, LAB_EVENTS_PATH, SESSION_HEADER, SESSION_QUERY_PARAM } from '../../shared/http-bridge'
import { LabError, type LabEventName, type LabResult } from '../../shared/lab-api'
import { unwrapResult, type LabClient } from './lab-client'

export { SESSION_HEADER }

export interface HttpTransportOptions {
  /** Origin + base path of the lab; '' means the page's own origin. */
  baseUrl?: string
  sessionToken: string | null
  fetch?: typeof fetch
  EventSource?: typeof EventSource
}

function isLabResult(value: unknown): value is LabResult<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false
  return value.ok === true ? 'data' in value : typeof (value as { error?: unknown }).error === 'object'
}

export function createHttpClient(options: HttpTransportOptions): LabClient {
  const baseUrl = (options.baseUrl ?? '').replace(/\/$/, '')
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  const EventSourceImpl = options.EventSource ?? globalThis.EventSource
  const token = options.sessionToken
  let source: EventSource | null = null

  function noSession(): LabError {
    return new LabError('internal', 'no session token: open the URL that `ropc-lab serve --ui` printed')
  }

  function events(): EventSource {
    source ??= new EventSourceImpl(
      `${baseUrl}${LAB_EVENTS_PATH}?${SESSION_QUERY_PARAM}=${encodeURIComponent(token ?? '')}`,
    )
    return source
  }

  return {
    async call(method, input) {
      if (!token) throw noSession()
      let response: Response
      try {
        response = await doFetch(`${baseUrl}${LAB_API_PATH_PREFIX}${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [SESSION_HEADER]: token },
          body: JSON.stringify(input ?? {}),
        })
      } catch (err) {
        throw new LabError('internal', `the lab did not answer (${err instanceof Error ? err.message : String(err)})`)
      }
      let payload: unknown
      try {
        payload = await response.json()
      } catch {
        throw new LabError('internal', `the lab answered ${response.status} without a JSON result`)
      }
      if (!isLabResult(payload))
        throw new LabError('internal', `the lab answered ${response.status} with an unexpected body`)
      return unwrapResult(payload) as never
    },
    onResync(listener) {
      if (!token) return () => {}
      const es = events()
      // EventSource reconnects by itself after an error; every `open` after the first one follows
      // a gap in which events were lost.
      let opened = false
      const handle = () => {
        if (opened) listener()
        opened = true
      }
      es.addEventListener('open', handle)
      return () => es.removeEventListener('open', handle)
    },
    on(event: LabEventName, listener) {
      if (!token) return () => {}
      const es = events()
      const handle = (message: MessageEvent<string>) => {
        try {
          listener(JSON.parse(message.data))
        } catch (err) {
          console.error(`[ropc-lab] bad ${event} event`, err)
        }
      }
      es.addEventListener(event, handle as EventListener)
      return () => es.removeEventListener(event, handle as EventListener)
    },
  }
}
