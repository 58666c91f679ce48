// RFC 6749 §2.3.1 across two relayed exchanges: a server that does not form-decode Basic credentials
// shows it only in a pair — the client's credentials refused when form-encoded and accepted when sent
// raw (curl -u). One answer alone cannot tell such a refusal from a wrong secret, so the proxy keeps
// its recent Basic exchanges in memory, keyed by a keyed digest (never the credentials themselves),
// and judges each new one against the one it pairs with, whichever came first.
import { createHmac, randomBytes } from 'node:crypto'
import type { Finding } from '../../shared/exchange'
import { judgeBasicNotFormDecoded, type JudgedExchange } from '../../shared/response-checks/index'
import { parseBasicAuthorization } from '../../server/oauth/basic-auth'
import { PAIR_MEMORY_MS, PAIR_MEMORY_SIZE } from '../../shared/limits'

interface Remembered {
  exchange: JudgedExchange
  at: number
}

function headerOf(x: JudgedExchange, name: string): string | undefined {
  return x.request.headers.find(([k]) => k.toLowerCase() === name)?.[1]
}

export class BasicPairs {
  readonly #key = randomBytes(32)
  /** Digest of (endpoint, id, secret) as carried on the wire → the exchange. */
  readonly #byWire = new Map<string, Remembered>()
  /** Digest of (endpoint, id, secret) after form-decoding, when that changes them → the exchange. */
  readonly #byDecoded = new Map<string, Remembered>()

  constructor(private readonly now: () => number = Date.now) {}

  #digest(endpoint: string, id: string, secret: string): string {
    return createHmac('sha256', this.#key)
      .update(JSON.stringify([endpoint, id, secret]))
      .digest('base64url')
  }

  #take(index: Map<string, Remembered>, key: string): JudgedExchange | undefined {
    const found = index.get(key)
    if (found === undefined) return undefined
    if (this.now() - found.at > PAIR_MEMORY_MS) {
      index.delete(key)
      return undefined
    }
    return found.exchange
  }

  #keep(index: Map<string, Remembered>, key: string, exchange: JudgedExchange): void {
    index.delete(key)
    index.set(key, { exchange, at: this.now() })
    if (index.size > PAIR_MEMORY_SIZE) index.delete(index.keys().next().value!)
  }

  /**
   * The findings the pair of `x` (a relayed answer, unmasked) and an earlier exchange shows, then `x`
   * remembered for the exchanges to come. `x` may be the form-encoded one or the raw one.
   */
  judge(x: JudgedExchange): Finding[] {
    const basic = parseBasicAuthorization(headerOf(x, 'authorization'))
    if (basic.kind !== 'basic') return []
    const path = new URL(x.request.url).pathname
    const wire = this.#digest(path, basic.raw.id, basic.raw.secret)
    const decoded =
      basic.decoded && basic.wasEncodedDifferently
        ? this.#digest(path, basic.decoded.id, basic.decoded.secret)
        : undefined
    const findings: Finding[] = []
    // x was form-encoded, and the same credentials went raw earlier.
    const rawBefore = decoded === undefined ? undefined : this.#take(this.#byWire, decoded)
    if (rawBefore) findings.push(...judgeBasicNotFormDecoded(x, rawBefore))
    // x went raw, and the same credentials went form-encoded earlier.
    const encodedBefore = this.#take(this.#byDecoded, wire)
    if (encodedBefore) findings.push(...judgeBasicNotFormDecoded(encodedBefore, x))
    // Only what the pair's judgement reads is kept: not the body, which holds the user's password.
    const kept: JudgedExchange = {
      ...x,
      request: {
        ...x.request,
        headers: x.request.headers.filter(([k]) => k.toLowerCase() === 'authorization'),
        body: '',
      },
    }
    this.#keep(this.#byWire, wire, kept)
    if (decoded !== undefined) this.#keep(this.#byDecoded, decoded, kept)
    return findings
  }
}
