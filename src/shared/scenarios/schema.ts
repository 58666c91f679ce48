// The scenario file, version 1 (docs/scenarios-format.md), and the `scenarios` list as it appears in a
// workspace file. Structure only: the variable check needs the run's sources (parse.ts). Every message
// is worded here, so the list reads the same inside the workspace schema as in a file of its own.
import { z } from 'zod'
import { CLIENT_FINDING_CODES, SERVER_FINDING_CODES, isFindingCode } from '../findings/index'
import { describeValue, orList } from './problems'
import { regexProblem } from './regex'
import { VARIABLE_NAME } from './variables'

export const SCENARIO_FILE_VERSION = 1
export const SCENARIO_ENDPOINTS = ['token', 'introspect', 'revoke', 'metadata', 'jwks'] as const
export type ScenarioEndpoint = (typeof SCENARIO_ENDPOINTS)[number]
export const SCENARIO_AUTH_METHODS = ['basic', 'post', 'none'] as const
export const CAPTURE_SOURCES = ['body', 'header', 'claims'] as const

/** A value that is one `{{variable}}` and nothing else: it may stand for a number. */
const SOLE_VARIABLE = /^\{\{\s*[^{}]+?\s*\}\}$/
const hasVariable = (v: string) => /\{\{[^{}]*\}\}/.test(v)
/** RFC 9110 §5.6.2 token: method and header names. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

export function isAbsoluteHttpUrl(v: string): boolean {
  try {
    const u = new URL(v)
    return u.protocol === 'http:' || u.protocol === 'https:'
  } catch {
    return false
  }
}

const VARIABLE_NAME_RULE = 'not a variable name (a letter or _, then letters, digits, _, . or -)'

/**
 * A JSON object whose keys must pass `valid`. The keys are checked here rather than by a key schema, so
 * each bad key is reported at its own path with its own message, whatever error map formats the issues.
 */
function keyedRecord<V extends z.ZodType>(value: V, valid: (key: string) => boolean, message: string) {
  return z.record(z.string(), value).superRefine((record, ctx) => {
    for (const key of Object.keys(record)) if (!valid(key)) ctx.addIssue({ code: 'custom', path: [key], message })
  })
}

const endpointSchema = z
  .string({ error: endpointMessage })
  .refine((v) => (SCENARIO_ENDPOINTS as readonly string[]).includes(v) || isAbsoluteHttpUrl(v) || hasVariable(v), {
    error: (iss) => endpointMessage(iss),
  })
function endpointMessage(iss: { input?: unknown }): string {
  const what = `${orList(SCENARIO_ENDPOINTS)}, or an absolute http(s) URL`
  return typeof iss.input === 'string'
    ? `unknown endpoint ${JSON.stringify(iss.input)} (expected ${what})`
    : `expected ${what}, got ${describeValue(iss.input)}`
}

const methodSchema = z
  .string()
  .refine((v) => /^[A-Z]{1,20}$/.test(v) || hasVariable(v), 'an HTTP method in capitals, e.g. GET or POST')

const authSchema = z
  .strictObject({
    method: z.enum(SCENARIO_AUTH_METHODS, {
      error: (iss) => `expected ${orList(SCENARIO_AUTH_METHODS.map((m) => `"${m}"`))}, got ${describeValue(iss.input)}`,
    }),
    clientId: z.string().optional(),
    clientSecret: z.string().optional(),
    /** RFC 6749 §2.3.1 says form-encode before base64; false reproduces the clients that skip it. */
    formEncode: z.boolean().optional(),
  })
  .superRefine((auth, ctx) => {
    if (auth.formEncode !== undefined && auth.method !== 'basic')
      ctx.addIssue({ code: 'custom', path: ['formEncode'], message: 'only applies to "method": "basic"' })
    if (auth.clientSecret !== undefined && auth.method === 'none')
      ctx.addIssue({
        code: 'custom',
        path: ['clientSecret'],
        message: '"method": "none" sends no secret (use "basic" or "post")',
      })
  })

const isHeaderName = (v: string) => TOKEN.test(v) || hasVariable(v)
const HEADER_NAME_RULE = 'not a header name (one token, RFC 9110 §5.1)'
const formParams = z.record(z.string(), z.string())

export const scenarioRequestSchema = z
  .strictObject({
    endpoint: endpointSchema.default('token'),
    /** Default POST, GET for metadata and jwks. */
    method: methodSchema.optional(),
    auth: authSchema.default({ method: 'none' }),
    params: formParams.optional(),
    headers: keyedRecord(z.string(), isHeaderName, HEADER_NAME_RULE).default({}),
    rawBody: z.string().optional(),
  })
  .superRefine((req, ctx) => {
    if (req.rawBody !== undefined && req.params !== undefined)
      ctx.addIssue({ code: 'custom', path: ['rawBody'], message: 'give "params" or "rawBody", not both' })
  })
  .transform(({ params, ...rest }) => ({ ...rest, params: params ?? {} }))

/** A string that is a single `{{variable}}`: it may stand for a number. */
const isSoleVariable = (v: unknown): v is string => typeof v === 'string' && SOLE_VARIABLE.test(v)
const isStatusCode = (v: unknown) =>
  (typeof v === 'number' && Number.isInteger(v) && v >= 100 && v <= 599) || isSoleVariable(v)

