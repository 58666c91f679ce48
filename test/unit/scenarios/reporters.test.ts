// The reporters: pretty for people, json for scripts, JUnit XML as CI test reporters read it
// (parsed back with fast-xml-parser, the way those reporters parse it).
import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import type { RunResult } from '../../../src/lab/scenarios/results'
import {
  jsonReport,
  junitReport,
  prettyReport,
  prettyStepLine,
  report,
} from '../../../src/lab/scenarios/reporters/index'
import { exitCodeOf } from '../../../src/cli/test-command'

const result: RunResult = {
  suites: [
    {
      name: 'refresh <rotation> & reuse',
      kind: 'scenario',
      durationMs: 41.3,
      steps: [
        { name: 'grant', status: 'passed', failures: [], exchangeIds: ['e1'], durationMs: 20.4 },
        {
          name: 'reuse',
          status: 'failed',
          reason: 'status: expected 400, got 200 (and 1 more)',
          failures: [
            { what: 'status', expected: '400', actual: '200' },
            { what: 'body.error', expected: '"invalid_grant"', actual: 'absent ]]> <tricky>' },
          ],
          exchangeIds: ['e2'],
          durationMs: 9.9,
        },
        {
          name: 'after',
          status: 'skipped',
          reason: 'needs {{rt}}, which step "reuse" could not capture',
          failures: [],
          exchangeIds: [],
          durationMs: 0,
        },
      ],
    },
    {
      name: 'ropc-conformance',
      kind: 'pack',
      durationMs: 12,
      steps: [
        {
          name: 'unsupported grant type',
          status: 'failed',
          rfc: 'RFC 6749 §5.2',
          reason: 'body.error: expected "unsupported_grant_type", got "invalid_request"',
          failures: [{ what: 'body.error', expected: '"unsupported_grant_type"', actual: '"invalid_request"' }],
          exchangeIds: ['e3'],
          durationMs: 5,
        },
        {
          id: 'error-responses.no-store',
          name: 'error answers carry Cache-Control: no-store',
          status: 'warning',
          level: 'BCP',
          rfc: 'RFC 6749 §5.1',
          reason: '1 of 3 error answers: Cache-Control: expected no-store, got (absent)',
          failures: [{ what: 'Cache-Control', expected: 'no-store', actual: '(absent)' }],
          exchangeIds: ['e4'],
          durationMs: 1,
        },
        {
          name: 'revocation',
          status: 'skipped',
          rfc: 'RFC 7009 §2',
          reason: 'the target has no known revocation endpoint',
          failures: [],
          exchangeIds: [],
          durationMs: 0,
        },
      ],
    },
  ],
  passed: 1,
  failed: 2,
  warnings: 1,
  skipped: 2,
  durationMs: 60,
}

describe('junit reporter', () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
  })
  const xml = junitReport(result)
  const doc = parser.parse(xml) as {
    testsuites: {
      tests: string
      failures: string
      skipped: string
      testsuite: Array<{
        name: string
        tests: string
        failures: string
        skipped: string
        testcase: Array<Record<string, unknown>>
      }>
    }
  }

  it('one testsuite per scenario or pack, one testcase per step or check, with the counts CI reads', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true)
    const root = doc.testsuites
    expect([root.tests, root.failures, root.skipped]).toEqual(['6', '2', '2'])
    expect(root.testsuite.map((s) => [s.name, s.tests, s.failures, s.skipped])).toEqual([
      ['refresh <rotation> & reuse', '3', '1', '1'],
      ['ropc-conformance', '3', '1', '1'],
    ])
    expect(root.testsuite[0]!.testcase.map((c) => [c.classname, c.name, c.time])).toEqual([
      ['refresh <rotation> & reuse', 'grant', '0.02'],
      ['refresh <rotation> & reuse', 'reuse', '0.01'],
      ['refresh <rotation> & reuse', 'after', '0'],
    ])
  })

  it('a failure carries the summary, expected and actual, and the RFC section', () => {
    const [, reuse] = doc.testsuites.testsuite[0]!.testcase
    const failure = reuse!.failure as { message: string; type: string; '#text': string }
    expect(failure.message).toBe('status: expected 400, got 200 (and 1 more)')
    expect(failure['#text']).toBe(
      [
        'status',
        '  expected: 400',
        '  actual:   200',
        'body.error',
        '  expected: "invalid_grant"',
        '  actual:   absent ]]> <tricky>',
        'exchange: e2',
      ].join('\n'),
    )
    const check = doc.testsuites.testsuite[1]!.testcase[0]!
    const packFailure = check.failure as { message: string; '#text': string }
    expect(packFailure.message).toBe(
      'body.error: expected "unsupported_grant_type", got "invalid_request" [RFC 6749 §5.2]',
    )
    expect(packFailure['#text']).toContain('RFC: RFC 6749 §5.2')
    expect(check.properties).toEqual({
      property: [
        { name: 'rfc', value: 'RFC 6749 §5.2' },
        { name: 'exchange', value: 'e3' },
      ],
    })
  })

  it('a warning is a passing testcase: the warning in system-out and a property, never a failure', () => {
    const warned = doc.testsuites.testsuite[1]!.testcase[1]!
    expect(warned.failure).toBeUndefined()
    expect(warned.skipped).toBeUndefined()
    expect(String(warned['system-out'])).toMatch(/^WARNING: 1 of 3 error answers/)
    expect(String(warned['system-out'])).toContain('RFC: RFC 6749 §5.1')
    expect(warned.properties).toEqual({
      property: [
        { name: 'id', value: 'error-responses.no-store' },
        { name: 'rfc', value: 'RFC 6749 §5.1' },
        { name: 'level', value: 'BCP' },
        { name: 'exchange', value: 'e4' },
        { name: 'warning', value: '1 of 3 error answers: Cache-Control: expected no-store, got (absent)' },
      ],
    })
  })

  it('a skipped testcase says why', () => {
    const after = doc.testsuites.testsuite[0]!.testcase[2]!
    expect(after.skipped).toEqual({ message: 'needs {{rt}}, which step "reuse" could not capture' })
    expect(after.failure).toBeUndefined()
  })
})

