// The time limits of every HTTP listener of the lab (the token server, the UI bridge of `serve --ui`),
// named once. Slow-loris protection: a client that trickles its headers or its body holds a socket
// and a parser; these cut it at the documented limits (README "Limits", SECURITY.md).

/** The request's headers must arrive within this long of the first byte. */
export const HEADERS_TIMEOUT_MS = 10_000
/** The whole request, headers and body, must arrive within this long. */
export const REQUEST_TIMEOUT_MS = 30_000
/**
 * How often node checks the two limits above. Its default (30 s) let a slow client run 36 s past a
 * 10 s limit and 63 s past a 30 s one; at 1 s a limit holds within a second.
 */
export const CONNECTIONS_CHECKING_INTERVAL_MS = 1_000

/** The options of http.createServer / https.createServer that enforce the limits. */
export const SLOW_CLIENT_TIMEOUTS = {
  headersTimeout: HEADERS_TIMEOUT_MS,
  requestTimeout: REQUEST_TIMEOUT_MS,
  connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
} as const

/**
 * Bytes the UI server keeps waiting for one event-stream client. A tab that stops reading (hidden,
 * frozen, a debugger paused) past this has its stream closed: EventSource reconnects once it reads
 * again, and the page reloads its state then.
 */
export const MAX_EVENT_STREAM_BUFFER_BYTES = 1024 * 1024
