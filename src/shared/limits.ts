// Every byte, count and time limit of the lab, named once (architecture.md "Limits"): each body read,
// each discovery, each event stream, each queue and each in-memory map has a bound, and its code reads
// it from here. SECURITY.md "Limits" lists each by name with the test that shows it holds;
// test/integration/limits-registry.test.ts refuses a limit declared elsewhere, or one no test names.

const KiB = 1024
const MiB = 1024 * KiB
const SECOND = 1_000
const MINUTE = 60 * SECOND

// ── HTTP listeners (the token server, the UI bridge of `serve --ui`, the proxy) ──────────────────────

/** A token, introspection, revocation, challenge or sign-in request body; past it: 413 (RFC 6749 §3.2 sets none). */
export const BODY_LIMIT = 64 * KiB
/** The request's headers must arrive within this long of the first byte (slow-loris protection). */
export const HEADERS_TIMEOUT_MS = 10 * SECOND
/**
 * An HTTPS connection's TLS handshake must finish within this long of the connection. Node's HTTP
 * limits only start once it has (node's own default is 120 s): a client that opens the socket and
 * never sends its ClientHello, or only part of it, held it two minutes.
 */
export const TLS_HANDSHAKE_TIMEOUT_MS = HEADERS_TIMEOUT_MS
/** The whole request, headers and body, must arrive within this long. */
export const REQUEST_TIMEOUT_MS = 30 * SECOND
/**
 * How often node checks the two limits above. Its default (30 s) let a slow client run 36 s past a
 * 10 s limit and 63 s past a 30 s one; at 1 s a limit holds within a second.
 */
export const CONNECTIONS_CHECKING_INTERVAL_MS = 1 * SECOND
/** An idle keep-alive connection of the token server is closed after this long. */
export const KEEP_ALIVE_TIMEOUT_MS = 5 * SECOND
/** In-flight requests get this long to finish on close() before their connections are cut. */
export const CLOSE_GRACE_MS = 2 * SECOND

/** The options of http.createServer / https.createServer that enforce the slow-client limits. */
export const SLOW_CLIENT_TIMEOUTS = {
  headersTimeout: HEADERS_TIMEOUT_MS,
  requestTimeout: REQUEST_TIMEOUT_MS,
  connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
} as const

// ── The UI bridge of `serve --ui` ───────────────────────────────────────────────────────────────────

/** A LabApi call's JSON body (a workspace import is the largest). */
export const LAB_BODY_LIMIT_BYTES = 1 * MiB
/** After a 413 the bridge reads and drops at most this much, so the client sees the answer, not a reset. */
export const DRAIN_AFTER_413_BYTES = 8 * MiB
/**
 * Bytes the UI server keeps waiting for one event-stream client. A tab that stops reading (hidden,
 * frozen, a debugger paused) past this has its stream closed: EventSource reconnects once it reads
 * again, and the page reloads its state then.
 */
export const MAX_EVENT_STREAM_BUFFER_BYTES = 1 * MiB
/**
 * Event streams open at once. Past it the oldest is closed, so the page opened last always gets its events and a
 * pile of stalled or forgotten streams (each holds a socket and a listener per event) cannot grow without bound.
 */
export const MAX_EVENT_STREAMS = 32
/** A comment line on each event stream this often, so proxies and browsers keep it open. */
export const EVENT_STREAM_HEARTBEAT_MS = 15 * SECOND
/** Deeper than any workspace, scenario or LabApi input needs (a scenario's expect.body is ~6). */
export const MAX_INPUT_DEPTH = 64
/**
 * Objects and arrays in one LabApi input or scenario, each counted where it is reached (a shared
 * reference, possible over IPC, counts at each place). A 1 MiB JSON body holds at most ~350,000;
 * a real workspace, a few thousand.
 */
export const MAX_INPUT_OBJECTS = 250_000
/** Workspaces are small JSON files; a bigger file is almost surely the wrong one. */
export const MAX_WORKSPACE_FILE_BYTES = 10 * MiB

// ── Requests the lab sends (the composer, scenarios, packs, the way-out panel) ─────────────────────

