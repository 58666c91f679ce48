// A bounded fuzz run (scripts/fuzz/): random and mutated token, introspection and revocation requests against a real
// lab on 127.0.0.1 and through its recording proxy. No 5xx, no reset under the body limit, no token or "active"
// answer for credentials that are not the lab's, and a valid grant, introspection, refresh and revocation still work
// after each batch. `npm run fuzz` runs the same with 100,000 requests.
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
  refreshTokens: () => [],
  accessTokens: () => [],
}

describe('fuzzing the token, introspection and revocation endpoints', () => {
  it('holds for a bounded run, direct and through the proxy', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31)
    const result = await runFuzz({ requests: 1200, seconds: 20, seed, batchSize: 400 })
    expect(result.failures, `seed ${seed}`).toEqual([])
    expect(result.tried).toBeGreaterThan(0)
    // The generators reach past the first checks: some requests are granted.
    expect(result.statuses['200'] ?? 0).toBeGreaterThan(0)
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
})
