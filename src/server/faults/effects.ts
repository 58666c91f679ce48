// How the embedded server applies each fault effect (the effects are defined in shared/fault-effects.ts):
// one applier per effect, typed so that an effect without one does not compile. The HTTP layer calls
// applyEffect at its one fault point, after the request is read and before any check or hash.
import type { FaultEffect, FaultEffectOf, FaultEffectType } from '../../shared/fault-effects'
import type { Reply } from '../oauth/reply'
import type { IssueOverrides } from '../tokens/token-service'
import { bodyEffectReply, errorEffectReply } from './replies'

export type FaultOutcome =
  | { kind: 'none' }
  /** Answer with this instead of handling the request (error, body). */
  | { kind: 'reply'; reply: Reply }
  /** Close the connection with no answer. */
  | { kind: 'drop' }
  /** Handle the request, issuing tokens with these lifetimes or this clock. */
  | { kind: 'issue'; overrides: IssueOverrides }

export const NO_FAULT: FaultOutcome = { kind: 'none' }

/** What an applier may use of the request: waiting ends early when the client closes the connection. */
export interface EffectContext {
  wait(ms: number): Promise<void>
}

interface Applier<E> {
  /** Changes issued tokens: considered for the token endpoint only (a rule that cannot apply never fires). */
  tokenOnly?: boolean
  apply(effect: E, ctx: EffectContext): FaultOutcome | Promise<FaultOutcome>
}

export const EFFECT_APPLIERS: { [K in FaultEffectType]: Applier<FaultEffectOf<K>> } = {
  error: { apply: (e) => ({ kind: 'reply', reply: errorEffectReply(e) }) },
  body: { apply: (e) => ({ kind: 'reply', reply: bodyEffectReply(e) }) },
  drop: { apply: () => ({ kind: 'drop' }) },
  delay: {
    apply: async (e, ctx) => {
      await ctx.wait(e.ms)
      return NO_FAULT
    },
  },
  ttl: {
    tokenOnly: true,
    // A lifetime left out keeps its usual value.
    apply: (e) => ({
      kind: 'issue',
      overrides: {
        ...(e.accessTokenTtl !== undefined && { accessTokenTtl: e.accessTokenTtl }),
        ...(e.refreshTokenTtl !== undefined && { refreshTokenTtl: e.refreshTokenTtl }),
      },
    }),
  },
  // `expires_in` stays relative and the store keeps the real times, as a server with a wrong clock
  // would agree with itself.
  clock: { tokenOnly: true, apply: (e) => ({ kind: 'issue', overrides: { clockSkewSeconds: e.skewSeconds } }) },
}

function applierOf(effect: FaultEffect): Applier<FaultEffect> {
  return EFFECT_APPLIERS[effect.type] as Applier<FaultEffect>
}

export function isTokenOnly(effect: FaultEffect): boolean {
  return applierOf(effect).tokenOnly === true
}

export async function applyEffect(effect: FaultEffect, ctx: EffectContext): Promise<FaultOutcome> {
  return applierOf(effect).apply(effect, ctx)
}
