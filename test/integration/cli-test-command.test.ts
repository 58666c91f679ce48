// `ropc-lab test` as a real process (the built CLI, what `npx ropc-lab` runs): exit 0 all passed,
// 1 any failed, 2 bad input or an unreachable target; the JUnit file as CI reads it.
import { createServer } from 'node:http'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RunResult } from '../../src/lab/scenarios/results'
import { assertCliBuilt, runCli, startServe, type ServingCli } from '../helpers/cli-process'
import { passwordGrant, SCENARIO_WORKSPACE } from '../helpers/scenario-lab'

let dir: string
let serving: ServingCli | null = null
beforeAll(() => assertCliBuilt())
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-cli-test-'))
})
afterEach(async () => {
  await serving?.stop()
  serving = null
  rmSync(dir, { recursive: true, force: true })
})

const write = (name: string, content: unknown) => {
  const path = join(dir, name)
  writeFileSync(path, JSON.stringify(content, null, 2))
  return path
}
const formatExample = JSON.parse(
  readFileSync(new URL('../fixtures/scenarios/format-example.json', import.meta.url), 'utf8'),
) as { scenarios: unknown[] }

const passing = {
  name: 'password grant',
  steps: [
    {
      name: 'alice',
      request: passwordGrant(),
      expect: { status: 200, headers: { 'cache-control': 'no-store' } },
      capture: { rt: 'body.refresh_token' },
    },
    {
      name: 'refresh',
      request: {
        endpoint: 'token',
        auth: passwordGrant().auth,
        params: { grant_type: 'refresh_token', refresh_token: '{{rt}}' },
      },
      expect: { status: 200 },
    },
  ],
}
const failing = {
  name: 'wrong password',
  steps: [
    {
      name: 'refused',
      request: passwordGrant({ password: 'wrong' }),
      expect: { status: 200 },
      capture: { rt: 'body.refresh_token' },
    },
    {
      name: 'refresh',
      request: { endpoint: 'token', params: { grant_type: 'refresh_token', refresh_token: '{{rt}}' } },
    },
    {
      name: 'error code',
      request: passwordGrant({ password: 'wrong' }),
      expect: { status: 400, body: { error: 'invalid_grant' } },
    },
  ],
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done))
  const { port } = s.address() as AddressInfo
  await new Promise((done) => s.close(done))
  return port
}

