// Fault effects (workspace-format.md "Faults"), each defined once: its schema (the type is inferred from
// it), what it is called and what it does, the fields the editor shows for it, and how the trace
// summarises it. Adding an effect is one definition here plus its applier in server/faults/effects.ts;
// the workspace file, the LabApi, the editor and the trace all follow.
import { z } from 'zod'
import { expected, intIn, line, object, orList } from './fault-wording'

// ---- what an effect is made of -----------------------------------------------------------------------

/** One field of an effect as the editor shows it; its value is the effect's key of the same name. */
export interface EffectField {
  key: string
  label: string
  hint?: string
  /**
   * number: digits, sent as a number; text and code: one line (code in monospace); body: free text on
   * several lines; headers: one `Name: value` per line, sent as an object.
   */
  kind: 'number' | 'text' | 'code' | 'body' | 'headers'
  /** What a new rule starts with: valid as it comes (a key several effects share starts as the first one's). */
  initial: string
  /** Empty means absent. */
  optional?: boolean
}

export interface EffectDefinition<S extends z.ZodType = z.ZodType> {
  /** The editor's name for it. */
  label: string
  /** What the server does instead, in a sentence. */
  explains: string
  schema: S
  fields: readonly EffectField[]
  /** The trace's summary: `error 503 temporarily_unavailable`. */
  describe(effect: z.output<S>): string
}

const define = <S extends z.ZodType>(d: EffectDefinition<S>): EffectDefinition<S> => d

// ---- values ------------------------------------------------------------------------------------------

/** RFC 9110 §5.1: a header name is a token. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
/** Set by the HTTP layer for the answer's framing and connection (RFC 9110 §7.6.1, RFC 9112 §6). */
const FRAMING_HEADERS = ['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer']

export type FaultHeaders = Record<string, string>

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

const HEADERS_FIELD: EffectField = {
  key: 'headers',
  label: 'Headers',
  hint: 'One per line: Retry-After: 5',
  kind: 'headers',
  initial: '',
  optional: true,
}

// ---- the effects -------------------------------------------------------------------------------------

