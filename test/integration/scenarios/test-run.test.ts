// `ropc-lab test` as a use case (runTest): which files give scenarios and which the server, the order
// variable sources win in, packs, and that nothing is sent before every input is valid.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { packs } from '../../../src/lab/scenarios/packs/index'
import type { StepResult } from '../../../src/lab/scenarios/results'
import { TestInputError } from '../../../src/lab/scenarios/sources'
import { parseVar, runTest } from '../../../src/lab/scenarios/test-run'
import type { PackContext } from '../../../src/lab/scenarios/types'
import { passwordGrant, SCENARIO_WORKSPACE } from '../../helpers/scenario-lab'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-scenarios-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let n = 0
const write = (content: unknown): string => {
  const path = join(dir, `f${n++}.json`)
  writeFileSync(path, JSON.stringify(content))
  return path
}
const workspaceWith = (scenarios: unknown[]) => write({ ...SCENARIO_WORKSPACE, scenarios })
const scenarioFile = (scenarios: unknown[], variables?: Record<string, string>) =>
  write({ version: 1, ...(variables && { variables }), scenarios })

const ALICE = { clientId: 'legacy', clientSecret: 'legacy-secret', username: 'alice', password: 'alice-password-1' }
const grantWithVars = {
  endpoint: 'token',
  auth: { method: 'basic', clientId: '{{clientId}}', clientSecret: '{{clientSecret}}' },
  params: { grant_type: 'password', username: '{{username}}', password: '{{password}}', scope: '{{scope}}' },
}

/** A server that counts what it is asked: to show that a refused input sends nothing. */
let counter: Server | null = null
let requests = 0
async function countingTarget(): Promise<string> {
  requests = 0
  counter = createServer((_, res) => {
    requests++
    res.writeHead(404).end()
  })
  await new Promise<void>((done) => counter!.listen(0, '127.0.0.1', done))
  return `http://127.0.0.1:${(counter.address() as AddressInfo).port}`
}
afterEach(async () => {
  await new Promise((done) => (counter ? counter.close(done) : done(undefined)))
  counter = null
})

describe('runTest: files and servers', () => {
  it('runs the scenarios of a workspace FILE against an in-memory server made from that file', async () => {
    const ws = workspaceWith([
      {
        name: 'grant',
        steps: [{ name: 'alice', request: passwordGrant(), expect: { status: 200, body: { scope: 'read' } } }],
      },
    ])
    const r = await runTest({ files: [ws] })
    expect(r).toMatchObject({ passed: 1, failed: 0, skipped: 0, suites: [{ name: 'grant', kind: 'scenario' }] })
  })

  it('runs a scenario file against the workspace FILE given with it; names shared by two files are qualified', async () => {
    const ws = workspaceWith([
      { name: 'same', steps: [{ name: 'm', request: { endpoint: 'metadata' }, expect: { status: 200 } }] },
    ])
    const sc = scenarioFile([
      { name: 'same', steps: [{ name: 'grant', request: grantWithVars, expect: { status: 200 } }] },
    ])
    const lines: string[] = []
    const r = await runTest({
      files: [sc, ws],
      credentials: { ...ALICE, scope: 'read' },
      onStep: (s, suite) => lines.push(`${suite.name}: ${s.name} ${s.status}`),
    })
    expect(r.suites.map((s) => s.name)).toEqual([`${sc.split('/').pop()} › same`, `${ws.split('/').pop()} › same`])
    expect(r.passed).toBe(2)
    expect(lines.sort()).toEqual(
      [`${sc.split('/').pop()} › same: grant passed`, `${ws.split('/').pop()} › same: m passed`].sort(),
    )
  })

  it('runs against --target URL; workspace files then give only their scenarios', async () => {
    const { createLab } = await import('../../../src/lab/create-lab')
    const other = await createLab({ dbPath: ':memory:', workspace: SCENARIO_WORKSPACE })
    try {
      const { baseUrl } = await other.start({ port: 0 })
      const ws = write({
        version: 1,
        settings: { bcryptCost: 4 },
        scenarios: [{ name: 'x', steps: [{ name: 'grant', request: passwordGrant(), expect: { status: 200 } }] }],
      })
      let started = ''
      const r = await runTest({ files: [ws], target: baseUrl!, onStart: ({ target }) => (started = target.source) })
      // The file's own workspace has no clients: a 200 proves the request went to --target.
      expect(r.passed).toBe(1)
      expect(started).toBe(`metadata at ${baseUrl}/.well-known/oauth-authorization-server`)
    } finally {
      await other.close()
    }
  })
})

