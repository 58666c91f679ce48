// The LabApi calls of the fault rules (workspace-format.md "Faults"): schemas and outputs of one area,
// spread into the LabApi map in lab-api.ts. The rules themselves are validated by the one schema in
// fault-rules.ts, in the handler, so a refused list names every problem by its path in the workspace
// file (`faults[1].effect.status: must be an integer between 400 and 599`).
import { z } from 'zod'
import type { FaultRule } from './fault-rules'
import { MAX_FAULT_RULES } from './limits'
export { MAX_FAULT_RULES }

export const faultsApiInputs = {
  'faults.list': z.object({}).strict(),
  /** The whole list, in order: it replaces the workspace's rules, and every count starts again. */
  'faults.save': z
    .object({
      rules: z.array(z.unknown()).max(MAX_FAULT_RULES, `at most ${MAX_FAULT_RULES} rules`),
    })
    .strict(),
  /** Every rule back to its start (`times` full again, seeded sequences from the top), rules unchanged. */
  'faults.reset': z.object({}).strict(),
} as const

/** A rule as the embedded server holds it right now. */
export type FaultRuleStatus = FaultRule & {
  /** For a `times` rule, how many requests are left (0: spent, still listed); otherwise null. */
  remaining: number | null
  /** How many requests it has faulted since the rules were (re)loaded. */
  fired: number
}

export interface FaultsStatus {
  rules: FaultRuleStatus[]
  /** Rules that can still fire: enabled, and not a spent `times` rule. */
  active: number
}

export interface FaultsApiOutputs {
  'faults.list': FaultsStatus
  'faults.save': FaultsStatus
  'faults.reset': FaultsStatus
}

/** True when the rule can still fault a request. */
export function isActiveFault(rule: Pick<FaultRuleStatus, 'enabled' | 'remaining'>): boolean {
  return rule.enabled && rule.remaining !== 0
}
