// The scenario editor's own state (strings while typing, rows for every map) and its conversion to
// and from a scenario definition (docs/scenarios-format.md). The conversion is lossless for what the
// format can say, so opening a scenario and saving it unchanged writes it back the same.
import type { ScenarioInput, ScenarioStepInput } from '../../../shared/scenarios-api'
import type { FieldErrors } from '../../lib/field-errors'

export interface Row {
  key: number
  name: string
  value: string
}
/** An expected header: `absent` is the format's `null` (the header must not be there). */
export interface HeaderRow extends Row {
  absent: boolean
}

export type AuthMethod = 'basic' | 'post' | 'none'

export interface StepDraft {
  key: number
  name: string
  endpoint: string
  /** '' for the default (POST, GET for metadata and jwks). */
  method: string
  authMethod: AuthMethod
  clientId: string
  clientSecret: string
  /** RFC 6749 §2.3.1; off reproduces the clients that skip the form-encoding. */
  formEncode: boolean
  bodyMode: 'params' | 'raw'
  params: Row[]
  rawBody: string
  headers: Row[]
  expectStatus: string
  expectHeaders: HeaderRow[]
  expectBody: Row[]
  expectPresent: string
  expectAbsent: string
  expectClaims: Row[]
  findingsInclude: string
  findingsExclude: string
  maxMs: string
  captures: Row[]
}

export interface ScenarioDraft {
  name: string
  description: string
  steps: StepDraft[]
}

let nextKey = 1
const key = () => nextKey++
export const row = (name = '', value = ''): Row => ({ key: key(), name, value })
const headerRow = (name = '', value = '', absent = false): HeaderRow => ({ key: key(), name, value, absent })
const rows = (record: Record<string, string> | undefined): Row[] =>
  Object.entries(record ?? {}).map(([n, v]) => row(n, v))

/** A JSON value as typed: a string as is, anything else (or a string that would read as one) as JSON. */
export function jsonText(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value)
  try {
    return typeof JSON.parse(value) === 'string' ? value : JSON.stringify(value)
  } catch {
    return value
  }
}
/** The inverse of jsonText: JSON when the text is JSON, else the text as a string. */
export function jsonValue(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

const list = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean)
const numberOrText = (text: string): number | string => (/^\d+$/.test(text) ? Number(text) : text)

export function newStep(name = ''): StepDraft {
  return {
    key: key(),
    name,
    endpoint: 'token',
    method: '',
    authMethod: 'basic',
    clientId: '{{clientId}}',
    clientSecret: '{{clientSecret}}',
    formEncode: true,
    bodyMode: 'params',
    params: [row('grant_type', 'password'), row('username', '{{username}}'), row('password', '{{password}}')],
    rawBody: '',
    headers: [],
    expectStatus: '200',
    expectHeaders: [headerRow('cache-control', 'no-store')],
    expectBody: [],
    expectPresent: 'access_token, token_type',
    expectAbsent: '',
    expectClaims: [],
    findingsInclude: '',
    findingsExclude: '',
    maxMs: '',
    captures: [],
  }
}

export function newScenario(name: string): ScenarioDraft {
  return { name, description: '', steps: [newStep('password grant')] }
}

function stepDraft(step: ScenarioStepInput): StepDraft {
  const r = step.request
  const e = step.expect ?? {}
  const status = e.status === undefined ? '' : Array.isArray(e.status) ? e.status.join(', ') : String(e.status)
  return {
    key: key(),
    name: step.name,
    endpoint: r.endpoint ?? 'token',
    method: r.method ?? '',
    authMethod: r.auth?.method ?? 'none',
    clientId: r.auth?.clientId ?? '',
    clientSecret: r.auth?.clientSecret ?? '',
    formEncode: r.auth?.formEncode ?? true,
    bodyMode: r.rawBody !== undefined ? 'raw' : 'params',
    params: rows(r.params),
    rawBody: r.rawBody ?? '',
    headers: rows(r.headers),
    expectStatus: status,
    expectHeaders: Object.entries(e.headers ?? {}).map(([n, v]) => headerRow(n, v ?? '', v === null)),
    expectBody: Object.entries(e.body ?? {}).map(([n, v]) => row(n, jsonText(v))),
    expectPresent: (e.present ?? []).join(', '),
    expectAbsent: (e.absent ?? []).join(', '),
    expectClaims: Object.entries(e.claims ?? {}).map(([n, v]) => row(n, jsonText(v))),
    findingsInclude: (e.findings?.include ?? []).join(', '),
    findingsExclude: (e.findings?.exclude ?? []).join(', '),
    maxMs: e.maxMs === undefined ? '' : String(e.maxMs),
    captures: rows(step.capture),
  }
}

