// The history filter is defined once (shared/exchange-filter.ts): the live matcher the renderer
// uses and the store's SQL must pick the same exchanges. One table of cases runs through both,
// the store on a real SQLite file, and each must give the expected ids.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Exchange, ExchangeFilter, Finding } from '../../src/shared/exchange'
import type { FindingCode } from '../../src/shared/findings/index'
import { matchesExchangeFilter } from '../../src/shared/exchange-filter'
import { exchangeListSchema } from '../../src/shared/lab-api'
import { openStore, type Store } from '../../src/store/index'

const finding = (code: FindingCode): Finding => ({
  code,
  side: 'client',
  severity: 'warning',
  rfc: 'RFC 6749 §2.3.1',
  message: code,
})

function exchange(id: string, fields: Partial<Exchange>): Exchange {
  const findings = fields.findings ?? []
  return {
    id,
    at: '2030-01-01T12:00:00.000Z',
    origin: 'external',
    endpoint: '/oauth/v2/oauth-token',
    method: 'POST',
    status: 200,
    durationMs: 3,
    findingCount: findings.length,
    request: { method: 'POST', target: '/oauth/v2/oauth-token', headers: [], body: '' },
    response: { status: 200, headers: [], body: '{}' },
    hashMs: 0,
    trace: [],
    ...fields,
    findings,
  }
}

const EXCHANGES: Exchange[] = [
  exchange('a', {
    clientId: 'legacy',
    username: 'alice',
    grantType: 'password',
    findings: [finding('insecure_transport')],
  }),
  exchange('b', {
    origin: 'composer',
    clientId: 'Legacy',
    username: 'bob',
    grantType: 'password',
    status: 400,
    error: 'invalid_grant',
    findings: [finding('basic_not_form_encoded'), finding('insecure_transport')],
  }),
  exchange('c', { origin: 'scenario', endpoint: '/oauth/v2/oauth-introspect', clientId: 'mobile-legacy' }),
  exchange('d', {
    origin: 'proxy',
    endpoint: '/oauth/v2/oauth-revoke',
    clientId: 'a%b\\c',
    username: 'ÄNNE',
    status: 401,
    error: 'invalid_client',
    findings: [finding('credentials_in_query')],
  }),
  exchange('e', { grantType: 'refresh_token', status: 400, error: 'invalid_request', username: 'änne' }),
]

const ALL = ['a', 'b', 'c', 'd', 'e']

const CASES: Array<{ name: string; filter: ExchangeFilter; ids: string[] }> = [
  { name: 'no criterion: everything', filter: {}, ids: ALL },
  { name: 'empty criteria set nothing', filter: { clientId: '', username: '', error: '', text: '   ' }, ids: ALL },
  { name: 'client: exact and case-sensitive', filter: { clientId: 'legacy' }, ids: ['a'] },
  { name: 'user: exact', filter: { username: 'bob' }, ids: ['b'] },
  { name: 'status: exact', filter: { status: 400 }, ids: ['b', 'e'] },
  { name: 'error: exact', filter: { error: 'invalid_grant' }, ids: ['b'] },
  { name: 'origin external', filter: { origin: 'external' }, ids: ['a', 'e'] },
  { name: 'origin composer', filter: { origin: 'composer' }, ids: ['b'] },
  { name: 'origin scenario', filter: { origin: 'scenario' }, ids: ['c'] },
  { name: 'origin proxy', filter: { origin: 'proxy' }, ids: ['d'] },
  { name: 'finding code: any of the findings', filter: { findingCode: 'insecure_transport' }, ids: ['a', 'b'] },
  { name: 'finding code: the second finding counts', filter: { findingCode: 'basic_not_form_encoded' }, ids: ['b'] },
  { name: 'finding code: exact, not a prefix', filter: { findingCode: 'insecure' }, ids: [] },
  { name: 'text: ASCII case-insensitive, in any text field', filter: { text: 'LEGACY' }, ids: ['a', 'b', 'c'] },
  { name: 'text: in the path', filter: { text: 'introspect' }, ids: ['c'] },
  { name: 'text: in the grant type', filter: { text: 'refresh_t' }, ids: ['e'] },
  { name: 'text: the status as digits', filter: { text: '40' }, ids: ['b', 'd', 'e'] },
  { name: 'text: % literally', filter: { text: 'a%b' }, ids: ['d'] },
  { name: 'text: % is no wildcard (oauth-token)', filter: { text: 'u%k' }, ids: [] },
  { name: 'text: _ is no wildcard (a%b)', filter: { text: 'a_b' }, ids: [] },
  { name: 'text: underscore literally', filter: { text: 'invalid_' }, ids: ['b', 'd', 'e'] },
  { name: 'text: backslash literally', filter: { text: 'b\\c' }, ids: ['d'] },
  { name: 'text: non-ASCII letters keep their case', filter: { text: 'ÄNNE' }, ids: ['d'] },
  { name: 'text: non-ASCII lower case', filter: { text: 'änne' }, ids: ['e'] },
  { name: 'text: trimmed', filter: { text: '  bob ' }, ids: ['b'] },
  { name: 'criteria combine with AND', filter: { status: 400, text: 'refresh' }, ids: ['e'] },
  {
    name: 'origin and finding code together',
    filter: { origin: 'external', findingCode: 'insecure_transport' },
    ids: ['a'],
  },
]

let dir: string
let store: Store

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-filter-'))
  store = openStore(join(dir, 'lab.db'))
  store.transaction(() => EXCHANGES.forEach((e) => store.exchanges.insert(e)))
})
afterAll(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the history filter: live matcher and store agree', () => {
  it.each(CASES)('$name', ({ filter, ids }) => {
    // As the lab receives it: through the list schema.
    const { limit, offset, ...parsed } = exchangeListSchema.parse({ ...filter, limit: 100 })
    const fromStore = store.exchanges.list(parsed, limit, offset)
    const live = EXCHANGES.filter((e) => matchesExchangeFilter(e, parsed)).map((e) => e.id)
    expect(fromStore.items.map((s) => s.id).sort()).toEqual(ids)
    expect(fromStore.total).toBe(ids.length)
    expect(live).toEqual(ids)
  })

  it('without its findings, a summary with none never matches a finding code', () => {
    const { findings: _f, request: _q, response: _r, trace: _t, ...summary } = EXCHANGES[2]!
    expect(matchesExchangeFilter(summary, { findingCode: 'insecure_transport' })).toBe(false)
    expect(matchesExchangeFilter(summary, { origin: 'scenario' })).toBe(true)
  })

  it('the list schema accepts every origin and refuses others', () => {
    for (const origin of ['external', 'composer', 'scenario', 'proxy']) {
      expect(exchangeListSchema.safeParse({ origin }).success).toBe(true)
    }
    expect(exchangeListSchema.safeParse({ origin: 'elsewhere' }).success).toBe(false)
    expect(exchangeListSchema.safeParse({ findingCode: 'x'.repeat(101) }).success).toBe(false)
  })
})
