// `capture`: a variable taken from an answer (`body.KEY`, `header.NAME`, `claims.KEY`) for the later
// steps of the same scenario.
import type { Exchange } from '../../shared/exchange'
import { isSensitiveHeader, isSensitiveKey } from './display'
import { accessTokenClaims, headerValues, isRecord, jsonBody } from './json-body'

export type Captured = { ok: true; value: string; sensitive: boolean } | { ok: false; why: string }

/** `a.b.c` in an object: the whole key first (claim names may hold dots, e.g. URLs), then by dots. */
function lookup(value: unknown, key: string): unknown {
  if (!isRecord(value)) return undefined
  if (Object.hasOwn(value, key)) return value[key]
  const dot = key.indexOf('.')
  if (dot <= 0) return undefined
  const head = key.slice(0, dot)
  return Object.hasOwn(value, head) ? lookup(value[head], key.slice(dot + 1)) : undefined
}

function asText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v)
}

export function capture(path: string, exchange: Exchange): Captured {
  const dot = path.indexOf('.')
  const source = path.slice(0, dot)
  const key = path.slice(dot + 1)
  const last = key.split('.').pop()!
  if (source === 'header') {
    const values = headerValues(exchange, key)
    if (!values.length) return { ok: false, why: `no ${key} header in the answer` }
    return { ok: true, value: values.join(', '), sensitive: isSensitiveHeader(key) }
  }
  const body = jsonBody(exchange)
  if (source === 'body') {
    if (!body.ok) return { ok: false, why: `the answer has ${body.why}` }
    const v = lookup(body.value, key)
    if (v === undefined) return { ok: false, why: `no ${key} in the body` }
    return { ok: true, value: asText(v), sensitive: isSensitiveKey(last) }
  }
  const claims = accessTokenClaims(body)
  if (!claims.ok) return { ok: false, why: `the answer has ${claims.why}` }
  const v = lookup(claims.claims, key)
  if (v === undefined) return { ok: false, why: `no ${key} claim in the access token` }
  return { ok: true, value: asText(v), sensitive: false }
}