/** The largest answer the request runner reads; the rest is cut and the exchange says so. */
export const RUNNER_RESPONSE_LIMIT_BYTES = 1 * MiB
/** The runner's whole request, connection to last byte. */
export const RUNNER_TIMEOUT_MS = 30 * SECOND
/** How long an announced local port is waited for before its exchange is recorded alone: the runner's timeout. */
export const LOCAL_SENDER_WAIT_MS = RUNNER_TIMEOUT_MS
/** A metadata document (RFC 8414) is a few KB; 1 MiB is far above any real one. */
export const DISCOVERY_MAX_BYTES = 1 * MiB
/** Discovery's whole answer, connection to last byte (not reset by each byte that trickles in). */
export const DISCOVERY_TIMEOUT_MS = 10 * SECOND
/** Scenarios of one run sent at once. */
export const SCENARIO_CONCURRENCY = 4
/** Check groups of a conformance pack run at once. */
export const PACK_CONCURRENCY = 4
/** A regex expectation's match that takes longer is stopped (it runs in a worker, off the event loop). */
export const REGEX_TIME_LIMIT_MS = 1 * SECOND
/** Longer regex patterns are refused unrun. */
export const MAX_REGEX_SOURCE_LENGTH = 1_000
/** Longer values are not matched (a body is at most 64 KiB on the embedded server). */
export const MAX_REGEX_SUBJECT_LENGTH = 100_000
/** Regex matches waiting for the worker; more are refused. */
export const MAX_PENDING_REGEX_MATCHES = 1_000
/** Way-out flows (code flow, challenge) the panel keeps; the oldest goes first. */
export const WAY_OUT_FLOW_LIMIT = 50
/** The way-out panel's loopback callback listener waits this long for the browser's redirect. */
export const CALLBACK_WAIT_MS = 10 * MINUTE
/** The callback listener's own slow-client limit, headers and whole request. */
export const CALLBACK_REQUEST_TIMEOUT_MS = 10 * SECOND

// ── The proxy and the Relay ─────────────────────────────────────────────────────────────────────────

/** The largest request body relayed; past it: 413. */
export const PROXY_BODY_LIMIT = 1 * MiB
/** What is read and dropped after the limit, at most, before the 413 is sent anyway. */
export const DRAIN_LIMIT = 32 * MiB
/** ...and for at most this long. */
export const DRAIN_MS = 15 * SECOND
/** The upstream's answer, headers to last byte; past it: the proxy's own 504. */
export const PROXY_TIMEOUT_MS = 15 * SECOND
/** The largest upstream answer relayed; past it: the proxy's own 502. */
export const RELAY_RESPONSE_LIMIT_BYTES = 4 * MiB
/** Requests the proxy relays to its upstream at once: sockets to the upstream, answers held. */
export const PROXY_MAX_RELAYS = 32
/** Requests waiting for one of those; past it the proxy answers 503 itself (RFC 9110 §15.6.4). */
export const PROXY_MAX_WAITING = 512
/**
 * Connections the proxy keeps open at once; past it node closes a new one at once. Each may hold a
 * request body of up to PROXY_BODY_LIMIT while it is read, so this bounds that memory (1 GiB).
 */
export const PROXY_MAX_CONNECTIONS = 1024
/**
 * Connections the token server keeps open at once; past it node closes a new one at once (as the proxy's). A
 * burst of 2,000 clients still fits, and gets the hash queue's 503 with Retry-After past HASH_QUEUE_LIMIT.
 */
export const TOKEN_SERVER_MAX_CONNECTIONS = 2048
/** Connections the UI bridge keeps open: one person's tabs (a handful each, plus MAX_EVENT_STREAMS streams). */
export const UI_BRIDGE_MAX_CONNECTIONS = 256
/** Connections the way-out callback listener keeps open: it takes one redirect from one browser. */
export const CALLBACK_MAX_CONNECTIONS = 16
/** Relay starts and stops waiting for the one before them; past it a new one is refused (conflict). */
export const RELAY_TURNS_WAITING_LIMIT = 8
/** Proxies in one chain (the Via header, RFC 9110 §7.6.3); past it the request is answered 508 (RFC 5842 §7.2). */
export const MAX_VIA_HOPS = 16
/** Exchanges each Basic-pair index keeps, and for how long: a pair is made by one person trying twice. */
export const PAIR_MEMORY_SIZE = 64
export const PAIR_MEMORY_MS = 10 * MINUTE

// ── The token server's memory ───────────────────────────────────────────────────────────────────────

