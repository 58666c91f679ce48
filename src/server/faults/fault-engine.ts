// Decides, for one request, whether a fault rule fires (workspace-format.md "Faults"). The engine only
// decides; the HTTP layer applies the decision (with ./effects, one applier per effect) at one point of
// the request path, after the request is parsed (so the facts are known) and before any check or hash
// is paid:
//
// - `error`, `body`: answer with errorEffectReply / bodyEffectReply (./replies) instead of handling the
//   request; nothing else runs (no client authentication, no lockout counting, no token issued).
// - `delay`: wait `ms` (an unref'd timer, given up if the client closes the connection), then handle the
//   request normally; the exchange's duration includes the wait.
// - `drop`: destroy the socket without writing a status line (`req.socket.destroy()`), and record the
//   exchange with status 0 and no response, so the inspector shows what the client saw.
// - `ttl`: handle the request normally, but issue tokens with these lifetimes (the answer's `expires_in`,
//   the JWT `exp` and the stored expiry all follow it); a lifetime left out keeps its usual value.
// - `clock`: handle the request normally, but write the times carried inside tokens (JWT `iat`, `nbf`,
//   `exp`) as if the server's clock were `skewSeconds` off. `expires_in` stays relative and the store keeps
//   the real times, as a server with a wrong clock would agree with itself.
//
// `ttl` and `clock` change issued tokens, so they are considered for the token endpoint only: a rule
// that could not apply never fires, and never spends one of its `times`. In every case the exchange gets a
// `fault` trace step (describeDecision) naming the rule that fired.
//
// Rules are tried in list order; the first enabled rule that matches and whose trigger fires wins (one
// fault per request). A `percent` rule draws from its own seeded sequence once per matching request, so
// the hits depend only on the seed and the order of matching requests.
import {
  describeEffect,
  type FaultEffect,
  type FaultEndpoint,
  type FaultRule,
  type FaultTrigger,
} from '../../shared/fault-rules'
import { isTokenOnly } from './effects'
import { SeededRandom } from './seeded-random'

/** What a request says about itself: parsed, not verified (the fault fires before any check). */
export interface RequestFacts {
  endpoint: FaultEndpoint
  clientId?: string
  username?: string
  grantType?: string
}

export interface FaultDecision {
  rule: FaultRule
  /** Position of the rule in the list. */
  index: number
  effect: FaultEffect
  /** For a `times` rule, how many are left after this one; otherwise null. */
  remaining: number | null
}

export interface ListedFaultRule extends FaultRule {
  /** For a `times` rule, how many are left (0: spent, still listed); otherwise null. */
  remaining: number | null
  /** How many requests it has faulted since the rules were (re)loaded. */
  fired: number
}

interface RuleState {
  rule: FaultRule
  remaining: number | null
  random: SeededRandom | null
  fired: number
}

function stateOf(rule: FaultRule): RuleState {
  const t: FaultTrigger = rule.trigger
  return {
    rule,
    remaining: 'times' in t ? t.times : null,
    random: 'percent' in t ? new SeededRandom(t.seed) : null,
    fired: 0,
  }
}

export function matches(rule: FaultRule, facts: RequestFacts): boolean {
  const m = rule.match
  if (m.endpoint !== undefined && m.endpoint !== facts.endpoint) return false
  if (m.clientId !== undefined && m.clientId !== facts.clientId) return false
  if (m.username !== undefined && m.username !== facts.username) return false
  if (m.grantType !== undefined && m.grantType !== facts.grantType) return false
  return !isTokenOnly(rule.effect) || facts.endpoint === 'token'
}

export class FaultEngine {
  #states: RuleState[] = []

  constructor(rules: readonly FaultRule[] = []) {
    this.replace(rules)
  }

  /** New rules (the workspace changed): every count and seeded sequence starts again. */
  replace(rules: readonly FaultRule[]): void {
    this.#states = rules.map(stateOf)
  }

  /** True when some rule could still fire: the request path may skip collecting facts otherwise. */
  get active(): boolean {
    return this.#states.some((s) => s.rule.enabled && s.remaining !== 0)
  }

  /** The fault for this request, or null. Spends one of a `times` rule's requests when it fires. */
  decide(facts: RequestFacts): FaultDecision | null {
    for (let index = 0; index < this.#states.length; index++) {
      const s = this.#states[index]!
      if (!s.rule.enabled || s.remaining === 0 || !matches(s.rule, facts)) continue
      if (s.random !== null && !(s.random.next() * 100 < (s.rule.trigger as { percent: number }).percent)) continue
      if (s.remaining !== null) s.remaining -= 1
      s.fired += 1
      return { rule: s.rule, index, effect: s.rule.effect, remaining: s.remaining }
    }
    return null
  }

  /** Every rule, spent ones included, with what is left of it. */
  list(): ListedFaultRule[] {
    return this.#states.map((s) => ({ ...s.rule, remaining: s.remaining, fired: s.fired }))
  }
}

/** The detail of the `fault` trace step: `rule "overloaded" fired: error 503 temporarily_unavailable (1 left)`. */
export function describeDecision(d: FaultDecision): string {
  const left = d.remaining === null ? '' : ` (${d.remaining} left)`
  return `rule ${JSON.stringify(d.rule.name)} fired: ${describeEffect(d.effect)}${left}`
}
