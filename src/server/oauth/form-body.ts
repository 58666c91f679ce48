// Strict application/x-www-form-urlencoded parsing for the token, introspection and revocation
// endpoints (RFC 6749 §3.2 and Appendix B; RFC 7662 §2.1; RFC 7009 §2.1).
//
// Strict on purpose: the lab exists to show what clients get wrong, so bad percent-encoding or
// bytes that are not UTF-8 are reported (the caller answers invalid_request, 400) instead of being
// silently repaired the way URLSearchParams does (it keeps "%zz" literally and substitutes U+FFFD).
//
// Descriptions produced here are safe to send as `error_description` as they are: RFC 6749 §5.2
// allows only %x20-21 / %x23-5B / %x5D-7E, so parameter names are quoted with ' (never " or \) and
// anything outside that set is replaced.

export type FormBodyResult =
  | {
      ok: true
      /** Decoded name → first non-empty decoded value. */
      params: Map<string, string>
      /** Names that appeared more than once (with any values), in first-seen order. RFC 6749 §3.1. */
      repeated: string[]
      /** Names that appeared only with an empty value: treated as omitted, RFC 6749 §3.2. */
      empty: string[]
    }
  | { ok: false; description: string }

export type FormDecodeResult = { ok: true; value: string } | { ok: false; problem: 'percent-encoding' | 'utf-8' }

const PLUS = 0x2b
const PERCENT = 0x25
const AMPERSAND = 0x26
const EQUALS = 0x3d
const SPACE = 0x20

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30 // 0-9
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x41 + 10 // A-F
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10 // a-f
  return -1
}

/**
 * Decode one name or value per Appendix B (the WHATWG application/x-www-form-urlencoded parser,
 * made strict): `+` is a space, `%XX` (exactly two hex digits) is one byte, other bytes stay as
 * they are; the resulting bytes must be valid UTF-8. Also used for the halves of a Basic
 * credential (RFC 6749 §2.3.1), which is why it accepts a string too.
 */
export function decodeFormComponent(input: Buffer | Uint8Array | string): FormDecodeResult {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input
  // Plain ASCII without `+` or `%` (most names and values) decodes to itself: no copy, no decoder
  // call, which costs more than the rest when a body is thousands of tiny pairs.
  let plain = true
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!
    if (byte === PLUS || byte === PERCENT || byte >= 0x80) {
      plain = false
      break
    }
  }
  if (plain) return { ok: true, value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1') }
  const out = Buffer.allocUnsafe(bytes.length)
  let length = 0
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!
    if (byte === PLUS) {
      out[length++] = SPACE
    } else if (byte === PERCENT) {
      const high = i + 1 < bytes.length ? hexValue(bytes[i + 1]!) : -1
      const low = i + 2 < bytes.length ? hexValue(bytes[i + 2]!) : -1
      if (high < 0 || low < 0) return { ok: false, problem: 'percent-encoding' }
      out[length++] = high * 16 + low
      i += 2
    } else {
      out[length++] = byte
    }
  }
  try {
    return { ok: true, value: utf8.decode(out.subarray(0, length)) }
  } catch {
    return { ok: false, problem: 'utf-8' }
  }
}

/** A parameter name as it may appear inside an RFC 6749 §5.2 error_description. */
function describeName(name: string): string {
  const safe = name.replace(/[^\x20-\x7e]|["'\\]/g, '?')
  return `'${safe.length > 40 ? `${safe.slice(0, 40)}...` : safe}'`
}

/**
 * The first `byte` in [from, to), or -1. Bounded by `to` on purpose: Buffer.indexOf searches to the
 * end of the buffer, so looking for the '=' of each pair that has none scanned the whole rest of the
 * body every time: quadratic, 1 s of event loop for 256 KiB of `a&a&...`, far more for the proxy's
 * 1 MiB bodies.
 */
function indexOfByte(bytes: Buffer, byte: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (bytes[i] === byte) return i
  return -1
}

/**
 * Parse a request body. Pairs are split on `&`, then on the first `=` (a pair without `=` is a
 * name with an empty value); empty pairs (`a=1&&b=2`) are skipped. Names are decoded the same way
 * as values.
 */
export function parseFormBody(body: Buffer): FormBodyResult {
  const params = new Map<string, string>()
  const seen = new Set<string>()
  const repeated = new Set<string>()
  const emptyOnly = new Set<string>()

  let start = 0
  while (start <= body.length) {
    let end = body.indexOf(AMPERSAND, start)
    if (end === -1) end = body.length
    if (end > start) {
      const eq = indexOfByte(body, EQUALS, start, end)
      const rawName = body.subarray(start, eq === -1 ? end : eq)
      const rawValue = eq === -1 ? body.subarray(end, end) : body.subarray(eq + 1, end)

      const name = decodeFormComponent(rawName)
      if (!name.ok) {
        return {
          ok: false,
          description:
            name.problem === 'percent-encoding'
              ? 'malformed percent-encoding in a parameter name'
              : 'a parameter name is not valid UTF-8',
        }
      }
      const value = decodeFormComponent(rawValue)
      if (!value.ok) {
        return {
          ok: false,
          description:
            value.problem === 'percent-encoding'
              ? `malformed percent-encoding in ${describeName(name.value)}`
              : `parameter ${describeName(name.value)} is not valid UTF-8`,
        }
      }

      // RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once."
      // Counted on every occurrence, empty or not: "a=&a=x" is as ambiguous as "a=x&a=y".
      if (seen.has(name.value)) repeated.add(name.value)
      seen.add(name.value)

      // RFC 6749 §3.2: "Parameters sent without a value MUST be treated as if they were omitted."
      if (value.value === '') {
        if (!params.has(name.value)) emptyOnly.add(name.value)
      } else if (!params.has(name.value)) {
        params.set(name.value, value.value)
        emptyOnly.delete(name.value)
      }
    }
    start = end + 1
  }

  return { ok: true, params, repeated: [...repeated], empty: [...emptyOnly] }
}

export type ContentTypeKind =
  | { kind: 'missing' }
  | { kind: 'form' }
  /** application/x-www-form-urlencoded, but with a charset Appendix B does not allow. */
  | { kind: 'form-charset'; charset: string }
  | { kind: 'other'; mediaType: string }

/**
 * RFC 6749 §3.2 / Appendix B: the body must be `application/x-www-form-urlencoded`. The media type
 * is case-insensitive (RFC 9110 §8.3.1); parameters are allowed, but a `charset` other than UTF-8
 * is not, because Appendix B defines the encoding over UTF-8.
 */
export function classifyContentType(contentType: string | undefined): ContentTypeKind {
  if (contentType === undefined) return { kind: 'missing' }
  const [mediaType, ...parameters] = contentType.split(';')
  const type = mediaType!.trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded') return { kind: 'other', mediaType: type }
  for (const parameter of parameters) {
    const eq = parameter.indexOf('=')
    if (eq === -1) continue
    if (parameter.slice(0, eq).trim().toLowerCase() !== 'charset') continue
    let value = parameter.slice(eq + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    const charset = value.toLowerCase()
    if (charset !== 'utf-8' && charset !== 'utf8') return { kind: 'form-charset', charset: value }
  }
  return { kind: 'form' }
}

export function isFormUrlEncoded(contentType: string | undefined): boolean {
  return classifyContentType(contentType).kind === 'form'
}