describe('runTest: variable sources, later ones winning (scenarios-format.md)', () => {
  it('file variables < credentials < --var < captures', async () => {
    const sc = scenarioFile(
      [
        {
          name: 'precedence',
          steps: [
            // username: the file says nobody, the credentials alice (wins). scope: credentials write, --var read (wins).
            {
              name: 'credentials over file, --var over credentials',
              request: grantWithVars,
              expect: { status: 200, body: { scope: 'read', token_type: '{{fileOnly}}' } },
            },
            {
              name: 'capture',
              request: { ...grantWithVars, params: { ...grantWithVars.params, scope: 'write' } },
              expect: { status: 200 },
              capture: { scope: 'body.scope' },
            },
            { name: 'capture over --var', request: grantWithVars, expect: { status: 200, body: { scope: 'write' } } },
          ],
        },
      ],
      { username: 'nobody', scope: 'none', fileOnly: 'Bearer' },
    )
    const ws = workspaceWith([])
    const r = await runTest({ files: [sc, ws], credentials: { ...ALICE, scope: 'write' }, vars: { scope: 'read' } })
    expect(r.suites[0]!.steps.map((s) => [s.name, s.status, s.failures])).toEqual([
      ['credentials over file, --var over credentials', 'passed', []],
      ['capture', 'passed', []],
      ['capture over --var', 'passed', []],
    ])
  })

  it('parseVar: NAME=VALUE, the value may hold "="', () => {
    expect(parseVar('a=b=c')).toEqual(['a', 'b=c'])
    expect(parseVar('empty=')).toEqual(['empty', ''])
    expect(() => parseVar('=x')).toThrow(TestInputError)
    expect(() => parseVar('novalue')).toThrow('--var must be NAME=VALUE')
  })
})

describe('runTest: refused before any request is sent', () => {
  it('a bad file: every problem by JSON path, variables never defined included; the target sees nothing', async () => {
    const target = await countingTarget()
    const bad = scenarioFile([
      {
        name: 's',
        steps: [{ name: 'a', request: { endpoint: 'tokn', params: { p: '{{password}}' } }, expect: { status: 'x' } }],
      },
    ])
    const err = await runTest({ files: [bad], target }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TestInputError)
    expect((err as Error).message.split('\n')).toEqual([
      `${bad} was refused; nothing was run. 3 problems:`,
      '  - scenarios[0].steps[0].request.endpoint: unknown endpoint "tokn" (expected token, introspect, revoke, metadata or jwks, or an absolute http(s) URL)',
      '  - scenarios[0].steps[0].expect.status: expected a number or a list of numbers (HTTP status codes from 100 to 599)',
      `  - scenarios[0].steps[0].request.params.p: {{password}} is not defined: give the target's password (--password, or in the UI), define it in the file's "variables", pass --var password=VALUE or capture it in an earlier step of this scenario`,
    ])
    expect(requests).toBe(0)
  })

  it('a bad workspace file: its workspace problems and its scenario problems together', async () => {
    const bad = write({
      ...SCENARIO_WORKSPACE,
      clients: [{ clientId: 'x', grantTypes: ['pasword'], secret: 's' }],
      scenarios: [{ name: 's', steps: [] }],
    })
    await expect(runTest({ files: [bad] })).rejects.toThrow(
      /clients\[0\]\.grantTypes\[0\]: unknown grant type "pasword"[\s\S]*scenarios\[0\]\.steps: a scenario needs at least one step/,
    )
  })

  it('a missing file, a file that is not JSON, nothing to run, no server to run against', async () => {
    await expect(runTest({ files: [join(dir, 'nope.json')] })).rejects.toThrow(
      `file not found: ${join(dir, 'nope.json')}`,
    )
    const notJson = join(dir, 'x.json')
    writeFileSync(notJson, '{ nope')
    await expect(runTest({ files: [notJson] })).rejects.toThrow(`${notJson} is not valid JSON`)
    await expect(runTest({ files: [] })).rejects.toThrow(
      'nothing to run: no FILE given (give a FILE with scenarios, or --pack NAME)',
    )
    await expect(runTest({ files: [workspaceWith([])] })).rejects.toThrow(/has no scenarios/)
    const sc = scenarioFile([{ name: 's', steps: [{ name: 'm', request: { endpoint: 'metadata' } }] }])
    await expect(runTest({ files: [sc] })).rejects.toThrow(
      'nothing to run against: give --target URL, or a workspace FILE to run an in-memory server from',
    )
    await expect(runTest({ files: [sc, workspaceWith([]), workspaceWith([])] })).rejects.toThrow(
      /are all workspace files: without --target, give one/,
    )
  })
})

