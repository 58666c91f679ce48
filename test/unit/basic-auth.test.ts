import { describe, expect, it } from 'vitest'
import { parseBasicAuthorization } from '../../src/server/oauth/basic-auth'
import { basicAuthorization, formEncodeComponent } from '../../src/shared/token-request'

/** The encoder the composer and the runner use (src/shared/token-request.ts). */
const encodeBasicCredentials = (id: string, secret: string, { formEncode = true } = {}) =>
  basicAuthorization(id, secret, formEncode)

/** What curl -u / requests-oauthlib / Bruno send: base64 of the raw `id:secret`. */
function rawBasic(userPass: string): string {
  return `Basic ${Buffer.from(userPass, 'utf8').toString('base64')}`
}

describe('parseBasicAuthorization', () => {
  it('RFC 6749 §2.3.1: form-decodes the client id and secret after base64', () => {
    const header = rawBasic('my+app:p%40ss+w%C3%B6rd')
    expect(parseBasicAuthorization(header)).toEqual({
      kind: 'basic',
      raw: { id: 'my+app', secret: 'p%40ss+w%C3%B6rd' },
      decoded: { id: 'my app', secret: 'p@ss wörd' },
      wasEncodedDifferently: true,
    })
  })

  it('RFC 6749 §2.3.1: a secret with +, %, : and non-ASCII survives when the client form-encodes', () => {
    const secret = 'a+b%c:d é✓'
    const parsed = parseBasicAuthorization(encodeBasicCredentials('app', secret))
    expect(parsed).toMatchObject({ kind: 'basic', decoded: { id: 'app', secret }, wasEncodedDifferently: true })
    if (parsed.kind === 'basic') expect(parsed.raw.secret).toBe('a%2Bb%25c%3Ad+%C3%A9%E2%9C%93')
  })

  it('RFC 6749 §2.3.1: the same secret sent without form-encoding reads differently when decoded', () => {
    // "%c:" is not valid percent-encoding, so the decoded reading is impossible: only raw remains.
    const parsed = parseBasicAuthorization(encodeBasicCredentials('app', 'a+b%c:d é✓', { formEncode: false }))
    expect(parsed).toEqual({
      kind: 'basic',
      raw: { id: 'app', secret: 'a+b%c:d é✓' },
      decoded: null,
      decodeProblem: 'malformed percent-encoding in the client secret',
      wasEncodedDifferently: false,
    })
  })

  it('RFC 6749 §2.3.1: a skipped encoding of a + in the secret shows up as a difference', () => {
    const parsed = parseBasicAuthorization(rawBasic('app:a+b'))
    expect(parsed).toMatchObject({
      kind: 'basic',
      raw: { id: 'app', secret: 'a+b' },
      decoded: { id: 'app', secret: 'a b' },
      wasEncodedDifferently: true,
    })
  })

  it('RFC 6749 §2.3.1: plain credentials read the same both ways', () => {
    expect(parseBasicAuthorization(rawBasic('legacy:s3cret-._~'))).toEqual({
      kind: 'basic',
      raw: { id: 'legacy', secret: 's3cret-._~' },
      decoded: { id: 'legacy', secret: 's3cret-._~' },
      wasEncodedDifferently: false,
    })
  })

  it('RFC 6749 §2.3.1: legacy%3Aapp decodes to the client id legacy:app', () => {
    expect(parseBasicAuthorization(rawBasic('legacy%3Aapp:secret'))).toMatchObject({
      kind: 'basic',
      raw: { id: 'legacy%3Aapp', secret: 'secret' },
      decoded: { id: 'legacy:app', secret: 'secret' },
      wasEncodedDifferently: true,
    })
  })

  it('RFC 7617 §2: splits on the first colon, the secret may contain more', () => {
    expect(parseBasicAuthorization(rawBasic('app:a:b:c'))).toMatchObject({ raw: { id: 'app', secret: 'a:b:c' } })
  })

  it('RFC 7617 §2: an empty secret is kept as empty', () => {
    expect(parseBasicAuthorization(rawBasic('app:'))).toMatchObject({
      kind: 'basic',
      raw: { id: 'app', secret: '' },
      decoded: { id: 'app', secret: '' },
    })
  })

  it('RFC 6749 §2.3.1: bad UTF-8 after form-decoding is a decode problem in the client id', () => {
    expect(parseBasicAuthorization(rawBasic('app%C3%28:x'))).toMatchObject({
      kind: 'basic',
      decoded: null,
      decodeProblem: 'the form-decoded client id is not valid UTF-8',
    })
  })

  it('RFC 9110 §11.1: the scheme is case-insensitive', () => {
    const token = Buffer.from('app:secret').toString('base64')
    for (const scheme of ['Basic', 'basic', 'BASIC']) {
      expect(parseBasicAuthorization(`${scheme} ${token}`)).toMatchObject({ kind: 'basic', raw: { id: 'app' } })
    }
  })

  it('RFC 9110 §11.1: no header or a blank one is absent', () => {
    expect(parseBasicAuthorization(undefined)).toEqual({ kind: 'absent' })
    expect(parseBasicAuthorization('   ')).toEqual({ kind: 'absent' })
  })

  it('RFC 6750 §2.1: another scheme is reported with its name', () => {
    expect(parseBasicAuthorization('Bearer abc.def')).toEqual({ kind: 'other-scheme', scheme: 'Bearer' })
    expect(parseBasicAuthorization('Digest username="x"')).toEqual({ kind: 'other-scheme', scheme: 'Digest' })
  })

  it.each([
    ['Basic', 'Basic scheme without credentials'],
    ['Basic    ', 'Basic scheme without credentials'],
    ['Basic YXBwOnNlY3JldA', 'Basic credentials are not valid base64'], // missing padding
    ['Basic YXBw*nNlY3JldA==', 'Basic credentials are not valid base64'], // outside the alphabet
    ['Basic YXBwOnNlY3JldA=', 'Basic credentials are not valid base64'], // wrong padding
    ['Basic YXBwOnNlY3JldA===', 'Basic credentials are not valid base64'],
    ['Basic YXBwOnNlY3JldB==', 'Basic credentials are not valid base64'], // non-zero padding bits
    ['Basic YXBw-nNl_3JldA==', 'Basic credentials are not valid base64'], // base64url, not base64
    ['Basic YXBw OnNlY3JldA==', 'Basic credentials are not valid base64'],
    [`Basic ${Buffer.from('no-colon').toString('base64')}`, 'Basic credentials have no colon between id and secret'],
    [`Basic ${Buffer.from([0x61, 0x3a, 0xff]).toString('base64')}`, 'Basic credentials are not valid UTF-8'],
  ])('RFC 7617 §2: %s is malformed', (header, reason) => {
    expect(parseBasicAuthorization(header)).toEqual({ kind: 'malformed', reason })
  })

  it('RFC 6749 §5.2: malformed reasons are usable as error_description (no " or \\)', () => {
    for (const header of ['Basic', 'Basic ***', '(bad)', `Basic ${Buffer.from('x').toString('base64')}`]) {
      const parsed = parseBasicAuthorization(header)
      expect(parsed.kind).toBe('malformed')
      if (parsed.kind === 'malformed') expect(parsed.reason).toMatch(/^[\x20\x21\x23-\x5b\x5d-\x7e]+$/)
    }
  })
})

