// Redirect URI matching (RFC 9700 §4.1.3, RFC 8252 §7.3) and PKCE (RFC 7636) helpers, against the
// RFC's own test vector and the cases real native apps send.
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { matchRedirectUri } from '../../src/server/oauth/authorize/redirect-uri'
import { readCodeChallenge, s256, verifierMatches } from '../../src/server/oauth/pkce'

describe('redirect URI matching', () => {
  const registered = [
    'http://127.0.0.1/callback',
    'http://[::1]/cb',
    'https://app.example/cb?x=1',
    'com.example.app:/oauth',
  ]
  it.each([
    ['http://127.0.0.1/callback', true],
    ['http://127.0.0.1:51004/callback', true],
    ['http://[::1]:8080/cb', true],
    ['https://app.example/cb?x=1', true],
    ['com.example.app:/oauth', true],
    ['http://127.0.0.1:51004/callback/extra', false],
    ['http://127.0.0.1:51004/callback?x=1', false],
    ['http://localhost:51004/callback', false],
    ['https://127.0.0.1:51004/callback', false],
    ['https://app.example:8443/cb?x=1', false],
    ['https://app.example/cb', false],
    ['https://APP.example/cb?x=1', false],
    ['com.example.app:/oauth/', false],
  ])('%s → %s', (uri, ok) => {
    expect(matchRedirectUri(registered, uri) !== null).toBe(ok)
  })
})

describe('PKCE (RFC 7636)', () => {
  it('§4.2: S256 agrees with an independent implementation (Python hashlib)', () => {
    const verifier = 'dBjftJeZ4CVP-mJ92K27uhbUJU1p1r_wW1gFWFOEjXk'
    const python = execFileSync('/usr/bin/python3', [
      '-c',
      'import base64,hashlib,sys; print(base64.urlsafe_b64encode(hashlib.sha256(sys.argv[1].encode()).digest()).rstrip(b"=").decode())',
      verifier,
    ])
      .toString()
      .trim()
    expect(s256(verifier)).toBe(python)
    expect(verifierMatches(verifier, python)).toBe(true)
    expect(verifierMatches(`${verifier}x`, python)).toBe(false)
    // §4.1: a verifier shorter than 43 characters is refused even when it hashes right.
    expect(verifierMatches('short', s256('short'))).toBe(false)
  })

  it('§4.3, RFC 9700 §2.1.1: S256 only; no method means plain', () => {
    const c = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
    expect(
      readCodeChallenge(
        new Map([
          ['code_challenge', c],
          ['code_challenge_method', 'S256'],
        ]),
      ),
    ).toEqual({ ok: true, challenge: c })
    expect(readCodeChallenge(new Map([['code_challenge', c]]))).toMatchObject({ ok: false, problem: 'plain' })
    expect(
      readCodeChallenge(
        new Map([
          ['code_challenge', c],
          ['code_challenge_method', 'plain'],
        ]),
      ),
    ).toMatchObject({ ok: false, problem: 'plain' })
    expect(readCodeChallenge(new Map())).toMatchObject({ ok: false, problem: 'missing' })
    expect(
      readCodeChallenge(
        new Map([
          ['code_challenge', 'abc'],
          ['code_challenge_method', 'S256'],
        ]),
      ),
    ).toMatchObject({ ok: false, problem: 'malformed' })
  })
})
