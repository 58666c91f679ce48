// Recorded exchanges as a HAR 1.2 log (http://www.softwareishard.com/blog/har-12-spec/), for
// `ropc-lab history --format har` and the UI's export: Chrome DevTools, HTTP Toolkit and Charles import
// it. Each entry keeps the exchange's trace and findings in `_ropcLab` (HAR 1.2 allows custom fields
// that start with `_`).
//
// A HAR file leaves the machine (attached to a ticket, sent to a colleague), so it carries the exchanges
// as stored — passwords, secrets and tokens masked — and masks again whatever is not: an exchange kept
// unmasked in memory (`revealed`), or a token another server issued to the composer.
import { STATUS_CODES } from 'node:http'
import { version as LAB_VERSION } from '../../package.json'
import type { Exchange, HeaderList } from '../shared/exchange'
import { maskBody, maskHeaders, maskResponseBody, maskTarget } from '../shared/masking'

export interface HarNameValue {
  name: string
  value: string
}

export interface HarRequest {
  method: string
  url: string
  httpVersion: string
  cookies: HarNameValue[]
  headers: HarNameValue[]
  queryString: HarNameValue[]
  postData?: { mimeType: string; text: string; params: HarNameValue[] }
  headersSize: number
  bodySize: number
}

export interface HarResponse {
  status: number
  statusText: string
  httpVersion: string
  cookies: HarNameValue[]
  headers: HarNameValue[]
  content: { size: number; mimeType: string; text: string }
  redirectURL: string
  headersSize: number
  bodySize: number
}

/** The exchange's own record, beyond what HAR describes. */
export interface HarRopcLab {
  id: string
  origin: Exchange['origin']
  endpoint: string
  grantType: string | null
  clientId: string | null
  username: string | null
  error: string | null
  hashMs: number
  trace: Exchange['trace']
  findings: Exchange['findings']
}

export interface HarEntry {
  startedDateTime: string
  time: number
  request: HarRequest
  response: HarResponse
  cache: Record<string, never>
  timings: { blocked: number; dns: number; connect: number; ssl: number; send: number; wait: number; receive: number }
  serverIPAddress?: string
  /** Chrome DevTools files these under Fetch/XHR. */
  _resourceType: 'fetch'
  _ropcLab: HarRopcLab
}

export interface HarLog {
  log: {
    version: '1.2'
    creator: { name: string; version: string }
    pages: []
    entries: HarEntry[]
    comment: string
  }
}

export interface HarOptions {
  /**
   * Where the embedded server listened (`http://127.0.0.1:8443`): its exchanges store the path only, and a
   * HAR request URL is absolute. Exchanges the composer sent elsewhere keep their own URL.
   */
  baseUrl: string
}

const HTTP_VERSION = 'HTTP/1.1'

const header = (headers: HeaderList, name: string): string | undefined =>
  headers.find(([n]) => n.toLowerCase() === name)?.[1]

const nameValues = (list: Iterable<[string, string]>): HarNameValue[] =>
  [...list].map(([name, value]) => ({ name, value }))

/** The size the wire carried (Content-Length), else the bytes of the text as stored. */
function bodySize(headers: HeaderList, text: string): number {
  const length = Number(header(headers, 'content-length'))
  return Number.isSafeInteger(length) && length >= 0 ? length : Buffer.byteLength(text)
}

function absoluteUrl(target: string, base: URL): URL {
  // The runner stores absolute URLs; the embedded server stores path and query as received.
  return /^https?:\/\//i.test(target) ? new URL(target) : new URL(target, base)
}

/** An IP literal host is the server's address; a name would need a lookup the file cannot vouch for. */
function serverIp(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':') ? host : undefined
}

function harRequest(e: Exchange, url: URL): HarRequest {
  const headers = maskHeaders(e.request.headers)
  if (header(headers, 'host') === undefined) headers.unshift(['Host', url.host]) // as the client library sent it
  const body = maskBody(e.request.body)
  const mimeType = header(headers, 'content-type') ?? ''
  const request: HarRequest = {
    method: e.request.method,
    url: url.href,
    httpVersion: HTTP_VERSION,
    cookies: [],
    headers: nameValues(headers),
    queryString: nameValues(url.searchParams),
    headersSize: -1,
    bodySize: body === '' ? 0 : bodySize(e.request.headers, body),
  }
  if (body !== '' || e.request.method === 'POST') {
    const isForm = mimeType.toLowerCase().startsWith('application/x-www-form-urlencoded')
    request.postData = {
      mimeType: mimeType || 'application/octet-stream',
      text: body,
      params: isForm ? nameValues(new URLSearchParams(body)) : [],
    }
  }
  return request
}

function harResponse(e: Exchange): HarResponse {
  const { status, headers } = e.response
  const text = maskResponseBody(e.response.body)
  return {
    status,
    // Status 0: the connection ended without an answer (HAR and Chrome's convention for an aborted request).
    statusText: status === 0 ? '' : (STATUS_CODES[status] ?? ''),
    httpVersion: status === 0 ? '' : HTTP_VERSION,
    cookies: [],
    headers: nameValues(headers),
    content: { size: Buffer.byteLength(text), mimeType: header(headers, 'content-type') ?? '', text },
    redirectURL: header(headers, 'location') ?? '',
    headersSize: -1,
    bodySize: status === 0 ? -1 : bodySize(headers, text),
  }
}

export function exchangeToHarEntry(e: Exchange, base: URL): HarEntry {
  const url = absoluteUrl(maskTarget(e.request.target), base)
  const ip = serverIp(url)
  const time = Math.max(0, e.durationMs)
  return {
    startedDateTime: e.at,
    time,
    request: harRequest(e, url),
    response: harResponse(e),
    cache: {},
    // The exchange records the whole duration only: it is all "wait" (HAR 1.2: -1 for what is not known).
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: time, receive: 0 },
    ...(ip !== undefined && { serverIPAddress: ip }),
    _resourceType: 'fetch',
    _ropcLab: {
      id: e.id,
      origin: e.origin,
      endpoint: e.endpoint,
      grantType: e.grantType ?? null,
      clientId: e.clientId ?? null,
      username: e.username ?? null,
      error: e.error ?? null,
      hashMs: e.hashMs,
      trace: e.trace,
      findings: e.findings,
    },
  }
}

/** A HAR 1.2 log of the exchanges, oldest first (HAR's order), whatever order they come in. */
export function exchangesToHar(exchanges: readonly Exchange[], options: HarOptions): HarLog {
  let base: URL
  try {
    base = new URL(options.baseUrl)
  } catch {
    throw new Error(`the HAR base URL must be an absolute http(s) URL, got ${JSON.stringify(options.baseUrl)}`)
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new Error(`the HAR base URL must be an absolute http(s) URL, got ${JSON.stringify(options.baseUrl)}`)
  const sorted = [...exchanges].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
  return {
    log: {
      version: '1.2',
      creator: { name: 'ROPC Lab', version: LAB_VERSION },
      pages: [],
      entries: sorted.map((e) => exchangeToHarEntry(e, base)),
      comment: 'Recorded by ROPC Lab. Passwords, client secrets and tokens are masked.',
    },
  }
}