/** Exchanges whose unmasked copy is kept in memory for Reveal; older ones reveal nothing. */
export const REVEAL_MEMORY_LIMIT = 200
/**
 * Credential values one exchange with another server is masked by (known-secrets.ts), each in six
 * encodings: a real exchange carries a handful; a body of thousands is an attack on the masking itself.
 */
export const MAX_KNOWN_SECRETS = 64
/** Entries per map of the request memory (bursts, switches): a client spraying names cannot grow it. */
export const REQUEST_MEMORY_LIMIT = 1000
/** Failure times kept per username in the request memory. */
export const REQUEST_MEMORY_TIMES = 100
/** bcrypt worker threads by default, at most (fewer on fewer cores): hashing never takes every core. */
export const HASH_POOL_MAX_DEFAULT_THREADS = 4
/**
 * bcrypt compares that may wait for a worker beyond one running per thread; more are answered 503 at
 * once. 256 is ~8 s of work at cost 10 (~61 ms a compare) on two threads, well within
 * REQUEST_TIMEOUT_MS: a client waits that long at most, a burst of a couple of hundred guesses (each
 * paying one compare, locked or not) is still answered invalid_grant one by one, and a burst of
 * thousands holds 256 requests, not thousands.
 */
export const HASH_QUEUE_LIMIT = 256
/** The Retry-After of that 503 (RFC 9110 §10.2.3): the queue drains in a few seconds. */
export const HASH_BUSY_RETRY_AFTER_S = 2
/** Fault rules of a workspace: more than anyone edits by hand; the bound keeps one call small. */
export const MAX_FAULT_RULES = 200
/** Verified (client, secret) digests remembered; the oldest goes first. */
export const SECRET_CACHE_ENTRIES = 10_000
/** Clients the token endpoint keeps as read (ClientsRepo.get); past it the kept ones are dropped and read again. */
export const CLIENT_CACHE_ENTRIES = 1_000
/**
 * Users whose second-factor state is remembered: the last accepted TOTP step (RFC 6238 §5.2 replay) and
 * the wrong codes since, with their lock (§5.2 throttling); each entry ~100 bytes.
 */
export const TOTP_REPLAY_LIMIT = 10_000
/**
 * Codes, auth sessions and sign-in pages past their password, per map (each expires too); the oldest goes
 * first. A page whose password is not yet right keeps nothing (its request is sealed in its form).
 */
export const WAY_OUT_STATE_LIMIT = 10_000
/** RFC 6749 §4.1.2: "A maximum authorization code lifetime of 10 minutes is RECOMMENDED"; a minute is plenty. */
export const CODE_TTL_MS = 1 * MINUTE
/** A used code is remembered this long after it expires, so a late replay still revokes what it issued. */
export const USED_CODE_MEMORY_MS = 10 * MINUTE
/** The challenge endpoint's session: long enough to read a code from a phone. */
export const AUTH_SESSION_TTL_MS = 5 * MINUTE
/** A sign-in page stays usable this long. */
export const SIGN_IN_TTL_MS = 10 * MINUTE
/**
 * An authorization request's query (RFC 6749 §4.1.1 sets none). Its `state` and `redirect_uri` travel
 * in the sign-in page's sealed CSRF token and the redirect URI in each code, so this bounds both in
 * bytes (when pages were kept in memory, one unauthenticated client kept 16 KiB — node's header limit —
 * in each of WAY_OUT_STATE_LIMIT pages: 159 MB). A real request (a redirect URI, a 43-character
 * challenge, a state of a few hundred bytes) is far shorter.
 */
export const AUTHORIZE_QUERY_LIMIT = 4 * KiB
/** A sign-in form field; anything longer is not a person typing. */
export const SIGN_IN_FIELD_LIMIT = 1024
/** The lesson's live way-out step reads the lesson lab's own sign-in page: anything larger is not it. */
export const LESSON_SIGN_IN_PAGE_LIMIT = 64 * 1024
/** Each request of the lesson's live way-out step, and its wait for the code flow to finish. */
export const LESSON_HTTP_TIMEOUT_MS = 10_000
export const LESSON_FLOW_WAIT_MS = 10_000
/** The composer asks the lab where a code flow is once a second, this many times at most (the callback waits as long). */
export const CODE_FLOW_POLL_LIMIT = 600
/** A conversation longer than this is not one flow (a sign-in page reloaded many times): the rest is cut. */
export const FLOW_CONVERSATION_MAX_STEPS = 12
