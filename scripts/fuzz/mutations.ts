// Mutations shared by every endpoint's generator: what a broken or hostile client does to an otherwise plausible
// request — other methods, content types, encodings, duplicated or missing parameters, sizes around the body limit.
import * as fc from 'fast-check'

/** Values that are wrong versions of a right one: the oracle must never see them granted. */
export function wrongVersionsOf(right: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant(right.toUpperCase() === right ? right.toLowerCase() : right.toUpperCase()),
    fc.constant(`${right} `),
    fc.constant(` ${right}`),
    fc.constant(`${right}\u0000`),
    fc.constant(right.slice(0, -1)),
    fc.constant(`${right}x`),
    fc.constant(''),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
  )
}

/** A value that is the right one with probability ~¾, or a wrong version of it. */
export const rightOrWrong = (right: string): fc.Arbitrary<string> =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(right) }, { weight: 1, arbitrary: wrongVersionsOf(right) })

const OTHER_METHODS = ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND']
/** POST most of the time: a request refused for its method says nothing about what follows. */
export const method = fc.oneof(
  { weight: 8, arbitrary: fc.constant('POST') },
  { weight: 2, arbitrary: fc.constantFrom(...OTHER_METHODS) },
)

const OTHER_CONTENT_TYPES: Array<string | undefined> = [
  'application/x-www-form-urlencoded; charset=UTF-8',
  'Application/X-WWW-Form-Urlencoded',
  'application/x-www-form-urlencoded; charset=ISO-8859-1',
  'application/x-www-form-urlencoded;;;charset',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=x',
  '',
  ';',
  '*/*',
  undefined,
]
export const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant<string | undefined>('application/x-www-form-urlencoded') },
  { weight: 3, arbitrary: fc.constantFrom(...OTHER_CONTENT_TYPES) },
)

/** Form-encodes pairs; each value independently encoded properly, raw, or with broken percent escapes. */
export function encodePairs(pairs: Array<[string, string]>, style: number): string {
  return pairs
    .map(([k, v], i) => {
      const mode = (style >> (i % 8)) & 3
      if (mode === 1) return `${k}=${v}` // raw: spaces, '&', '=' and non-ASCII as they are
      if (mode === 2) return `${encodeURIComponent(k)}=${encodeURIComponent(v).replace(/%20/g, '+')}`
      if (mode === 3) return `${k}=${v}%${i % 2 ? 'zz' : ''}`
      return `${encodeURIComponent(k)}=${encodeURIComponent(v)}`
    })
    .join('&')
}

export interface Shape {
  pairs: Array<[string, string]>
  style: number
  /** Drop one pair, duplicate one, or add noise. */
  edit: 'none' | 'drop' | 'duplicate' | 'noise' | 'many' | 'huge'
  index: number
  noise: string
}

/** Applies a shape's edit to the form's pairs. */
export function editPairs({ pairs, edit, index, noise }: Shape): Array<[string, string]> {
  const at = pairs.length ? index % pairs.length : 0
  if (edit === 'drop') return pairs.filter((_, i) => i !== at)
  if (edit === 'duplicate' && pairs[at]) return [...pairs, [pairs[at][0], noise]]
  if (edit === 'noise') return [...pairs, [noise, noise]]
  // Many parameters (a form parser's worst case) and a body around the 64 KiB limit.
  if (edit === 'many') return [...pairs, ...Array.from({ length: 3000 }, (_, i): [string, string] => [`p${i}`, 'v'])]
  if (edit === 'huge') return [...pairs, ['pad', 'x'.repeat(60_000 + (index % 10_000))]]
  return pairs
}

export const shapeOf = (pairs: fc.Arbitrary<Array<[string, string]>>): fc.Arbitrary<Shape> =>
  fc.record({
    pairs,
    style: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(0xffff) }),
    edit: fc.constantFrom('none', 'none', 'none', 'none', 'none', 'none', 'drop', 'duplicate', 'noise', 'many', 'huge'),
    index: fc.nat(),
    noise: fc.string({ maxLength: 30 }),
  })

/** Body bytes: the encoded form, sometimes with invalid UTF-8, a BOM or a NUL spliced in. */
export function bodyBytes(text: string, corruption: number): Buffer {
  const body = Buffer.from(text, 'utf8')
  if (corruption === 1) return Buffer.concat([body, Buffer.from([0xff, 0xfe, 0xc3])])
  if (corruption === 2) return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body])
  if (corruption === 3) return Buffer.concat([body.subarray(0, body.length >> 1), Buffer.from([0]), body])
  if (corruption === 4) return Buffer.from(text, 'latin1')
  return body
}

/** Header values Node's client accepts (no control characters): printable ASCII. */
export const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 60,
})

export const basicHeader = (id: string, secret: string, encoded: boolean): string => {
  const enc = (s: string) => (encoded ? encodeURIComponent(s).replace(/%20/g, '+') : s)
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`, 'utf8').toString('base64')}`
}

/** An Authorization header: right or wrong Basic credentials, or something malformed. */
export function authorizationOf(
  id: fc.Arbitrary<string>,
  secret: fc.Arbitrary<string>,
): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.tuple(id, secret, fc.boolean()).map(([i, s, e]) => basicHeader(i, s, e)) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: headerText.map((t) => `Basic ${t}`) },
    { weight: 1, arbitrary: headerText },
    { weight: 1, arbitrary: fc.constantFrom('Basic', 'Basic ', 'Bearer x', 'basic Og==', 'Basic ==', 'Basic Og') },
  )
}
