import { describe, expect, it } from 'vitest'
import { decodeFormComponent, isFormUrlEncoded, parseFormBody } from '../../src/server/oauth/form-body'

function parse(body: string | Buffer) {
  return parseFormBody(typeof body === 'string' ? Buffer.from(body, 'latin1') : body)
}

function params(body: string | Buffer): Record<string, string> {
  const result = parse(body)
  if (!result.ok) throw new Error(`expected ok, got ${result.description}`)
  return Object.fromEntries(result.params)
}

/** RFC 6749 §5.2: error_description is %x20-21 / %x23-5B / %x5D-7E. */
const ERROR_DESCRIPTION = /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/

describe('parseFormBody', () => {
  it('RFC 6749 Appendix B: splits on & and the first =', () => {
    expect(params('grant_type=password&username=alice&password=a=b=c')).toEqual({
      grant_type: 'password',
      username: 'alice',
      password: 'a=b=c',
    })
  })

  it('RFC 6749 Appendix B: + is a space, %2B is a plus', () => {
    expect(params('password=a+b%2Bc')).toEqual({ password: 'a b+c' })
  })

  it('RFC 6749 Appendix B: %C3%A9 is é (percent-encoded UTF-8), hex digits in either case', () => {
    expect(params('username=jos%C3%A9&x=%c3%a9')).toEqual({ username: 'josé', x: 'é' })
  })

  it('RFC 6749 Appendix B: accepts raw UTF-8 bytes that were not percent-encoded', () => {
    expect(params(Buffer.from('username=josé', 'utf8'))).toEqual({ username: 'josé' })
  })

  it('RFC 6749 Appendix B: decodes parameter names the same way as values', () => {
    expect(params('grant%5Ftype=password&my+name=x&na%C3%AFve=y')).toEqual({
      grant_type: 'password',
      'my name': 'x',
      naïve: 'y',
    })
  })

  it.each([
    ['password=%zz', 'password'],
    ['password=abc%4', 'password'],
    ['password=abc%', 'password'],
    ['password=%4g', 'password'],
    ['password=%%41', 'password'],
  ])('RFC 6749 §3.2 / Appendix B: %s is malformed percent-encoding', (body, name) => {
    const result = parse(body)
    expect(result).toEqual({ ok: false, description: `malformed percent-encoding in '${name}'` })
  })

  it('RFC 6749 Appendix B: bytes that are not UTF-8 (%C3%28) are an error naming the parameter', () => {
    expect(parse('username=%C3%28')).toEqual({ ok: false, description: "parameter 'username' is not valid UTF-8" })
  })

  it('RFC 6749 Appendix B: raw bytes that are not UTF-8 (Latin-1 é) are an error too', () => {
    expect(parse(Buffer.from([...Buffer.from('username=jos'), 0xe9]))).toEqual({
      ok: false,
      description: "parameter 'username' is not valid UTF-8",
    })
  })

  it('RFC 6749 Appendix B: a bad parameter name is an error', () => {
    expect(parse('pass%zzword=x')).toEqual({ ok: false, description: 'malformed percent-encoding in a parameter name' })
    expect(parse('%FF=x')).toEqual({ ok: false, description: 'a parameter name is not valid UTF-8' })
  })

  it('RFC 6749 §5.2: error descriptions are printable ASCII without " or \\', () => {
    for (const body of ['%22%5C%0A%C3%A9=%zz', 'a"b\\c=%C3%28', 'password=%zz']) {
      const result = parse(body)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.description).toMatch(ERROR_DESCRIPTION)
    }
  })

  it('RFC 6749 §3.1: a parameter sent more than once is listed in repeated', () => {
    const result = parse('scope=a&username=x&scope=b&scope=c')
    expect(result).toMatchObject({ ok: true, repeated: ['scope'] })
  })

  it('RFC 6749 §3.1: a repeat counts even when one of the values is empty', () => {
    const result = parse('scope=&scope=read')
    expect(result).toMatchObject({ ok: true, repeated: ['scope'], empty: [] })
    if (result.ok) expect(result.params.get('scope')).toBe('read')
  })

  it('RFC 6749 §3.1: names are compared after decoding (scope and sc%6Fpe are the same)', () => {
    expect(parse('scope=a&sc%6Fpe=b')).toMatchObject({ ok: true, repeated: ['scope'] })
  })

  it('RFC 6749 §3.2: a parameter without a value is treated as omitted', () => {
    const result = parse('grant_type=password&scope=&password&username=alice')
    expect(result).toMatchObject({ ok: true, empty: ['scope', 'password'], repeated: [] })
    if (result.ok) {
      expect(result.params.has('scope')).toBe(false)
      expect(result.params.has('password')).toBe(false)
      expect(Object.fromEntries(result.params)).toEqual({ grant_type: 'password', username: 'alice' })
    }
  })

  it('RFC 6749 Appendix B: empty pairs are skipped', () => {
    const result = parse('&a=1&&b=2&')
    expect(result).toMatchObject({ ok: true, repeated: [], empty: [] })
    if (result.ok) expect(Object.fromEntries(result.params)).toEqual({ a: '1', b: '2' })
  })

  it('an empty body has no parameters', () => {
    expect(parse('')).toEqual({ ok: true, params: new Map(), repeated: [], empty: [] })
  })

  it('keeps control characters in values for the caller to judge (RFC 6749 §3.2 CR/LF rules live there)', () => {
    expect(params('username=a%0D%0Ab')).toEqual({ username: 'a\r\nb' })
  })
})

describe('decodeFormComponent', () => {
  it('RFC 6749 Appendix B: decodes strings as well as bytes', () => {
    expect(decodeFormComponent('legacy%3Aapp')).toEqual({ ok: true, value: 'legacy:app' })
    expect(decodeFormComponent('a+b')).toEqual({ ok: true, value: 'a b' })
    expect(decodeFormComponent('%zz')).toEqual({ ok: false, problem: 'percent-encoding' })
    expect(decodeFormComponent('%C3%28')).toEqual({ ok: false, problem: 'utf-8' })
  })
})

describe('isFormUrlEncoded', () => {
  it.each([
    'application/x-www-form-urlencoded',
    'Application/X-WWW-Form-URLEncoded',
    'application/x-www-form-urlencoded; charset=UTF-8',
    'application/x-www-form-urlencoded;charset=utf-8',
    'application/x-www-form-urlencoded; charset="utf-8"',
    '  application/x-www-form-urlencoded ; foo=bar',
  ])('RFC 6749 §3.2: accepts %s', (contentType) => {
    expect(isFormUrlEncoded(contentType)).toBe(true)
  })

  it.each([
    undefined,
    '',
    'application/json',
    'multipart/form-data; boundary=x',
    'text/plain',
    'application/x-www-form-urlencoded; charset=ISO-8859-1',
    'application/x-www-form-urlencodedx',
  ])('RFC 6749 §3.2: refuses %s', (contentType) => {
    expect(isFormUrlEncoded(contentType)).toBe(false)
  })
})