describe('ropc-lab test', () => {
  it('exit 0: the scenarios of a workspace FILE pass against its in-memory server; one line per step', async () => {
    const ws = write('ws.json', { ...SCENARIO_WORKSPACE, scenarios: [passing] })
    const r = await runCli(['test', ws])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines[0]).toMatch(/^ropc-lab: 1 scenario against http:\/\/127\.0\.0\.1:\d+ \(the embedded server\)$/)
    expect(lines.slice(1, 3)).toEqual([
      expect.stringMatching(/^ {2}PASS {2}password grant › alice \(\d+ ms\)$/),
      expect.stringMatching(/^ {2}PASS {2}password grant › refresh \(\d+ ms\)$/),
    ])
    expect(r.stdout).toMatch(/2 passed, 0 failed, 0 warnings, 0 skipped — 2 steps in 1 suite, /)
  })

  it('exit 1 with --out report.xml: a JUnit file GitLab, Jenkins and GitHub read', async () => {
    const ws = write('ws.json', { ...SCENARIO_WORKSPACE, scenarios: [passing, failing] })
    const out = join(dir, 'report.xml')
    const r = await runCli(['test', ws, '--out', out])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/FAIL {2}wrong password › refused — status: expected 200, got 400 \(invalid_grant/)
    expect(r.stdout).toContain('SKIP  wrong password › refresh — needs {{rt}}, which step "refused" could not capture')
    const xml = readFileSync(out, 'utf8')
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (n) => ['testsuite', 'testcase'].includes(n),
    }).parse(xml) as {
      testsuites: {
        tests: string
        failures: string
        skipped: string
        testsuite: Array<{
          name: string
          testcase: Array<{
            name: string
            failure?: { message: string; '#text': string }
            skipped?: { message: string }
          }>
        }>
      }
    }
    const suites = doc.testsuites.testsuite
    expect(suites.map((s) => s.name)).toEqual(['password grant', 'wrong password'])
    expect(suites.flatMap((s) => s.testcase)).toHaveLength(5)
    expect([doc.testsuites.tests, doc.testsuites.failures, doc.testsuites.skipped]).toEqual(['5', '1', '1'])
    const refused = suites[1]!.testcase[0]!
    expect(refused.failure!.message).toMatch(/^status: expected 200, got 400 \(invalid_grant/)
    expect(refused.failure!['#text']).toMatch(/^status\n {2}expected: 200\n {2}actual: {3}400/)
    expect(suites[1]!.testcase[1]!.skipped).toEqual({ message: 'needs {{rt}}, which step "refused" could not capture' })
    expect(xml).not.toContain('alice-password-1')
  })

  it('--reporter json: stdout is the RunResult and nothing else', async () => {
    const ws = write('ws.json', { ...SCENARIO_WORKSPACE, scenarios: [failing] })
    const r = await runCli(['test', ws, '--reporter', 'json'])
    expect(r.code).toBe(1)
    const result = JSON.parse(r.stdout) as RunResult
    expect([result.passed, result.failed, result.skipped]).toEqual([1, 1, 1])
    expect(result.suites[0]!.steps[0]!.exchangeIds).toHaveLength(1)
  })

  it('exit 0 against --target, a `ropc-lab serve` process: the scenario file of scenarios-format.md', async () => {
    serving = await startServe(['--workspace', write('ws.json', SCENARIO_WORKSPACE), '--port', '0'])
    const sc = write('sc.json', formatExample)
    const r = await runCli([
      'test',
      sc,
      '--target',
      serving.baseUrl,
      '--var',
      'clientSecret=legacy-secret',
      '--client-id',
      'legacy',
      '--out',
      join(dir, 'r.json'),
    ])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(
      `against ${serving.baseUrl} (metadata at ${serving.baseUrl}/.well-known/oauth-authorization-server)`,
    )
    const result = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as RunResult
    expect(result.suites[0]!.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'passed'])
  })

  it('exit 2: an unreachable target, in one line on stderr; no report written', async () => {
    const port = await closedPort()
    const sc = write('sc.json', formatExample)
    const out = join(dir, 'report.xml')
    const r = await runCli(['test', sc, '--target', `http://127.0.0.1:${port}/oauth/token`, '--out', out])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(
      `ropc-lab: error: target http://127.0.0.1:${port}/oauth/token is unreachable (nothing is listening there ` +
        `(connection refused, ECONNREFUSED) at http://127.0.0.1:${port}/.well-known/oauth-authorization-server/oauth/token)\n`,
    )
    expect(existsSync(out)).toBe(false)
  })

  it('exit 2: a bad file, every problem by JSON path, before any request', async () => {
    let requests = 0
    const target = createServer((_, res) => {
      requests++
      res.writeHead(404).end()
    })
    await new Promise<void>((done) => target.listen(0, '127.0.0.1', done))
    try {
      const bad = write('bad.json', {
        version: 1,
        scenarios: [
          {
            name: 's',
            steps: [
              {
                name: 'a',
                request: { endpoint: 'token', params: { refresh_token: '{{rt}}' } },
                expect: { status: 'ok' },
              },
            ],
          },
        ],
      })
      const r = await runCli(['test', bad, '--target', `http://127.0.0.1:${(target.address() as AddressInfo).port}`])
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr.split('\n')).toEqual([
        `ropc-lab: error: ${bad} was refused; nothing was run. 2 problems:`,
        '  - scenarios[0].steps[0].expect.status: expected a number or a list of numbers (HTTP status codes from 100 to 599)',
        `  - scenarios[0].steps[0].request.params.refresh_token: {{rt}} is not defined: define it in the file's "variables", pass --var rt=VALUE or capture it in an earlier step of this scenario`,
        '',
      ])
      expect(requests).toBe(0)
    } finally {
      await new Promise((done) => target.close(done))
    }
  })

  it('exit 2 for bad flags and input: reporter, auth, --var, unknown pack, a missing file, nothing to run', async () => {
    const ws = write('ws.json', { ...SCENARIO_WORKSPACE, scenarios: [passing] })
    const cases: Array<[string[], RegExp]> = [
      [['test', ws, '--reporter', 'tap'], /argument 'tap' is invalid.*pretty, json, junit/],
      [['test', ws, '--auth', 'digest'], /argument 'digest' is invalid/],
      [['test', ws, '--var', 'novalue'], /^ropc-lab: error: --var must be NAME=VALUE/],
      [['test', ws, '--pack', 'nope'], /^ropc-lab: error: unknown pack "nope"/],
      [['test', join(dir, 'missing.json')], /^ropc-lab: error: file not found: /],
      [['test'], /^ropc-lab: error: nothing to run: no FILE given/],
      [['test', ws, '--target', 'not a url'], /^ropc-lab: error: --target must be an absolute http\(s\) URL/],
      [
        ['test', ws, '--out', join(dir, 'no', 'such', 'r.xml')],
        /^ropc-lab: error: cannot write .*r\.xml: the folder .* does not exist/,
      ],
    ]
    for (const [args, stderr] of cases) {
      const r = await runCli(args)
      expect([args.slice(2).join(' '), r.code]).toEqual([args.slice(2).join(' '), 2])
      expect(r.stderr).toMatch(stderr)
    }
  })

  it('has --help, listed in the program help', async () => {
    const r = await runCli(['test', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Usage: ropc-lab test [options] [file...]')
    for (const flag of [
      '--pack',
      '--target',
      '--client-id',
      '--client-secret',
      '--auth',
      '--username',
      '--password',
      '--scope',
      '--var',
      '--reporter',
      '--out',
    ])
      expect(r.stdout).toContain(flag)
    expect((await runCli(['--help'])).stdout).toMatch(/\n {2}test \[options\] \[file\.\.\.\]/)
  })
})
