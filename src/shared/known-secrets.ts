// Masking by value, after masking by shape (masking.ts). When another server answers — through the
// proxy or to the composer, a scenario or a pack — the lab cannot know every shape a credential takes
// there: a server echoes the password it refused in its `error_description`, redirects with a token
// in the Location's fragment (RFC 6749 §4.2.2) or inside an encoded `return_to`, nests a token deeper
// than any shape rule reads; a client sends its secret in a JSON key written with `\u` escapes, in an
// unquoted multipart name, after a `;`, in an `X-Client-Secret` header. So the values the request
// carried as credentials, and the tokens the answer carried, are collected from the unmasked exchange
// and replaced by `***` wherever they occur in the stored copy, in every encoding they were seen in
// (architecture.md "One exchange pipeline": nothing stored holds a credential in clear).
import type { Exchange, HeaderList, RawRequest, RawResponse } from './exchange'
import { MAX_INPUT_DEPTH, MAX_KNOWN_SECRETS } from './limits'
import { CREDENTIAL_HEADER_NAME, MASK, SECRET_PARAMS } from './masking'
import { mayHoldParts, multipartValueLines } from './multipart-values'

/** Response members that carry an issued token (masking.ts reads them to a fixed depth only). */
const TOKEN_NAMES = new Set([...SECRET_PARAMS, 'issued_token'])
/** Shorter values are not looked for: replacing `1234` everywhere would shred the record for nothing. */
const SHORTEST = 6
/**
 * The protocol's own words (RFC 6749 §4-§5, RFC 9110 field names): a password `password` or a secret
 * `secret` is masked by shape only, or `grant_type=password` and `client_secret=` would be shredded.
 */
const PROTOCOL_WORDS = [
  ...TOKEN_NAMES,
  ...['grant_type', 'client_id', 'username', 'scope', 'token_type', 'expires_in', 'redirect_uri', 'state'],
  ...['client_credentials', 'urn:ietf:params:oauth:grant-type:', 'bearer', 'basic', 'authorization'],
  ...['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type'],
  ...['invalid_scope', 'error_description', 'application/x-www-form-urlencoded', 'application/json'],
]
/** A Location nests a URL in a parameter (`return_to=%2Ftoken%3Fcode%3D…`): read this many levels. */
const NESTED_URLS = 3

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return s
  }
}

