// Fault rules (workspace-format.md "Faults"): rules that make the embedded server misbehave on purpose,
// the way real servers do, so a client's error handling can be tested. This is the one schema: the
// workspace file, the LabApi and the UI's field messages all read it. Every message is worded on the
// schema itself (fault-wording.ts), so it reads the same by JSON path wherever the schema is embedded
// (`faults[0].trigger.times: must be an integer between 1 and 1000000`).
import { z } from 'zod'
import { effectSchema, type FaultEffect } from './fault-effects'
import { describe, expected, intIn, line, object, oneOf, orList } from './fault-wording'
import type { EndpointName } from './wire'

// The effects are defined one by one in fault-effects.ts.
export {
  describeEffect,
  type EffectField,
  FAULT_EFFECT_TYPES,
  FAULT_EFFECTS,
  type FaultEffect,
  type FaultEffectOf,
  type FaultEffectType,
  type FaultHeaders,
} from './fault-effects'

// ---- types -------------------------------------------------------------------------------------------

export const FAULT_ENDPOINTS = [
  'token',
  'introspect',
  'revoke',
  'metadata',
  'jwks',
] as const satisfies readonly EndpointName[]
export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number]

/** All keys optional; an empty match matches every request. */
export interface FaultMatch {
  endpoint?: FaultEndpoint
  clientId?: string
  username?: string
  grantType?: string
}

export type FaultTrigger =
  /** The next N matching requests; then the rule is spent (it stays listed, with 0 left). */
  | { times: number }
  /** A reproducible share: the same seed gives the same sequence of hits. */
  | { percent: number; seed: number }
  | { always: true }

export interface FaultRule {
  name: string
  enabled: boolean
  match: FaultMatch
  trigger: FaultTrigger
  effect: FaultEffect
}

// ---- match -------------------------------------------------------------------------------------------

/** RFC 6749 §4.1.3, §4.3.2, §4.4.2, §6, and §4.5 (an extension grant is an absolute URI). */
const KNOWN_GRANT_TYPES = ['password', 'refresh_token', 'client_credentials', 'authorization_code']
const grantType = z
  .string({ error: expected('a grant type') })
  .refine((v) => KNOWN_GRANT_TYPES.includes(v) || /^[a-z][a-z0-9+.-]*:[^\s]+$/i.test(v), {
    error: (iss) =>
      `unknown grant type ${JSON.stringify(iss.input)} (expected ${orList(KNOWN_GRANT_TYPES)}, or an absolute URI for an extension grant, RFC 6749 §4.5)`,
  })

const matchSchema = object({
  endpoint: oneOf(FAULT_ENDPOINTS, 'endpoint').optional(),
  // RFC 6749 Appendix A: a client id is printable ASCII; a username any Unicode without CR/LF.
  clientId: line(200, 'a client id')
    .regex(/^[\x20-\x7e]+$/, 'printable ASCII only (RFC 6749 Appendix A)')
    .optional(),
  username: line(200, 'a username').optional(),
  grantType: grantType.optional(),
})

// ---- trigger -----------------------------------------------------------------------------------------

const TRIGGER_FORMS = '{ "times": N }, { "percent": P, "seed": S } or { "always": true }'
const MAX_SEED = 4_294_967_295

/** One object with every key optional, then exactly one form is required: each wrong value is reported at its own path. */
const triggerFields = object({
  times: intIn(1, 1_000_000).optional(),
  percent: z
    .number({ error: expected('a number') })
    .gt(0, 'must be more than 0 and at most 100')
    .max(100, 'must be more than 0 and at most 100')
    .optional(),
  seed: intIn(0, MAX_SEED).optional(),
  always: z
    .literal(true, {
      error: (iss) =>
        iss.input === false
          ? 'must be true (to pause a rule, set "enabled": false)'
          : `expected true, got ${describe(iss.input)}`,
    })
    .optional(),
})

const triggerSchema = triggerFields.transform((t, ctx): FaultTrigger => {
  const forms = [t.times !== undefined, t.percent !== undefined, t.always !== undefined].filter(Boolean).length
  if (forms !== 1) {
    ctx.issues.push({
      code: 'custom',
      input: t,
      message: forms === 0 ? `expected one of ${TRIGGER_FORMS}` : `give one form only: ${TRIGGER_FORMS}`,
    })
    return z.NEVER
  }
  if (t.percent !== undefined) {
    if (t.seed === undefined) {
      ctx.issues.push({
        code: 'custom',
        input: t,
        path: ['seed'],
        message: `required with "percent" (an integer between 0 and ${MAX_SEED}; the same seed gives the same hits)`,
      })
      return z.NEVER
    }
    return { percent: t.percent, seed: t.seed }
  }
  if (t.seed !== undefined) {
    ctx.issues.push({ code: 'custom', input: t, path: ['seed'], message: 'goes with "percent" only' })
    return z.NEVER
  }
  return t.times !== undefined ? { times: t.times } : { always: true }
})

// ---- rules -------------------------------------------------------------------------------------------

export const faultRuleSchema = object({
  name: line(100, 'a name'),
  enabled: z.boolean({ error: expected('true or false') }).default(true),
  match: matchSchema.default({}),
  trigger: triggerSchema,
  effect: effectSchema,
}).transform((r): FaultRule => r as FaultRule)

/** A list of rules; names are unique, since the trace and the UI name the rule that fired. */
export const faultRulesSchema = z.array(faultRuleSchema, { error: expected('an array of fault rules') }).superRefine(
  (rules: unknown[], ctx) => {
    const first = new Map<string, number>()
    rules.forEach((rule, i) => {
      const name = typeof rule === 'object' && rule !== null ? (rule as { name?: unknown }).name : undefined
      if (typeof name !== 'string') return
      const at = first.get(name)
      if (at === undefined) first.set(name, i)
      else
        ctx.addIssue({
          code: 'custom',
          path: [i, 'name'],
          message: `duplicate rule name ${JSON.stringify(name)} (also the name of [${at}])`,
        })
    })
  },
  // Also when other entries are malformed: every problem is listed at once.
  { when: (payload) => Array.isArray(payload.value) },
)

export type FaultRuleInput = z.input<typeof faultRuleSchema>

// ---- entry point -------------------------------------------------------------------------------------

export type ParseFaultRulesResult = { ok: true; rules: FaultRule[] } | { ok: false; problems: string[] }

function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else if (typeof seg === 'string' && /^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg
    else out += `[${JSON.stringify(String(seg))}]`
  }
  return out || '(root)'
}

/**
 * Validates a list of rules (already JSON-parsed) and applies the defaults. Never throws: a bad list is
 * refused whole, with every problem by JSON path under `root` (`faults[0].trigger: ...`).
 */
export function parseFaultRules(input: unknown, root = 'faults'): ParseFaultRulesResult {
  const parsed = faultRulesSchema.safeParse(input)
  if (parsed.success) return { ok: true, rules: parsed.data }
  const problems = parsed.error.issues.map((iss) => `${formatPath([root, ...iss.path])}: ${iss.message}`)
  return { ok: false, problems: [...new Set(problems)] }
}