describe('encodeBasicCredentials / formEncodeComponent', () => {
  it('RFC 6749 Appendix B: keeps alphanumerics and *-._, space as +, everything else %XX of UTF-8', () => {
    expect(formEncodeComponent('AZaz09*-._')).toBe('AZaz09*-._')
    expect(formEncodeComponent('~')).toBe('%7E')
    expect(formEncodeComponent('a b+c%d:e/f&g=h')).toBe('a+b%2Bc%25d%3Ae%2Ff%26g%3Dh')
    expect(formEncodeComponent('é✓')).toBe('%C3%A9%E2%9C%93')
    expect(formEncodeComponent('😀')).toBe('%F0%9F%98%80')
  })

  it('RFC 6749 §2.3.1: form-encodes each part before base64 by default', () => {
    expect(encodeBasicCredentials('legacy:app', 's p')).toBe(rawBasic('legacy%3Aapp:s+p'))
  })

  it('RFC 7617 §2: formEncode false sends the raw id:secret (curl -u, requests-oauthlib, Bruno)', () => {
    expect(encodeBasicCredentials('legacy', 's p', { formEncode: false })).toBe(rawBasic('legacy:s p'))
  })

  it.each([
    ['app', 'secret'],
    ['legacy:app', 'a+b%c:d'],
    ['ünïcödé client', 'pässwörd ✓ 😀'],
    ['', ''],
    ['~!*()\'"', '\\\t'],
  ])('RFC 6749 §2.3.1: round-trips %j through encode and parse', (id, secret) => {
    expect(parseBasicAuthorization(encodeBasicCredentials(id, secret))).toMatchObject({
      kind: 'basic',
      decoded: { id, secret },
    })
  })
})