/** `name=value` pairs split on `&` and `;` (some servers split on both); credential values kept. */
function fromForm(text: string, into: Set<string>, nested = 0): void {
  for (const pair of text.split(/[&;]/)) {
    const eq = pair.indexOf('=')
    if (eq < 0) continue
    const name = decode(pair.slice(0, eq)).trim().toLowerCase()
    const raw = pair.slice(eq + 1)
    const value = decode(raw)
    if (TOKEN_NAMES.has(name)) into.add(raw).add(value)
    else if (nested < NESTED_URLS && /[?#=]/.test(value)) fromUrl(value, into, nested + 1)
  }
}

/** The query and the fragment of a URL or a path (RFC 6749 §4.2.2 puts tokens in the fragment). */
function fromUrl(url: string, into: Set<string>, nested = 0): void {
  const q = url.search(/[?#]/)
  if (q >= 0) fromForm(url.slice(q + 1).replace(/#/g, '&'), into, nested)
  else if (url.includes('=')) fromForm(url, into, nested)
}

/** Every string (and number) under a credential-named member, at any depth up to MAX_INPUT_DEPTH. */
function fromJson(value: unknown, into: Set<string>, under = false, depth = 0): void {
  if (depth > MAX_INPUT_DEPTH) return
  if (typeof value === 'string' || typeof value === 'number') {
    if (under) into.add(String(value))
  } else if (Array.isArray(value)) {
    for (const v of value) fromJson(v, into, under, depth + 1)
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) fromJson(v, into, under || TOKEN_NAMES.has(k.toLowerCase()), depth + 1)
  }
}

function fromBody(body: string, into: Set<string>): void {
  if (body === '') return
  fromForm(body, into)
  if (/^\s*[[{]/.test(body)) {
    try {
      fromJson(JSON.parse(body), into)
    } catch {
      // Not JSON after all: the form and multipart reads stand.
    }
  }
  // multipart/form-data (RFC 7578 §4.2): the part's name quoted or not, its value after the blank line.
  if (mayHoldParts(body)) {
    const lines = body.split('\n')
    for (const i of multipartValueLines(lines, (name) => TOKEN_NAMES.has(name))) {
      const value = lines[i]!.replace(/\r$/, '')
      if (value) into.add(value)
    }
  }
}

function fromHeaders(headers: HeaderList, into: Set<string>): void {
  for (const [k, v] of headers) {
    const name = k.toLowerCase()
    if (name === 'authorization' || name === 'proxy-authorization') {
      const [scheme = '', credentials = ''] = v.trim().split(/\s+/, 2)
      into.add(credentials)
      if (scheme.toLowerCase() === 'basic') {
        const pair = Buffer.from(credentials, 'base64').toString('utf8')
        const secret = pair.slice(pair.indexOf(':') + 1)
        into.add(secret).add(decode(secret))
      }
    } else if (name === 'cookie') {
      for (const c of v.split(';')) into.add(c.slice(c.indexOf('=') + 1).trim())
    } else if (name === 'location') fromUrl(v, into)
    else if (CREDENTIAL_HEADER_NAME.test(name)) into.add(v.trim())
  }
}

/**
 * The credential values an exchange carried, each in the encodings it may be written in; at most
 * MAX_KNOWN_SECRETS values. Past that, a request is an attack on this very code (a 64 KiB body of
 * `token=…&token=…`): its own shape-masked values are what it would store, nobody else's secret.
 */
export function knownSecrets(request: RawRequest, response: RawResponse): string[] {
  const sent = new Set<string>()
  fromUrl(request.target, sent)
  fromHeaders(request.headers, sent)
  fromBody(request.body, sent)
  const answered = new Set<string>()
  fromHeaders(response.headers, answered)
  fromBody(response.body, answered)
  // Each side has half the bound first, so a request of junk credentials cannot push out a token the server
  // issued (in a Location fragment no shape rule masks), nor an answer of junk the request's own secrets.
  const half = Math.floor(MAX_KNOWN_SECRETS / 2)
  const fromSent = usable(sent, MAX_KNOWN_SECRETS)
  const fromAnswered = usable(answered, MAX_KNOWN_SECRETS)
  const kept = new Set([...fromSent.slice(0, half), ...fromAnswered.slice(0, half)])
  // Then what one side left unused goes to the other.
  for (const v of [...fromSent, ...fromAnswered]) {
    if (kept.size >= MAX_KNOWN_SECRETS) break
    kept.add(v)
  }
  const forms = new Set<string>()
  for (const v of kept) {
    const percent = encodeURIComponent(v)
    const form = new URLSearchParams({ v }).toString().slice(2)
    for (const f of [v, percent, form, encodeURIComponent(percent), JSON.stringify(v).slice(1, -1), htmlEscape(v)])
      forms.add(f)
  }
  // Longest first, so a value is never half replaced by a shorter one it contains.
  return [...forms].sort((a, b) => b.length - a.length)
}

/** The first `most` values worth masking: long enough, not masked already, not a protocol word. */
function usable(values: Set<string>, most: number): string[] {
  const out: string[] = []
  for (const v of values) {
    if (out.length >= most) break
    if (v.length < SHORTEST || v.includes(MASK)) continue
    if (PROTOCOL_WORDS.some((word) => word.includes(v.toLowerCase()))) continue
    out.push(v)
  }
  return out
}

const htmlEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

/** The secrets by their first SHORTEST characters, longest first: one pass over a string finds them all. */
type SecretIndex = Map<string, string[]>

function indexOf(secrets: string[]): SecretIndex {
  const index: SecretIndex = new Map()
  for (const secret of secrets) {
    const prefix = secret.slice(0, SHORTEST)
    const list = index.get(prefix)
    if (list) list.push(secret)
    else index.set(prefix, [secret])
  }
  return index
}

/**
 * Every secret in `s` replaced, leftmost and longest first, in one pass: linear in the string's
 * length (a secret per position would be a string scan per secret, which a body of thousands of
 * values turned into seconds on the event loop).
 */
function redactString(s: string, index: SecretIndex): string {
  let out = ''
  let last = 0
  for (let i = 0; i + SHORTEST <= s.length;) {
    const candidates = index.get(s.slice(i, i + SHORTEST))
    const hit = candidates?.find((secret) => s.startsWith(secret, i))
    if (hit === undefined) {
      i++
      continue
    }
    out += s.slice(last, i) + MASK
    i += hit.length
    last = i
  }
  return last === 0 ? s : out + s.slice(last)
}

function redactValue<T>(value: T, index: SecretIndex, depth = 0): T {
  if (typeof value === 'string') return redactString(value, index) as T
  if (depth > MAX_INPUT_DEPTH || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((v: unknown) => redactValue(v, index, depth + 1)) as T
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, index, depth + 1)
  return out as T
}

/**
 * The stored exchange with every known credential value replaced by `***`, in every string it holds
 * (request, response, trace, findings); the same object when there is none to replace.
 */
export function redactKnownSecrets(stored: Exchange, request: RawRequest, response: RawResponse): Exchange {
  const secrets = knownSecrets(request, response)
  return secrets.length === 0 ? stored : redactValue(stored, indexOf(secrets))
}
