// The one exchange pipeline (architecture.md "One exchange pipeline"): whatever its origin — received
// by the embedded server, sent by the composer or a scenario to any server, relayed by the proxy —
// an exchange is built, masked, stored and announced here, and nowhere else:
// - built: a UUIDv7 id (time-ordered, so inserts land at the end of the index), the summary fields;
// - masked: passwords, secrets, credentials headers and every token value (shared/masking.ts), the
//   same for every origin and whichever server issued the token; the unmasked copy is kept in a
//   bounded in-memory map, for Reveal, and never written anywhere;
// - stored: inside the group transaction of the current event-loop turn, with retention pruning;
// - announced: to the listeners, once the transaction holding it is committed.
import type { Exchange, ExchangeOrigin, Finding, RawRequest, RawResponse, TraceStep } from '../../shared/exchange'
import { maskRequest, maskResponse } from '../../shared/masking'
import { redactKnownSecrets } from '../../shared/known-secrets'
import type { Flow } from '../../shared/wire'
import { judgeResponse, type JudgedEndpoint } from '../../shared/response-checks/index'
import type { Store } from '../../store/index'
import type { GroupCommit } from '../group-commit'
import { LocalSenders } from './local-senders'
import { uuidv7 } from './uuidv7'
import { REVEAL_MEMORY_LIMIT } from '../../shared/limits'

/** What the producer of an exchange knows: the request and response as they were, unmasked. */
export interface ExchangeDraft {
  origin: ExchangeOrigin
  /** ISO 8601 time the request arrived or was sent. */
  at: string
  /** The path (`/oauth/v2/oauth-token`). */
  endpoint: string
  method: string
  grantType?: string
  flow?: Flow
  clientId?: string
  username?: string
  error?: string
  durationMs: number
  hashMs: number
  request: RawRequest
  response: RawResponse
  trace: TraceStep[]
  findings: Finding[]
  /**
   * Another server answered (composer, scenario, proxy): judge its answer as this endpoint with the
   * response checks, and add their server findings. `request.target` is then the absolute URL.
   */
  judgeAs?: JudgedEndpoint
}

/** The request and response as they were, unmasked: kept in memory only, for Reveal. */
interface Unmasked {
  request: RawRequest
  response: RawResponse
}

export interface RecordedExchange {
  /** As stored and announced: masked. */
  stored: Exchange
  /** Its request and response unmasked, in memory only. */
  unmasked: Unmasked
}

export interface RecordOptions {
  /** The incoming connection's remote port: a local sender waiting on it gets the exchange. */
  senderPort?: number
  /** Runs once the transaction holding the exchange is committed (true) or rolled back (false). */
  then?: (committed: boolean, recorded: RecordedExchange) => void
}

/**
 * Prune after this many inserts, or a tenth of the retention if that is more: deleting in larger
 * chunks costs less per row, and the log never holds more than retention + 10 % (or + 100).
 */
const PRUNE_EVERY_MIN = 100

export class ExchangePipeline {
  readonly senders = new LocalSenders()
  readonly #listeners = new Set<(e: Exchange) => void>()
  readonly #unmasked = new Map<string, Unmasked>()
  #sincePrune = 0
  #storeFailures = 0

  constructor(
    private readonly store: Store,
    private readonly writes: GroupCommit,
    private readonly newId: () => string = uuidv7,
  ) {}

