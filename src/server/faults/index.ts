export { describeEffect } from '../../shared/fault-effects'
export { applyEffect, EFFECT_APPLIERS, NO_FAULT, type EffectContext, type FaultOutcome } from './effects'
export {
  describeDecision,
  FaultEngine,
  matches,
  type FaultDecision,
  type ListedFaultRule,
  type RequestFacts,
} from './fault-engine'
export { bodyEffectReply, errorEffectReply } from './replies'
export { SeededRandom } from './seeded-random'