describe('exit code', () => {
  it('warnings alone exit 0; --strict makes them fail; a failure always exits 1', () => {
    expect(exitCodeOf({ failed: 0, warnings: 3 })).toBe(0)
    expect(exitCodeOf({ failed: 0, warnings: 3 }, true)).toBe(1)
    expect(exitCodeOf({ failed: 0, warnings: 0 }, true)).toBe(0)
    expect(exitCodeOf({ failed: 1, warnings: 0 })).toBe(1)
  })
})

describe('json reporter', () => {
  it('is the RunResult as is', () => {
    expect(JSON.parse(jsonReport(result))).toEqual(result)
    expect(report('json', result)).toBe(jsonReport(result))
  })
})

describe('pretty reporter', () => {
  it('one line per step, then the failures with expected and actual side by side, the skips and the totals', () => {
    const text = prettyReport(result)
    expect(text.split('\n').slice(0, 6)).toEqual([
      '  PASS  refresh <rotation> & reuse › grant (20 ms)',
      '  FAIL  refresh <rotation> & reuse › reuse — status: expected 400, got 200 (and 1 more) (10 ms)',
      '  SKIP  refresh <rotation> & reuse › after — needs {{rt}}, which step "reuse" could not capture (0 ms)',
      '  FAIL  ropc-conformance › unsupported grant type [RFC 6749 §5.2] — body.error: expected "unsupported_grant_type", got "invalid_request" (5 ms)',
      '  WARN  ropc-conformance › error answers carry Cache-Control: no-store [RFC 6749 §5.1, BCP] — 1 of 3 error answers: Cache-Control: expected no-store, got (absent) (1 ms)',
      '  SKIP  ropc-conformance › revocation [RFC 7009 §2] — the target has no known revocation endpoint (0 ms)',
    ])
    expect(text).toContain('Warnings (a SHOULD or a best practice; --strict makes them fail):')
    expect(text).toContain(
      ['  1) refresh <rotation> & reuse › reuse', '     status', '       expected: 400', '       actual:   200'].join(
        '\n',
      ),
    )
    expect(text).toContain('  2) ropc-conformance › unsupported grant type [RFC 6749 §5.2]')
    expect(text).toContain('Skipped:\n  refresh <rotation> & reuse › after: needs {{rt}}')
    expect(text.trimEnd().split('\n').pop()).toBe(
      '1 passed, 2 failed, 1 warning, 2 skipped — 6 steps in 2 suites, 60 ms',
    )
  })

  it('colours only when asked (a terminal)', () => {
    const step = result.suites[0]!.steps[1]!
    expect(prettyStepLine(step, result.suites[0]!)).not.toContain('\u001b[')
    expect(prettyStepLine(step, result.suites[0]!, { color: true })).toContain('\u001b[31mFAIL\u001b[0m')
  })
})