export const FAULT_EFFECTS = {
  error: define({
    label: 'OAuth error answer',
    explains: 'Answers with an OAuth error body (RFC 6749 §5.2) instead of handling the request.',
    schema: object({
      type: z.literal('error'),
      status: intIn(400, 599),
      error: nqsText(100),
      description: nqsText(500).optional(),
      headers: headersSchema.optional(),
    }),
    fields: [
      { key: 'status', label: 'HTTP status', kind: 'number', initial: '503' },
      {
        key: 'error',
        label: 'error',
        hint: 'RFC 6749 §5.2 error code',
        kind: 'code',
        initial: 'temporarily_unavailable',
      },
      { key: 'description', label: 'error_description', hint: 'Optional', kind: 'text', initial: '', optional: true },
      HEADERS_FIELD,
    ],
    describe: (e) => `error ${e.status} ${e.error}`,
  }),
  delay: define({
    label: 'Delay, then the normal answer',
    explains: 'Waits, then handles the request as usual; a client that gives up ends the wait.',
    schema: object({ type: z.literal('delay'), ms: intIn(1, 300_000) }),
    fields: [{ key: 'ms', label: 'Delay (ms)', kind: 'number', initial: '2000' }],
    describe: (e) => `delay ${e.ms} ms`,
  }),
  body: define({
    label: 'Raw answer (HTML page, broken JSON)',
    explains: 'Answers with this body exactly, as a proxy or a broken server would.',
    schema: object({
      type: z.literal('body'),
      status: intIn(200, 599).refine((s) => s !== 204 && s !== 304, 'a 204 or 304 answer carries no body'),
      contentType: line(200),
      body: z.string({ error: expected('a string') }).max(1_000_000, 'must be at most 1000000 characters'),
      headers: headersSchema.optional(),
    }),
    fields: [
      { key: 'status', label: 'HTTP status', kind: 'number', initial: '502' },
      { key: 'contentType', label: 'Content-Type', kind: 'code', initial: 'text/html' },
      { key: 'body', label: 'Body', kind: 'body', initial: '<html><body><h1>502 Bad Gateway</h1></body></html>' },
      HEADERS_FIELD,
    ],
    describe: (e) => `raw ${e.status} answer (${e.contentType}, ${e.body.length} characters)`,
  }),
  drop: define({
    label: 'Drop the connection',
    explains: 'Closes the connection without an answer.',
    schema: object({ type: z.literal('drop') }),
    fields: [],
    describe: () => 'connection dropped without an answer',
  }),
  ttl: define({
    label: 'Token lifetimes',
    explains: 'The normal answer, with tokens of these lifetimes (token endpoint only).',
    schema: object({ type: z.literal('ttl'), accessTokenTtl: ttl.optional(), refreshTokenTtl: ttl.optional() }).refine(
      (e) => e.accessTokenTtl !== undefined || e.refreshTokenTtl !== undefined,
      'give "accessTokenTtl", "refreshTokenTtl" or both',
    ),
    fields: [
      {
        key: 'accessTokenTtl',
        label: 'Access token lifetime (s)',
        hint: 'Empty: as usual',
        kind: 'number',
        initial: '5',
        optional: true,
      },
      {
        key: 'refreshTokenTtl',
        label: 'Refresh token lifetime (s)',
        hint: 'Empty: as usual',
        kind: 'number',
        initial: '',
        optional: true,
      },
    ],
    describe: (e) =>
      [
        e.accessTokenTtl !== undefined && `access token lifetime ${e.accessTokenTtl} s`,
        e.refreshTokenTtl !== undefined && `refresh token lifetime ${e.refreshTokenTtl} s`,
      ]
        .filter(Boolean)
        .join(', '),
  }),
  clock: define({
    label: 'Skewed clock in tokens',
    explains: 'Tokens issued as if the server’s clock were off (token endpoint only).',
    schema: object({
      type: z.literal('clock'),
      skewSeconds: intIn(-31_536_000, 31_536_000).refine((s) => s !== 0, 'must not be 0 (0 is the right clock)'),
    }),
    fields: [
      {
        key: 'skewSeconds',
        label: 'Clock skew (s)',
        hint: 'Negative: the clock is behind',
        kind: 'number',
        initial: '300',
      },
    ],
    describe: (e) => `token times ${e.skewSeconds > 0 ? '+' : ''}${e.skewSeconds} s off`,
  }),
}

type Effects = typeof FAULT_EFFECTS
export type FaultEffectType = keyof Effects
export type FaultEffect = { [K in FaultEffectType]: z.output<Effects[K]['schema']> }[FaultEffectType]
export type FaultEffectOf<K extends FaultEffectType> = Extract<FaultEffect, { type: K }>

export const FAULT_EFFECT_TYPES = Object.keys(FAULT_EFFECTS) as readonly FaultEffectType[]

export function effectDefinition<K extends FaultEffectType>(type: K): EffectDefinition<z.ZodType<FaultEffectOf<K>>> {
  return FAULT_EFFECTS[type] as unknown as EffectDefinition<z.ZodType<FaultEffectOf<K>>>
}

export function describeEffect(effect: FaultEffect): string {
  return effectDefinition(effect.type).describe(effect)
}

// ---- the schema of any effect ------------------------------------------------------------------------

const schemas = FAULT_EFFECT_TYPES.map((t) => FAULT_EFFECTS[t].schema)

export const effectSchema = z.discriminatedUnion('type', schemas as unknown as [Effects['error']['schema']], {
  // invalid_type (not an object) reaches this map too, whatever the declared issue type says.
  error: (iss) =>
    (iss as { code: string }).code === 'invalid_type'
      ? expected('a JSON object with a "type"')(iss)
      : (iss.input as { type?: unknown } | undefined)?.type === undefined
        ? `required (${orList(FAULT_EFFECT_TYPES)})`
        : `unknown effect type ${JSON.stringify((iss.input as { type: unknown }).type)} (expected ${orList(FAULT_EFFECT_TYPES)})`,
}) as unknown as z.ZodType<FaultEffect>