// One message for every wrong form: a union would report whichever branch zod found closest.
const statusSchema = z.custom<number | string | Array<number | string>>(
  (v) => isStatusCode(v) || (Array.isArray(v) && v.length > 0 && v.every(isStatusCode)),
  { error: 'expected a number or a list of numbers (HTTP status codes from 100 to 599)' },
)
const millisecondsSchema = z.custom<number | string>(
  (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1) || isSoleVariable(v),
  { error: 'expected a number of milliseconds (an integer of 1 or more)' },
)

/** Every `/regex/` string inside a JSON value compiles. */
function checkRegexes(value: unknown, ctx: z.core.$RefinementCtx, path: PropertyKey[] = []): void {
  if (typeof value === 'string') {
    const problem = hasVariable(value) ? null : regexProblem(value)
    if (problem) ctx.addIssue({ code: 'custom', path, message: problem })
  } else if (Array.isArray(value)) value.forEach((v, i) => checkRegexes(v, ctx, [...path, i]))
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) checkRegexes(v, ctx, [...path, k])
}

const jsonSubset = z.record(z.string(), z.json()).superRefine((v, ctx) => checkRegexes(v, ctx))
const keyList = z.array(z.string().min(1))
/** A code of the findings catalogue: a typo would make `include` fail and `exclude` pass forever. */
const findingCode = z.string().superRefine((code, ctx) => {
  if (hasVariable(code) || isFindingCode(code)) return
  const head = code.split('_')[0]!
  const near = [...CLIENT_FINDING_CODES, ...SERVER_FINDING_CODES].filter((c) => c.startsWith(`${head}_`)).slice(0, 4)
  const hint = near.length ? `did you mean ${orList(near)}?` : 'see the findings catalogue for the codes'
  ctx.addIssue({ code: 'custom', message: `unknown finding code ${JSON.stringify(code)} (${hint})` })
})

export const scenarioExpectSchema = z.strictObject({
  status: statusSchema.optional(),
  /** name (case-insensitive) → exact value or "/regex/flags"; null: must be absent. */
  headers: z
    .record(z.string(), z.string().nullable())
    .superRefine((v, ctx) => {
      for (const key of Object.keys(v))
        if (!isHeaderName(key)) ctx.addIssue({ code: 'custom', path: [key], message: HEADER_NAME_RULE })
      checkRegexes(v, ctx)
    })
    .optional(),
  body: jsonSubset.optional(),
  present: keyList.optional(),
  absent: keyList.optional(),
  claims: jsonSubset.optional(),
  findings: z
    .strictObject({ include: z.array(findingCode).optional(), exclude: z.array(findingCode).optional() })
    .optional(),
  maxMs: millisecondsSchema.optional(),
})

const capturePath = z.string().regex(/^(body|header|claims)\..+$/s, 'expected body.KEY, header.NAME or claims.KEY')

export const scenarioStepSchema = z.strictObject({
  name: z.string().min(1),
  request: scenarioRequestSchema,
  expect: scenarioExpectSchema.default({}),
  /** variable name → body.KEY, header.NAME or claims.KEY; available to later steps of the scenario. */
  capture: keyedRecord(capturePath, (k) => VARIABLE_NAME.test(k), VARIABLE_NAME_RULE).default({}),
})

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  steps: z.array(scenarioStepSchema).min(1, 'a scenario needs at least one step'),
})

/** The `scenarios` key: of a scenario file, and of a workspace file (workspace-format.md). */
export const scenarioListSchema = z.array(scenarioSchema).superRefine((list, ctx) => {
  const first = new Map<string, number>()
  list.forEach((s, i) => {
    const at = first.get(s.name)
    if (at === undefined) first.set(s.name, i)
    else
      ctx.addIssue({
        code: 'custom',
        path: [i, 'name'],
        message: `duplicate scenario name ${JSON.stringify(s.name)} (also scenarios[${at}])`,
      })
  })
})

const versionSchema = z.literal(SCENARIO_FILE_VERSION, {
  error: (iss) => {
    const v = iss.input
    if (v === undefined) return 'required'
    if (typeof v !== 'number') return `expected the number ${SCENARIO_FILE_VERSION}, got ${describeValue(v)}`
    if (Number.isInteger(v) && v > SCENARIO_FILE_VERSION)
      return `this file is version ${v}; this ROPC Lab reads version ${SCENARIO_FILE_VERSION} — update ROPC Lab`
    return `version ${v} does not exist; this ROPC Lab reads version ${SCENARIO_FILE_VERSION}`
  },
})

export const scenarioFileSchema = z.strictObject({
  version: versionSchema,
  variables: keyedRecord(
    z.custom<string | number | boolean>((v) => ['string', 'number', 'boolean'].includes(typeof v), {
      error: 'expected a string, number or boolean',
    }),
    (k) => VARIABLE_NAME.test(k),
    VARIABLE_NAME_RULE,
  ).default({}),
  scenarios: scenarioListSchema,
})

export type ScenarioRequest = z.output<typeof scenarioRequestSchema>
export type ScenarioExpect = z.output<typeof scenarioExpectSchema>
export type ScenarioStep = z.output<typeof scenarioStepSchema>
export type Scenario = z.output<typeof scenarioSchema>
export type ScenarioFile = z.output<typeof scenarioFileSchema>
export type ScenarioFileInput = z.input<typeof scenarioFileSchema>
export type ScenarioInput = z.input<typeof scenarioSchema>
