// Rules for the token endpoint's answer, RFC 6749 §5.1 (success) and §5.2 (error).
import type { Finding } from '../exchange'
import { createFinding } from '../findings/catalogue'
import { judgeErrorBody } from './error-answer'
import { judgeJsonAnswer } from './json-answer'
import {
  headerValue,
  isSuccess,
  param,
  parseJsonObject,
  read,
  shown,
  type JsonObject,
  type JudgedExchange,
  type Reading,
} from './judged-exchange'

const directives = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((d) => d.trim().toLowerCase())
    .filter((d) => d !== '')

/**
 * RFC 6749 §5.1: Cache-Control: no-store on answers with tokens (a MUST). §5.2 asks nothing of
 * errors and no SHOULD or RFC 9700 sentence does, so on an error answer it is info only.
 */
function judgeCaching(r: Reading, out: Finding[]): void {
  const cacheControl = headerValue(r.x.response.headers, 'cache-control')
  if (!directives(cacheControl).includes('no-store')) {
    const seen = cacheControl === undefined ? 'no Cache-Control header' : `Cache-Control: ${shown(cacheControl)}`
    const success = isSuccess(r.status)
    out.push(
      createFinding(
        'token_response_cacheable',
        `The ${success ? 'successful' : 'error'} answer (status ${r.status}) has ${seen}.` +
          (success ? '' : ' An error holds no token and no rule asks for no-store on it: info only.'),
        success ? undefined : 'info',
      ),
    )
  }
  if (isSuccess(r.status)) {
    const pragma = headerValue(r.x.response.headers, 'pragma')
    if (!directives(pragma).includes('no-cache')) {
      out.push(
        createFinding(
          'token_response_no_pragma',
          `The successful answer has ${pragma === undefined ? 'no Pragma header' : `Pragma: ${shown(pragma)}`}.`,
        ),
      )
    }
  }
}

/** The scope a JWT access token shows (RFC 9068 §2.2.3.1 `scope`, or the common `scp`). */
export function jwtScope(token: string): Set<string> | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  const decode = (part: string) => {
    try {
      const binary = atob(part.replace(/-/g, '+').replace(/_/g, '/'))
      return parseJsonObject(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))))
    } catch {
      return undefined
    }
  }
  const header = decode(parts[0]!)
  const payload = decode(parts[1]!)
  if (header === undefined || typeof header.alg !== 'string' || payload === undefined) return undefined
  const claim = payload.scope ?? payload.scp
  if (typeof claim === 'string') return new Set(claim.split(' ').filter((s) => s !== ''))
  if (Array.isArray(claim) && claim.every((s) => typeof s === 'string')) return new Set(claim as string[])
  return undefined
}

const scopeText = (s: Set<string>) => (s.size === 0 ? '(none)' : [...s].join(' '))

/**
 * RFC 6749 §3.3, §5.1: scope is REQUIRED in the answer when the granted scope differs from the
 * request. Without a scope member the granted scope is only knowable when the access token shows
 * it (a JWT); an opaque token, or a refresh that asked for no scope (meaning "the original one",
 * which one exchange does not show), gives nothing to compare.
 */
function judgeScope(r: Reading, body: JsonObject): Finding[] {
  if ('scope' in body || typeof body.access_token !== 'string') return []
  const granted = jwtScope(body.access_token)
  if (granted === undefined) return []
  const asked = param(r.params, 'scope')
  if (asked === undefined) {
    if (param(r.params, 'grant_type') === 'refresh_token' || granted.size === 0) return []
    return [
      createFinding(
        'scope_missing_when_changed',
        `The request named no scope and the JWT access token carries scope "${scopeText(granted)}" (a default the ` +
          'server chose); the answer has no scope member, so the client cannot know what it was granted.',
        'warning',
      ),
    ]
  }
  const requested = new Set(asked.split(' ').filter((s) => s !== ''))
  const missing = [...requested].filter((s) => !granted.has(s))
  const added = [...granted].filter((s) => !requested.has(s))
  if (missing.length === 0 && added.length === 0) return []
  return [
    createFinding(
      'scope_missing_when_changed',
      `The request asked for scope "${scopeText(requested)}" and the JWT access token carries ` +
        `"${scopeText(granted)}" (not granted: ${missing.join(' ') || 'none'}; added: ${added.join(' ') || 'none'}), ` +
        'but the answer has no scope member.',
    ),
  ]
}

function judgeSuccess(r: Reading, body: JsonObject): Finding[] {
  const out: Finding[] = []
  const members = Object.keys(body).join(', ') || 'none'
  if (typeof body.access_token !== 'string' || body.access_token === '') {
    out.push(
      createFinding(
        'access_token_missing',
        typeof body.error === 'string'
          ? `Status ${r.status} carries error ${shown(body.error)}: an error is answered with 400 (RFC 6749 §5.2), ` +
              'a 2xx must carry the tokens.'
          : `The ${r.status} answer has member(s) ${members} but no access_token string.`,
      ),
    )
  }
  if (typeof body.token_type !== 'string' || body.token_type === '') {
    out.push(
      createFinding(
        'token_type_missing',
        'token_type' in body
          ? `token_type is ${shown(body.token_type)}, not a string such as "Bearer".`
          : `The ${r.status} answer has member(s) ${members} but no token_type.`,
      ),
    )
  }
  if (!('expires_in' in body)) {
    out.push(createFinding('expires_in_missing', `The ${r.status} answer has no expires_in (member(s): ${members}).`))
  } else {
    const e = body.expires_in
    if (typeof e !== 'number' || !Number.isInteger(e) || e < 0) {
      const what = typeof e === 'number' ? 'a number that is not a non-negative integer' : `a JSON ${typeof e}`
      out.push(createFinding('expires_in_not_numeric', `expires_in is ${shown(e, 40)}, ${what}.`))
    }
  }
  out.push(...judgeScope(r, body))
  return out
}

/** Every finding a token endpoint answer shows on its own. */
export function judgeTokenResponse(x: JudgedExchange): Finding[] {
  const r = read(x)
  const out: Finding[] = []
  if (!isSuccess(r.status) && r.status < 400) return out
  judgeCaching(r, out)
  if (!judgeJsonAnswer(r, out)) return out
  const body = r.json!
  out.push(...(isSuccess(r.status) ? judgeSuccess(r, body) : judgeErrorBody(r, body, 'token')))
  return out
}
