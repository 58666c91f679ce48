// Every expectation kind of scenarios-format.md ("expect"), checked against one exchange. Each failed
// expectation is reported with what was expected and what came back, side by side.
import type { Exchange } from '../../shared/exchange'
import { regexLiteral, type ScenarioExpect } from '../../shared/scenarios/index'
import { testRegexBounded } from './bounded-regex'
import { isSensitiveHeader, shown, shownExpected } from './display'
import { accessTokenClaims, headerValues, isRecord, jsonBody, type JsonBody } from './json-body'
import type { ExpectationFailure } from './results'

type Failures = ExpectationFailure[]

/**
 * A `/regex/` string tested against a string, off the event loop within a time limit
 * (bounded-regex.ts); an exact comparison otherwise. true, false, or why the pattern was not judged.
 */
async function stringMatches(expected: string, actual: string): Promise<boolean | string> {
  const literal = regexLiteral(expected)
  if (!literal) return expected === actual
  const verdict = await testRegexBounded(literal, actual)
  return verdict.ok ? verdict.match : verdict.why
}

/**
 * `expected` is a subset of `actual`: object keys recursively, arrays element by element with the same
 * length, strings exact or `/regex/flags`, numbers, booleans and null exact.
 */
export async function matchSubset(
  expected: unknown,
  actual: unknown,
  what: string,
  out: Failures,
  key?: string,
): Promise<void> {
  const fail = (why?: string): void => {
    const shownActual = shown(actual, key)
    out.push({ what, expected: shownExpected(expected), actual: why ? `${shownActual} (${why})` : shownActual })
  }
  if (typeof expected === 'string') {
    const verdict = typeof actual === 'string' ? await stringMatches(expected, actual) : false
    if (verdict !== true) fail(verdict === false ? undefined : verdict)
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return fail()
    for (const [i, e] of expected.entries()) await matchSubset(e, actual[i], `${what}[${i}]`, out)
  } else if (isRecord(expected)) {
    if (!isRecord(actual)) return fail()
    for (const [k, e] of Object.entries(expected)) {
      const at = `${what}.${k}`
      if (!Object.hasOwn(actual, k)) out.push({ what: at, expected: shownExpected(e), actual: 'absent' })
      else await matchSubset(e, actual[k], at, out, k)
    }
  } else if (expected !== actual) fail()
}

/** A number the file gave, or a `{{variable}}` that stood for one (now substituted). */
function asNumber(v: number | string): number {
  return typeof v === 'number' ? v : Number(v.trim())
}

/** ` (invalid_client: …)` when the answer is an OAuth error (RFC 6749 §5.2): what a person looks for next. */
function oauthError(exchange: Exchange): string {
  const body = jsonBody(exchange)
  if (!body.ok || !isRecord(body.value) || typeof body.value.error !== 'string') return ''
  const description = typeof body.value.error_description === 'string' ? `: ${body.value.error_description}` : ''
  const text = `${body.value.error}${description}`
  return ` (${text.length > 120 ? `${text.slice(0, 120)}…` : text})`
}

function checkStatus(status: NonNullable<ScenarioExpect['status']>, exchange: Exchange, out: Failures): void {
  const accepted = (Array.isArray(status) ? status : [status]).map(asNumber)
  const bad = accepted.find((n) => !Number.isInteger(n))
  if (bad !== undefined) {
    out.push({
      what: 'status',
      expected: `a status code, but the variable gave ${JSON.stringify(String(status))}`,
      actual: String(exchange.status),
    })
    return
  }
  if (!accepted.includes(exchange.status)) {
    const expected = accepted.length === 1 ? String(accepted[0]) : `one of ${accepted.join(', ')}`
    out.push({ what: 'status', expected, actual: `${exchange.status}${oauthError(exchange)}` })
  }
}