describe('runTest: packs', () => {
  it('runs a registered pack after the scenarios, with the send, the resolved target and the credentials', async () => {
    let seen: PackContext | null = null
    packs['test-pack'] = async (ctx) => {
      seen = ctx
      const e = await ctx.send({
        target: ctx.target.metadataUrl!,
        method: 'GET',
        auth: { method: 'none' },
        params: [],
      })
      const step: StepResult = {
        name: 'metadata answers',
        status: e.status === 200 ? 'passed' : 'failed',
        rfc: 'RFC 8414 §3',
        failures: [],
        exchangeIds: [e.id],
        durationMs: 1,
      }
      ctx.onStep?.(step)
      return { name: 'test-pack', kind: 'pack', steps: [step], durationMs: 1 }
    }
    try {
      const ws = workspaceWith([{ name: 'first', steps: [{ name: 'm', request: { endpoint: 'metadata' } }] }])
      const order: string[] = []
      const r = await runTest({
        files: [ws],
        pack: 'test-pack',
        credentials: { clientId: 'legacy', username: 'alice', password: 'p' },
        onStep: (_, suite) => order.push(`${suite.kind}:${suite.name}`),
      })
      expect(order).toEqual(['scenario:first', 'pack:test-pack'])
      expect(r.suites.map((s) => [s.kind, s.name])).toEqual([
        ['scenario', 'first'],
        ['pack', 'test-pack'],
      ])
      expect(r.passed).toBe(2)
      expect(seen!.credentials).toEqual({ clientId: 'legacy', username: 'alice', password: 'p', auth: 'none' })
      expect(seen!.target.tokenEndpoint).toMatch(/\/oauth\/v2\/oauth-token$/)
    } finally {
      delete packs['test-pack']
    }
  })

  it('a pack that throws is one failed check, so the report is still written', async () => {
    packs['broken'] = async () => {
      throw new Error('boom')
    }
    try {
      const r = await runTest({ files: [workspaceWith([])], pack: 'broken', credentials: { ...ALICE } })
      expect(r.suites).toEqual([
        {
          name: 'broken',
          kind: 'pack',
          durationMs: expect.any(Number),
          steps: [expect.objectContaining({ status: 'failed', reason: 'boom' })],
        },
      ])
      expect(r.suites[0]!.steps[0]).toMatchObject({ failures: [{ what: 'pack', expected: 'to run', actual: 'boom' }] })
    } finally {
      delete packs['broken']
    }
  })

  it('refuses an unknown pack, and a pack without the credentials it needs', async () => {
    const ws = workspaceWith([])
    await expect(runTest({ files: [ws], pack: 'nope' })).rejects.toThrow(/^unknown pack "nope"/)
    packs['needs'] = async () => ({ name: 'needs', kind: 'pack', steps: [], durationMs: 0 })
    try {
      await expect(runTest({ files: [ws], pack: 'needs', credentials: { clientId: 'legacy' } })).rejects.toThrow(
        '--pack needs needs --username, --password',
      )
      const r = await runTest({ files: [ws], pack: 'needs', credentials: { ...ALICE, auth: 'post' } })
      expect(r.suites[0]!.name).toBe('needs')
    } finally {
      delete packs['needs']
    }
  })
})
