// The real-server matrix's expectation files (test/interop/servers/expected-*.json) and the matcher
// that compares a pack run with them: a wrong verdict, or a right status for the wrong reason, must be
// reported; the data must say why each non-passing verdict is right.
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { expectationFor, loadExpectations, mismatch, type Expectation, type Status } from './expectations'
import type { PackStep } from './run-pack'

const step = (over: Partial<PackStep>): PackStep => ({
  id: 'requests.repeated-parameter',
  name: '§3.2 a repeated parameter is invalid_request',
  status: 'passed',
  failures: [],
  ...over,
})

describe('matrix expectations: matching a step', () => {
  const list: Expectation[] = [
    { check: 'client-auth.*', status: 'skipped', why: 'the public client has no secret' },
    { check: 'requests.repeated-parameter', status: 'failed', why: 'RFC 6749 §3.2', evidence: 'token' },
  ]

  it('finds an expectation by id, by name, or by a trailing-* prefix; none means "passed"', () => {
    expect(expectationFor(list, step({}))).toBe(list[1])
    expect(expectationFor(list, step({ id: undefined }))).toBeUndefined()
    expect(expectationFor(list, step({ id: 'client-auth.one-method' }))).toBe(list[0])
    expect(mismatch(step({ id: 'other.check', status: 'failed' }), undefined)).toMatch(/expected passed, got failed/)
  })

  it('a failure for the expected reason matches; for another reason it does not', () => {
    const right = step({ status: 'failed', reason: 'a request with grant_type twice got a token' })
    expect(mismatch(right, list[1])).toBeNull()
    const cascade = step({
      status: 'failed',
      failures: [{ what: 'grant_type sent twice: error', expected: 'invalid_request', actual: 'invalid_client' }],
    })
    expect(mismatch(cascade, list[1])).toMatch(/not for the expected reason/)
    expect(mismatch(step({ status: 'passed' }), list[1])).toMatch(/expected failed, got passed/)
  })
})

const DIR = fileURLToPath(new URL('./', import.meta.url))
const SERVERS = readdirSync(DIR)
  .map((f) => /^expected-(.+)\.json$/.exec(f)?.[1])
  .filter((s): s is string => s !== undefined)
const STATUSES: Status[] = ['passed', 'failed', 'warning', 'skipped']

describe('matrix expectations: the data', () => {
  it('has a file per server of the matrix', () => {
    expect(SERVERS.sort()).toEqual(['authlib', 'django-oauth-toolkit', 'node-oauth', 'oauthlib'])
  })

  for (const server of SERVERS) {
    it(`${server}: every entry has a known status and a reason; failures and warnings name their evidence`, () => {
      const doc = loadExpectations(server)
      expect(Object.keys(doc.runs).sort()).toEqual(['basic', 'none', 'post'])
      for (const [auth, list] of Object.entries(doc.runs)) {
        const exact = list!.filter((e) => !e.check.endsWith('*')).map((e) => e.check)
        expect(new Set(exact).size, `${auth}: a check listed twice`).toBe(exact.length)
        for (const e of list!) {
          const statuses = [e.status].flat()
          expect(
            statuses.every((s) => STATUSES.includes(s)),
            `${auth} ${e.check}`,
          ).toBe(true)
          expect(e.why.length, `${auth} ${e.check}: why`).toBeGreaterThan(20)
          if (statuses.some((s) => s === 'failed' || s === 'warning'))
            expect(e.evidence, `${auth} ${e.check}: evidence`).toBeTruthy()
        }
      }
    })
  }
})