async function checkHeaders(headers: Record<string, string | null>, exchange: Exchange, out: Failures): Promise<void> {
  for (const [name, want] of Object.entries(headers)) {
    const values = headerValues(exchange, name)
    const what = `header ${name.toLowerCase()}`
    const actual = values.length ? values.map((v) => shown(v, name, isSensitiveHeader(name))).join(', ') : 'absent'
    if (want === null) {
      if (values.length) out.push({ what, expected: 'absent', actual })
      continue
    }
    // As in hurl: with a repeated header, one matching value is enough.
    const verdicts: Array<boolean | string> = []
    for (const v of values) {
      const verdict = await stringMatches(want, v)
      verdicts.push(verdict)
      if (verdict === true) break
    }
    if (!verdicts.includes(true)) {
      const why = verdicts.find((v) => typeof v === 'string')
      out.push({ what, expected: shownExpected(want), actual: why ? `${actual} (${why})` : actual })
    }
  }
}

function checkKeys(expect: ScenarioExpect, body: JsonBody, out: Failures): void {
  const keys = [...(expect.present ?? []), ...(expect.absent ?? [])]
  if (!keys.length) return
  if (!body.ok || !isRecord(body.value)) {
    out.push({ what: 'body', expected: 'a JSON object', actual: body.ok ? shown(body.value) : body.why })
    return
  }
  const value = body.value
  for (const key of expect.present ?? [])
    if (!Object.hasOwn(value, key)) out.push({ what: `body.${key}`, expected: 'present', actual: 'absent' })
  for (const key of expect.absent ?? [])
    if (Object.hasOwn(value, key))
      out.push({ what: `body.${key}`, expected: 'absent', actual: `present: ${shown(value[key], key)}` })
}

function checkFindings(findings: NonNullable<ScenarioExpect['findings']>, exchange: Exchange, out: Failures): void {
  const codes: string[] = exchange.findings.map((f) => f.code)
  const recorded = codes.length ? `recorded: ${[...new Set(codes)].join(', ')}` : 'no findings recorded'
  for (const code of findings.include ?? [])
    if (!codes.includes(code)) out.push({ what: 'findings', expected: `${code} recorded`, actual: recorded })
  for (const code of findings.exclude ?? []) {
    const f = exchange.findings.find((x) => x.code === code)
    if (f) out.push({ what: 'findings', expected: `no ${code}`, actual: `${code} recorded (${f.rfc})` })
  }
}

function checkTime(maxMs: number | string, elapsedMs: number, out: Failures): void {
  const max = asNumber(maxMs)
  if (!Number.isFinite(max)) {
    out.push({
      what: 'time',
      expected: `a number of milliseconds, but the variable gave ${JSON.stringify(maxMs)}`,
      actual: `${Math.round(elapsedMs)} ms`,
    })
  } else if (elapsedMs > max) {
    out.push({ what: 'time', expected: `at most ${max} ms`, actual: `${Math.round(elapsedMs)} ms` })
  }
}

/**
 * Checks every expectation given (variables already substituted). `elapsedMs`: from sending the request
 * to having the whole answer, as the client saw it.
 */
export async function checkExpectations(
  expect: ScenarioExpect,
  exchange: Exchange,
  elapsedMs: number,
): Promise<Failures> {
  const out: Failures = []
  const body = jsonBody(exchange)
  if (expect.status !== undefined) checkStatus(expect.status, exchange, out)
  if (expect.headers) await checkHeaders(expect.headers, exchange, out)
  if (expect.body) {
    if (body.ok) await matchSubset(expect.body, body.value, 'body', out)
    else out.push({ what: 'body', expected: 'a JSON body', actual: body.why })
  }
  checkKeys(expect, body, out)
  if (expect.claims) {
    const claims = accessTokenClaims(body)
    if (claims.ok) await matchSubset(expect.claims, claims.claims, 'claims', out)
    else out.push({ what: 'claims', expected: 'a JWT access token in body.access_token', actual: claims.why })
  }
  if (expect.findings) checkFindings(expect.findings, exchange, out)
  if (expect.maxMs !== undefined) checkTime(expect.maxMs, elapsedMs, out)
  return out
}
