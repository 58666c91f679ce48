export {
  describeDecision,
  describeEffect,
  FaultEngine,
  matches,
  type FaultDecision,
  type ListedFaultRule,
  type RequestFacts,
} from './fault-engine'
export { bodyEffectReply, errorEffectReply, faultReply } from './replies'
export { SeededRandom } from './seeded-random'
