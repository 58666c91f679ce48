// A bounded fuzz run (scripts/fuzz/): random and mutated token, introspection, revocation, authorization (GET) and
// challenge requests against a real lab on 127.0.0.1 and through its recording proxy. No 5xx, no reset under the
// body limit, no token, code, auth_session or "active" answer for credentials that are not the lab's, no redirect
// to an unregistered URI, and a valid grant, introspection, refresh, revocation, sign-in page and challenge code
// still work after each batch. `npm run fuzz` runs the same with 100,000 requests.
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { anyRequest, GENERATORS } from '../../scripts/fuzz/generators'
import { IssuedTokens, judge } from '../../scripts/fuzz/oracle'
import { runFuzz } from '../../scripts/fuzz/run-fuzz'
import { parametersRule } from '../../src/server/oauth/request-rules'

const CREDS = {
  clientId: 'c',
  clientSecret: 's',
  username: 'u',
  password: 'p',
  publicClientId: 'spa',
  redirectUri: 'http://127.0.0.1/cb',
  refreshTokens: () => [],
  accessTokens: () => [],
}

describe('fuzzing the token, introspection, revocation, authorization and challenge endpoints', () => {
  it('holds for a bounded run, direct and through the proxy', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31)
    const result = await runFuzz({ requests: 1200, seconds: 20, seed, batchSize: 400 })
    expect(result.failures, `seed ${seed}`).toEqual([])
    expect(result.tried).toBeGreaterThan(0)
    // The generators reach past the first checks: some requests are granted.
    expect(result.statuses['200'] ?? 0).toBeGreaterThan(0)
    // The new flows' generators too: the sign-in page is served, errors are redirected to the registered URI,
    // and the right user and password get a code at the challenge endpoint.
    expect(result.byGenerator.authorize?.['200'], JSON.stringify(result.byGenerator)).toBeGreaterThan(0)
    expect(result.byGenerator.authorize?.['302'], JSON.stringify(result.byGenerator)).toBeGreaterThan(0)
    expect(result.byGenerator.challenge?.['200'], JSON.stringify(result.byGenerator)).toBeGreaterThan(0)
  }, 60_000)

  it('a grant_type named like an Object.prototype member is an unsupported grant, not a server error', () => {
    // Found by the fuzzer: `grant_type=toString` answered 500.
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(parametersRule('token', new Map([['grant_type', name]]))).toEqual([])
    }
  })

  it('every generator produces requests', () => {
    for (const g of GENERATORS) expect(fc.sample(g.arbitrary(CREDS), 5)).toHaveLength(5)
    expect(fc.sample(anyRequest(CREDS), 50).map((r) => r.generator)).toContain('token:password')
  })

  it('the oracle flags a token granted for a wrong password, a 5xx and an unknown active token', () => {
    const issued = new IssuedTokens()
    const wrong = {
      generator: 'test',
      method: 'POST',
      target: '/oauth/v2/oauth-token',
      headers: { authorization: `Basic ${Buffer.from('c:s').toString('base64')}` },
      body: Buffer.from('grant_type=password&username=u&password=p2'),
      chunked: false,
    }
    const granted = { kind: 'answer', status: 200, text: '{"access_token":"x"}' } as const
    expect(judge(wrong, granted, CREDS, issued)).toMatch(/wrong grant/)
    expect(
      judge({ ...wrong, body: Buffer.from('grant_type=password&username=u&password=p') }, granted, CREDS, issued),
    ).toBeNull()
    expect(judge({ ...wrong, headers: {} }, granted, CREDS, issued)).toMatch(/wrong client/)
    expect(judge(wrong, { kind: 'answer', status: 500, text: '' }, CREDS, issued)).toMatch(/500/)
    const active = { kind: 'answer', status: 200, text: '{"active":true}' } as const
    const introspect = { ...wrong, target: '/oauth/v2/oauth-introspect', body: Buffer.from('token=never') }
    expect(judge(introspect, active, CREDS, issued)).toMatch(/never issued/)
  })

  it('the oracle flags a code from a GET, a redirect to an unregistered URI, and a challenge code for a wrong password', () => {
    const issued = new IssuedTokens()
    const get = {
      generator: 'test',
      method: 'GET',
      target: '/oauth/v2/oauth-authorize?client_id=spa',
      headers: {},
      body: Buffer.alloc(0),
      chunked: false,
    }
    const redirect = (location: string) => ({ kind: 'answer', status: 302, text: '', location }) as const
    expect(judge(get, redirect('http://127.0.0.1:5555/cb?error=invalid_request'), CREDS, issued)).toBeNull()
    expect(judge(get, redirect('http://127.0.0.1/cb?code=abc'), CREDS, issued)).toMatch(/code from a GET/)
    expect(judge(get, redirect('http://evil.example/cb?error=x'), CREDS, issued)).toMatch(/unregistered/)
    expect(judge(get, redirect('http://127.0.0.1/cb/../x'), CREDS, issued)).toMatch(/unregistered/)
    const form = 'client_id=spa&username=u&password=p&code_challenge=x&code_challenge_method=S256'
    const post = { ...get, method: 'POST', target: '/oauth/v2/oauth-authorization-challenge', body: Buffer.from(form) }
    const code = { kind: 'answer', status: 200, text: '{"authorization_code":"c"}' } as const
    expect(judge(post, code, CREDS, issued)).toBeNull()
    expect(
      judge({ ...post, body: Buffer.from(form.replace('password=p', 'password=q')) }, code, CREDS, issued),
    ).toMatch(/wrong user or password/)
    expect(judge({ ...post, body: Buffer.from(form.replace('S256', 'plain')) }, code, CREDS, issued)).toMatch(/S256/)
    const session = { kind: 'answer', status: 400, text: '{"error":"x","auth_session":"s"}' } as const
    expect(judge(post, session, CREDS, issued)).toMatch(/auth_session/)
  })
})
