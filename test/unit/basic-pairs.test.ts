// The proxy's memory of Basic exchanges for RFC 6749 §2.3.1 pairs: it pairs the raw and the
// form-encoded sending of the same credentials on the same endpoint, in either order, forgets after
// ten minutes and past 64 entries, and keeps no request body.
import { describe, expect, it } from 'vitest'
import { BasicPairs } from '../../src/lab/proxy/basic-pairs'
import { PAIR_MEMORY_MS, PAIR_MEMORY_SIZE } from '../../src/shared/limits'
import type { JudgedExchange } from '../../src/shared/response-checks/index'
import { basic } from '../helpers/plaintext-scan'

const ID = 'legacy'
const SECRET = 'p@ss+wo rd:x'

function exchange(encoded: boolean, status: number, path = '/token', id = ID): JudgedExchange {
  return {
    endpoint: 'token',
    request: {
      method: 'POST',
      url: `http://127.0.0.1:1${path}`,
      headers: [
        ['Authorization', basic(id, SECRET, encoded)],
        ['Content-Type', 'application/x-www-form-urlencoded'],
      ],
      body: 'grant_type=password&username=alice&password=alice-pw',
    },
    response:
      status === 200
        ? { status, headers: [], body: '{"access_token":"t","token_type":"Bearer"}' }
        : { status, headers: [], body: '{"error":"invalid_client"}' },
  }
}

const codes = (f: Array<{ code: string }>) => f.map((x) => x.code)

describe('BasicPairs', () => {
  it('pairs raw accepted and encoded refused, in either order', () => {
    const a = new BasicPairs()
    expect(a.judge(exchange(false, 200))).toEqual([])
    expect(codes(a.judge(exchange(true, 401)))).toEqual(['basic_not_form_decoded'])
    const b = new BasicPairs()
    expect(b.judge(exchange(true, 401))).toEqual([])
    expect(codes(b.judge(exchange(false, 200)))).toEqual(['basic_not_form_decoded'])
  })

  it('raises nothing when the server form-decodes (encoded accepted, raw refused)', () => {
    const p = new BasicPairs()
    expect(p.judge(exchange(false, 401))).toEqual([])
    expect(p.judge(exchange(true, 200))).toEqual([])
  })

  it('does not pair another endpoint or another client', () => {
    const p = new BasicPairs()
    p.judge(exchange(false, 200, '/introspect'))
    p.judge(exchange(false, 200, '/token', 'someone-else'))
    expect(p.judge(exchange(true, 401))).toEqual([])
  })

  it('forgets after ten minutes', () => {
    let now = 0
    const p = new BasicPairs(() => now)
    p.judge(exchange(false, 200))
    now = PAIR_MEMORY_MS + 1
    expect(p.judge(exchange(true, 401))).toEqual([])
  })

  it('keeps at most 64 exchanges per index', () => {
    const p = new BasicPairs()
    p.judge(exchange(false, 200))
    for (let i = 0; i < PAIR_MEMORY_SIZE; i++) p.judge(exchange(false, 200, '/token', `other-${i}`))
    expect(p.judge(exchange(true, 401))).toEqual([])
  })
})