  onExchange(listener: (e: Exchange) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /**
   * A recent exchange with its request and response unmasked (kept in memory, bounded), or null
   * once forgotten. Only the unmasked parts are kept; the rest is read back from the store.
   */
  reveal(id: string): Exchange | null {
    const unmasked = this.#unmasked.get(id)
    const stored = unmasked ? this.store.exchanges.get(id) : null
    return stored && unmasked ? { ...stored, ...unmasked, revealed: true } : null
  }

  /**
   * Builds, masks and stores the exchange in the current group transaction. `then` and the
   * listeners run after the commit, so whoever learns of an exchange can already read it back.
   */
  record(draft: ExchangeDraft, options: RecordOptions = {}): RecordedExchange {
    const recorded = this.#build(draft)
    this.#keepUnmasked(recorded.stored.id, recorded.unmasked)
    this.writes.write(() => this.#store(recorded.stored))
    this.writes.afterCommit((committed) => {
      if (recorded.stored.origin !== 'external') {
        this.senders.settle(options.senderPort, committed ? forSender(recorded) : null)
      }
      try {
        options.then?.(committed, recorded)
      } catch {
        // Writing to a socket the client already closed: nothing left to answer.
      }
      if (committed) this.#notify(recorded.stored)
    })
    return recorded
  }

  /** `record`, resolved once committed (rejects when the commit failed). The sender's copy: tokens as issued. */
  recordAndWait(draft: ExchangeDraft): Promise<Exchange> {
    return new Promise((resolve, reject) => {
      this.record(draft, {
        then: (committed, recorded) =>
          committed ? resolve(forSender(recorded)) : reject(new Error('the exchange could not be stored')),
      })
    })
  }

  #build(draft: ExchangeDraft): RecordedExchange {
    const { request, response } = draft
    const findings = draft.judgeAs
      ? [...draft.findings, ...judgeResponse(judgedOf(draft.judgeAs, draft))]
      : draft.findings
    // Built field by field rather than spread: this runs for every request the server answers.
    const stored: Exchange = {
      id: this.newId(),
      at: draft.at,
      origin: draft.origin,
      endpoint: draft.endpoint,
      method: draft.method,
      status: response.status,
      durationMs: draft.durationMs,
      findingCount: findings.length,
      request: maskRequest(request),
      response: maskResponse(response),
      hashMs: draft.hashMs,
      trace: draft.trace,
      findings,
    }
    if (draft.grantType !== undefined) stored.grantType = draft.grantType
    if (draft.flow !== undefined) stored.flow = draft.flow
    if (draft.clientId !== undefined) stored.clientId = draft.clientId
    if (draft.username !== undefined) stored.username = draft.username
    if (draft.error !== undefined) stored.error = draft.error
    // Another server's answer, or what a client sent through the proxy: shapes no rule of masking.ts
    // knows (an echoed password, a token in a Location fragment) are masked by value (known-secrets.ts).
    // Not on the embedded server's own answers, which are the token endpoint's hot path.
    const otherServer = draft.judgeAs !== undefined || draft.origin === 'proxy'
    return {
      stored: otherServer ? redactKnownSecrets(stored, request, response) : stored,
      unmasked: { request, response },
    }
  }

  #keepUnmasked(id: string, unmasked: Unmasked): void {
    this.#unmasked.set(id, unmasked)
    if (this.#unmasked.size > REVEAL_MEMORY_LIMIT) this.#unmasked.delete(this.#unmasked.keys().next().value!)
  }

  #store(exchange: Exchange): void {
    const { store } = this
    try {
      store.exchanges.insert(exchange)
    } catch (err) {
      this.#reportStoreFailure(err)
    }
    const retention = store.settings.get().exchangeRetention
    if (++this.#sincePrune >= Math.max(PRUNE_EVERY_MIN, Math.floor(retention / 10))) {
      this.#sincePrune = 0
      try {
        store.exchanges.prune(retention)
      } catch (err) {
        this.#reportStoreFailure(err)
      }
    }
  }

  #reportStoreFailure(err: unknown): void {
    if (this.#storeFailures++ === 0) {
      console.error(`ropc-lab: could not store an exchange: ${err instanceof Error ? err.message : String(err)}`)
    }
  }

  #notify(exchange: Exchange): void {
    for (const listener of this.#listeners) {
      try {
        listener(exchange)
      } catch {
        // A listener's failure is its own; the server and the other listeners carry on.
      }
    }
  }
}

function judgedOf(endpoint: JudgedEndpoint, { request, response }: ExchangeDraft) {
  return {
    endpoint,
    request: { method: request.method, url: request.target, headers: request.headers, body: request.body },
    response,
  }
}

/**
 * What the lab's own sender (composer, scenario) gets back: the stored record with the response as
 * received, so it can refresh, introspect and revoke with the real tokens; its own request stays
 * masked until the person asks to reveal it.
 */
function forSender({ stored, unmasked }: RecordedExchange): Exchange {
  return { ...stored, response: unmasked.response }
}