export function scenarioDraft(definition: ScenarioInput): ScenarioDraft {
  return { name: definition.name, description: definition.description ?? '', steps: definition.steps.map(stepDraft) }
}

const record = (rs: Row[], value: (text: string) => unknown = (t) => t) =>
  Object.fromEntries(rs.filter((r) => r.name !== '').map((r) => [r.name, value(r.value)]))
const some = <T extends object>(o: T): T | undefined => (Object.keys(o).length ? o : undefined)

function requestOf(s: StepDraft): ScenarioStepInput['request'] {
  const auth =
    s.authMethod === 'none'
      ? { method: 'none' as const, ...(s.clientId && { clientId: s.clientId }) }
      : {
          method: s.authMethod,
          ...(s.clientId && { clientId: s.clientId }),
          ...(s.clientSecret && { clientSecret: s.clientSecret }),
          ...(s.authMethod === 'basic' && !s.formEncode && { formEncode: false }),
        }
  const headers = some(record(s.headers) as Record<string, string>)
  const params = some(record(s.params) as Record<string, string>)
  return {
    endpoint: s.endpoint.trim() || 'token',
    ...(s.method.trim() && { method: s.method.trim() }),
    ...((auth.method !== 'none' || auth.clientId) && { auth }),
    ...(s.bodyMode === 'params' && params && { params }),
    ...(s.bodyMode === 'raw' && { rawBody: s.rawBody }),
    ...(headers && { headers }),
  }
}

function expectOf(s: StepDraft): ScenarioStepInput['expect'] {
  const statuses = list(s.expectStatus).map(numberOrText)
  const headers = Object.fromEntries(
    s.expectHeaders.filter((h) => h.name !== '').map((h) => [h.name, h.absent ? null : h.value]),
  )
  const findings = {
    ...(list(s.findingsInclude).length && { include: list(s.findingsInclude) }),
    ...(list(s.findingsExclude).length && { exclude: list(s.findingsExclude) }),
  }
  return {
    ...(statuses.length === 1 && { status: statuses[0] }),
    ...(statuses.length > 1 && { status: statuses }),
    ...(some(headers) && { headers }),
    ...(some(record(s.expectBody, jsonValue)) && { body: record(s.expectBody, jsonValue) as never }),
    ...(list(s.expectPresent).length && { present: list(s.expectPresent) }),
    ...(list(s.expectAbsent).length && { absent: list(s.expectAbsent) }),
    ...(some(record(s.expectClaims, jsonValue)) && { claims: record(s.expectClaims, jsonValue) as never }),
    ...(some(findings) && { findings }),
    ...(s.maxMs.trim() && { maxMs: numberOrText(s.maxMs.trim()) }),
  }
}

/** The definition the draft stands for, as the format writes it (empty parts left out). */
export function definitionOf(draft: ScenarioDraft): ScenarioInput {
  return {
    name: draft.name,
    ...(draft.description && { description: draft.description }),
    steps: draft.steps.map((s) => {
      const expect = expectOf(s)
      const capture = some(record(s.captures) as Record<string, string>)
      return {
        name: s.name,
        request: requestOf(s),
        ...(expect && some(expect) && { expect }),
        ...(capture && { capture }),
      }
    }),
  }
}

/**
 * The messages for one field: its own path and anything below it (`steps[0].expect.present[1]` is
 * the present list's, `steps[0].request.params.scope` the params').
 */
export function errorsAt(fields: FieldErrors, path: string): string[] {
  return Object.entries(fields).flatMap(([p, messages]) =>
    p === path || p.startsWith(`${path}.`) || p.startsWith(`${path}[`) ? messages : [],
  )
}

/** Moves the item at `from` one place up (-1) or down (+1). */
export function moved<T>(items: readonly T[], from: number, by: -1 | 1): T[] {
  const to = from + by
  if (to < 0 || to >= items.length) return [...items]
  const out = [...items]
  ;[out[from], out[to]] = [out[to]!, out[from]!]
  return out
}
