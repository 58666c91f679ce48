// Fault rules (workspace-format.md "Faults"): rules that make the embedded server misbehave on purpose,
// the way real servers do, so a client's error handling can be tested. This is the one schema: the
// workspace file, the LabApi and the UI's field messages all read it. Every message is worded here, on
// the schema itself, so it reads the same by JSON path wherever the schema is embedded
// (`faults[0].trigger.times: must be an integer between 1 and 1000000`).
import { z } from 'zod'
import type { EndpointName } from './wire'

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

export type FaultHeaders = Record<string, string>

export type FaultEffect =
  /** An OAuth error body (RFC 6749 §5.2). */
  | { type: 'error'; status: number; error: string; description?: string; headers?: FaultHeaders }
  /** Wait, then the normal answer. */
  | { type: 'delay'; ms: number }
  /** A raw answer: an HTML error page, truncated JSON. */
  | { type: 'body'; status: number; contentType: string; body: string; headers?: FaultHeaders }
  /** The connection closed with no answer. */
  | { type: 'drop' }
  /** The normal answer, with tokens of these lifetimes (seconds). */
  | { type: 'ttl'; accessTokenTtl?: number; refreshTokenTtl?: number }
  /** Tokens issued as if the server's clock were off by this many seconds. */
  | { type: 'clock'; skewSeconds: number }

export type FaultEffectType = FaultEffect['type']
export const FAULT_EFFECT_TYPES = [
  'error',
  'delay',
  'body',
  'drop',
  'ttl',
  'clock',
] as const satisfies readonly FaultEffectType[]

export interface FaultRule {
  name: string
  enabled: boolean
  match: FaultMatch
  trigger: FaultTrigger
  effect: FaultEffect
}

// ---- wording -----------------------------------------------------------------------------------------

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (typeof v === 'object') return 'an object'
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v === 'number' ? 'the number ' : ''}${v}`
  return typeof v
}

const orList = (values: readonly string[]): string =>
  values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`

/** `required` when absent, else `expected <what>, got <what it is>`. */
const expected =
  (what: string) =>
  (iss: { input?: unknown }): string =>
    iss.input === undefined ? 'required' : `expected ${what}, got ${describe(iss.input)}`

const unknownKeys = (iss: { code?: string; keys?: string[]; input?: unknown }): string | undefined => {
  if (iss.code === 'unrecognized_keys' && iss.keys)
    return iss.keys.length === 1
      ? `unknown key ${JSON.stringify(iss.keys[0])}`
      : `unknown keys ${iss.keys.map((k) => JSON.stringify(k)).join(', ')}`
  if (iss.code === 'invalid_type') return expected('a JSON object')(iss)
  return undefined
}

/** A JSON object with exactly these keys; an unknown key is named in the message. */
const object = <T extends z.core.$ZodLooseShape>(shape: T) => z.strictObject(shape, { error: unknownKeys })

const intIn = (min: number, max: number) => {
  const range = `must be an integer between ${min} and ${max}`
  return z
    .number({ error: expected('an integer') })
    .int(range)
    .min(min, range)
    .max(max, range)
}

const hasNoControlCharacter = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c === 0x7f) return false
  }
  return true
}

/** Text on one line (no CR, LF or other control character), 1 to `max` characters. */
const line = (max: number, what = 'a string') =>
  z
    .string({ error: expected(what) })
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(hasNoControlCharacter, 'must be on one line, without control characters')

const oneOf = <const T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, {
    error: (iss) =>
      typeof iss.input === 'string'
        ? `unknown ${what} ${JSON.stringify(iss.input)} (expected ${orList(values)})`
        : iss.input === undefined
          ? 'required'
          : `expected ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} (${orList(values)}), got ${describe(iss.input)}`,
  })

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

// ---- effect ------------------------------------------------------------------------------------------

/** RFC 9110 §5.1: a header name is a token. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
/** Set by the HTTP layer for the answer's framing and connection (RFC 9110 §7.6.1, RFC 9112 §6). */
const FRAMING_HEADERS = ['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer']

const headersSchema = z
  .record(z.string(), z.unknown(), { error: expected('a JSON object of header names and values') })
  .superRefine((headers, ctx) => {
    for (const [name, value] of Object.entries(headers)) {
      if (!HEADER_NAME.test(name))
        ctx.addIssue({ code: 'custom', path: [name], message: 'not a valid header name (RFC 9110 §5.1)' })
      else if (FRAMING_HEADERS.includes(name.toLowerCase()))
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'set by the server for the framing; a fault cannot set it',
        })
      else if (typeof value !== 'string')
        ctx.addIssue({ code: 'custom', path: [name], message: expected('a string')({ input: value }) })
      else if (!/^[\t\x20-\x7e]*$/.test(value))
        ctx.addIssue({ code: 'custom', path: [name], message: 'a header value is printable ASCII on one line' })
    }
  })
  .transform((h) => h as FaultHeaders)

/** RFC 6749 §5.2: `error` and `error_description` are %x20-21 / %x23-5B / %x5D-7E (no `"` or `\`). */
const NQSCHAR = /^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/
const nqsText = (max: number) =>
  z
    .string({ error: expected('a string') })
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(NQSCHAR, 'printable ASCII without " or \\ (RFC 6749 §5.2)')

const ttl = intIn(1, 31_536_000)

const effectSchema = z.discriminatedUnion(
  'type',
  [
    object({
      type: z.literal('error'),
      status: intIn(400, 599),
      error: nqsText(100),
      description: nqsText(500).optional(),
      headers: headersSchema.optional(),
    }),
    object({ type: z.literal('delay'), ms: intIn(1, 300_000) }),
    object({
      type: z.literal('body'),
      status: intIn(200, 599).refine((s) => s !== 204 && s !== 304, 'a 204 or 304 answer carries no body'),
      contentType: line(200),
      body: z.string({ error: expected('a string') }).max(1_000_000, 'must be at most 1000000 characters'),
      headers: headersSchema.optional(),
    }),
    object({ type: z.literal('drop') }),
    object({ type: z.literal('ttl'), accessTokenTtl: ttl.optional(), refreshTokenTtl: ttl.optional() }).refine(
      (e) => e.accessTokenTtl !== undefined || e.refreshTokenTtl !== undefined,
      'give "accessTokenTtl", "refreshTokenTtl" or both',
    ),
    object({
      type: z.literal('clock'),
      skewSeconds: intIn(-31_536_000, 31_536_000).refine((s) => s !== 0, 'must not be 0 (0 is the right clock)'),
    }),
  ],
  {
    // invalid_type (not an object) reaches this map too, whatever the declared issue type says.
    error: (iss) =>
      (iss as { code: string }).code === 'invalid_type'
        ? expected('a JSON object with a "type"')(iss)
        : (iss.input as { type?: unknown } | undefined)?.type === undefined
          ? `required (${orList(FAULT_EFFECT_TYPES)})`
          : `unknown effect type ${JSON.stringify((iss.input as { type: unknown }).type)} (expected ${orList(FAULT_EFFECT_TYPES)})`,
  },
)

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
