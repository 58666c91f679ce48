// The scenarios.* LabApi calls over a real lab (a database file, the token server on 127.0.0.1:0):
// saving with every problem by path, "Save as step" from a recorded exchange (credentials become
// variables), runs with progress events in order and a result, the reports, and the security rule:
// the credentials typed for a run never reach the database file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { invokeLab } from '../../src/lab/dispatch'
import type { Lab } from '../../src/lab/lab-types'
import { LabError, type LabInput, type LabMethod, type LabOutput } from '../../src/shared/lab-api'
import type { ScenarioProgress, ScenarioRun } from '../../src/shared/scenarios-api'
import { ENDPOINT_PATHS } from '../../src/shared/wire'
import { forms, occurrences, readDbFiles } from '../helpers/plaintext-scan'

const SECRET = 'SCN-secret-7c1e+/ 9a'
const PASSWORD = 'SCN-pass-Ålice-40d2 &='
const WORKSPACE = {
  version: 1,
  settings: { bcryptCost: 4, tokenFormat: 'jwt' },
  scopes: [{ name: 'read', default: true }],
  clients: [{ clientId: 'legacy', secret: SECRET, scopes: ['read'] }],
  users: [{ username: 'alice', password: PASSWORD }],
}

let dir: string
let dbPath: string
let lab: Lab
const progress: ScenarioProgress[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-scenarios-handlers-'))
  dbPath = join(dir, 'lab.db')
  lab = await createLab({ dbPath, workspace: WORKSPACE, hashThreads: 1 })
  lab.events.on('scenarios.progress', (p) => progress.push(p))
  await lab.start({ port: 0 })
})
afterAll(async () => {
  await lab?.close()
  rmSync(dir, { recursive: true, force: true })
})

const call = <M extends LabMethod>(m: M, input: LabInput<M>): Promise<LabOutput<M>> => invokeLab(lab.handlers, m, input)
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as LabError,
  )

const passwordGrant = (password = PASSWORD) =>
  call('runner.send', {
    target: 'token',
    auth: { method: 'basic', clientId: 'legacy', clientSecret: SECRET },
    params: [
      ['grant_type', 'password'],
      ['username', 'alice'],
      ['password', password],
    ],
  })

/** Starts a run and waits for its last progress event; returns the events of that run and its record. */
async function run(input: LabInput<'scenarios.run'>): Promise<{ events: ScenarioProgress[]; run: ScenarioRun }> {
  const from = progress.length
  const { runId, total } = await call('scenarios.run', input)
  const ended = () => progress.slice(from).find((p) => p.runId === runId && p.status !== 'running')
  const deadline = Date.now() + 60_000
  while (!ended()) {
    if (Date.now() > deadline) throw new Error('the run did not end')
    await new Promise((r) => setTimeout(r, 20))
  }
  const events = progress.slice(from).filter((p) => p.runId === runId)
  expect(events[0]!.total).toBe(total)
  return { events, run: await call('scenarios.result', { runId }) }
}

const CREDENTIALS = { clientSecret: SECRET, password: PASSWORD }

describe('scenarios.save, list, duplicate, delete', () => {
  it('saves a valid scenario, and refuses a bad one with every problem by path', async () => {
    const saved = await call('scenarios.save', {
      scenario: { name: 'metadata', steps: [{ name: 'read it', request: { endpoint: 'metadata' } }] },
    })
    expect(saved).toMatchObject({ name: 'metadata', definition: { name: 'metadata' } })

    const err = await refusal(
      call('scenarios.save', {
        scenario: { name: '', steps: [{ name: 'x', request: { endpoint: 'tokn' }, expect: { status: 'ok' } }] },
      }),
    )
    expect(err).toMatchObject({ kind: 'validation' })
    expect(err!.details).toEqual([
      'name: must not be empty',
      expect.stringMatching(/^steps\[0\]\.request\.endpoint: unknown endpoint "tokn"/),
      expect.stringMatching(/^steps\[0\]\.expect\.status: expected a number or a list of numbers/),
    ])
    expect((await call('scenarios.list', {})).items.map((s) => s.name)).toEqual(['metadata'])
  })

  it('duplicates under a free name, renames, refuses a taken name, deletes', async () => {
    const copy = await call('scenarios.duplicate', { name: 'metadata' })
    expect(copy.name).toBe('metadata (copy)')
    expect((await call('scenarios.duplicate', { name: 'metadata' })).name).toBe('metadata (copy 2)')
    const renamed = await call('scenarios.save', {
      scenario: { ...copy.definition, name: 'metadata again' },
      previousName: 'metadata (copy)',
    })
    expect(renamed.position).toBe(copy.position)
    expect(
      await refusal(
        call('scenarios.save', { scenario: { ...copy.definition, name: 'metadata' }, previousName: 'metadata again' }),
      ),
    ).toMatchObject({ kind: 'conflict' })
    await call('scenarios.delete', { name: 'metadata (copy 2)' })
    await call('scenarios.delete', { name: 'metadata again' })
    expect(await refusal(call('scenarios.delete', { name: 'metadata again' }))).toMatchObject({ kind: 'not_found' })
    expect((await call('scenarios.list', {})).items.map((s) => s.name)).toEqual(['metadata'])
  })
})

describe('scenarios.fromExchange: Save as step', () => {
  it('turns the secret and the password into {{clientSecret}} and {{password}}, and expects what was seen', async () => {
    const exchange = await passwordGrant()
    expect(exchange.status).toBe(200)
    const { step, variables, scenario } = await call('scenarios.fromExchange', {
      exchangeId: exchange.id,
      into: { kind: 'new', name: 'password grant' },
    })
    expect(JSON.stringify(step)).not.toContain(SECRET)
    expect(JSON.stringify(step)).not.toContain('***')
    expect(step.request).toEqual({
      endpoint: 'token',
      auth: { method: 'basic', clientId: 'legacy', clientSecret: '{{clientSecret}}' },
      params: { grant_type: 'password', username: 'alice', password: '{{password}}' },
    })
    // RFC 6749 §5.1: the token answer's members, and Cache-Control: no-store.
    expect(step.expect).toMatchObject({ status: 200, headers: { 'cache-control': 'no-store' } })
    expect(step.expect?.present).toEqual(expect.arrayContaining(['access_token', 'token_type', 'expires_in']))
    expect(variables).toEqual(['clientSecret', 'password'])
    expect(scenario?.definition.steps).toHaveLength(1)
  })

  it('expects the error code of a refused grant, and wires a refresh to the token the grant issued', async () => {
    const wrong = await passwordGrant('not-the-password')
    const refused = await call('scenarios.fromExchange', { exchangeId: wrong.id })
    expect(refused.step.expect).toMatchObject({ status: 400, body: { error: 'invalid_grant' } })
    expect(refused.scenario).toBeUndefined()

    const grant = await passwordGrant()
    const rt = (JSON.parse(grant.response.body) as { refresh_token: string }).refresh_token
    const refresh = await call('runner.send', {
      target: 'token',
      auth: { method: 'body', clientId: 'legacy', clientSecret: SECRET },
      params: [
        ['grant_type', 'refresh_token'],
        ['refresh_token', rt],
      ],
    })
    const { step, scenario } = await call('scenarios.fromExchange', {
      exchangeId: refresh.id,
      into: { kind: 'existing', name: 'password grant' },
    })
    expect(step.request).toMatchObject({
      auth: { method: 'post', clientId: 'legacy', clientSecret: '{{clientSecret}}' },
      params: { grant_type: 'refresh_token', refresh_token: '{{refreshToken}}' },
    })
    expect(JSON.stringify(scenario)).not.toContain(rt.slice(0, 20))
    // RFC 6749 §6: the refresh uses the token the grant before it issued, captured there.
    expect(scenario!.definition.steps[0]!.capture).toEqual({ refreshToken: 'body.refresh_token' })
    expect(scenario!.definition.steps).toHaveLength(2)
  })

  it('refuses a new scenario whose name is taken, and an exchange that does not exist', async () => {
    const e = await passwordGrant()
    expect(
      await refusal(call('scenarios.fromExchange', { exchangeId: e.id, into: { kind: 'new', name: 'metadata' } })),
    ).toMatchObject({ kind: 'conflict' })
    expect(await refusal(call('scenarios.fromExchange', { exchangeId: 'nope' }))).toMatchObject({ kind: 'not_found' })
  })
})

describe('scenarios.run: progress, result, reports', () => {
  it('runs one scenario: a progress event per step, in order, then the result', async () => {
    const { events, run: result } = await run({
      run: { kind: 'scenario', name: 'password grant' },
      target: { kind: 'embedded' },
      credentials: CREDENTIALS,
    })
    expect(events.map((e) => [e.done, e.status])).toEqual([
      [1, 'running'],
      [2, 'running'],
      [2, 'finished'],
    ])
    expect(events.map((e) => e.step?.name)).toEqual([
      'password grant (alice) → 200',
      'refresh_token grant (alice) → 200',
      undefined,
    ])
    expect(result).toMatchObject({ status: 'finished', done: 2, total: 2, label: 'scenario "password grant"' })
    expect(result.result).toMatchObject({ passed: 2, failed: 0, skipped: 0 })
    // Each step's exchange is in the log, sent as a scenario.
    const id = result.result!.suites[0]!.steps[0]!.exchangeIds[0]!
    expect(await call('exchanges.get', { id, reveal: false })).toMatchObject({ origin: 'scenario', status: 200 })
  })

  it('reports a changed expectation as failed, expected against actual, and exports JUnit and JSON', async () => {
    const [stored] = (await call('scenarios.list', {})).items.filter((s) => s.name === 'password grant')
    const steps = stored!.definition.steps.map((s, i) => (i === 0 ? { ...s, expect: { ...s.expect, status: 201 } } : s))
    await call('scenarios.save', { scenario: { ...stored!.definition, steps } })
    const { run: result } = await run({
      run: { kind: 'scenario', name: 'password grant' },
      target: { kind: 'embedded' },
      credentials: CREDENTIALS,
    })
    expect(result.result).toMatchObject({ passed: 1, failed: 1 })
    expect(result.result!.suites[0]!.steps[0]!.failures).toEqual([{ what: 'status', expected: '201', actual: '200' }])

    const junit = await call('scenarios.export', { runId: result.runId, format: 'junit' })
    expect(junit.fileName).toMatch(/^ropc-lab-results-.+\.xml$/)
    const xml = new XMLParser({ ignoreAttributes: false }).parse(junit.text) as {
      testsuites: { testsuite: { '@_name': string; '@_failures': string } }
    }
    expect(xml.testsuites.testsuite).toMatchObject({ '@_name': 'password grant', '@_failures': '1' })
    const json = await call('scenarios.export', { runId: result.runId, format: 'json' })
    expect(JSON.parse(json.text)).toEqual(result.result)
  })

  it('refuses a run whose variables are not given, every problem by path, before any request', async () => {
    const before = (await call('exchanges.list', {})).total
    const err = await refusal(
      call('scenarios.run', {
        run: { kind: 'all' },
        target: { kind: 'embedded' },
        credentials: { password: PASSWORD, clientSecret: '' },
      }),
    )
    expect(err).toMatchObject({ kind: 'validation' })
    expect(err!.details).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^\["password grant"\]\.steps\[0\]\.request\.auth\.clientSecret: \{\{clientSecret\}\} is not defined/,
        ),
      ]),
    )
    expect((await call('exchanges.list', {})).total).toBe(before)
  })

  it('runs against a URL: the target is discovered from its RFC 8414 metadata', async () => {
    const { baseUrl } = await call('server.status', {})
    const { run: result } = await run({
      run: { kind: 'scenario', name: 'metadata' },
      target: { kind: 'url', url: baseUrl! },
      credentials: {},
    })
    expect(result).toMatchObject({ status: 'finished', target: baseUrl })
    expect(result.result).toMatchObject({ passed: 1, failed: 0 })
  })

  it('ends with the reason when the URL does not answer', async () => {
    const { events, run: result } = await run({
      run: { kind: 'scenario', name: 'metadata' },
      target: { kind: 'url', url: 'http://127.0.0.1:9/' },
      credentials: {},
    })
    expect(events.at(-1)).toMatchObject({ status: 'error', problem: expect.stringMatching(/unreachable/) })
    expect(result).toMatchObject({ status: 'error', problem: expect.stringMatching(/unreachable/) })
    expect(await refusal(call('scenarios.result', { runId: 'nope' }))).toMatchObject({ kind: 'not_found' })
  })

  it('runs the conformance pack against the embedded server, one progress event per check', async () => {
    const err = await refusal(
      call('scenarios.run', { run: { kind: 'pack', pack: 'ropc-conformance' }, target: { kind: 'embedded' } }),
    )
    expect(err!.details).toEqual([
      'credentials.clientId: required by the ropc-conformance pack',
      'credentials.username: required by the ropc-conformance pack',
      'credentials.password: required by the ropc-conformance pack',
    ])
    const { events, run: result } = await run({
      run: { kind: 'pack', pack: 'ropc-conformance' },
      target: { kind: 'embedded' },
      credentials: { clientId: 'legacy', auth: 'basic', username: 'alice', ...CREDENTIALS },
    })
    const steps = events.filter((e) => e.step)
    expect(steps.length).toBeGreaterThan(30)
    expect(steps.map((e) => e.done)).toEqual(steps.map((_, i) => i + 1))
    expect(result.status).toBe('finished')
    expect(result.result!.suites[0]).toMatchObject({ name: 'ropc-conformance', kind: 'pack' })
    expect(result.result!.passed).toBeGreaterThan(20)
  }, 60_000)

  it('runs the pack against a URL with the endpoints typed beside it (no metadata at that URL)', async () => {
    const { baseUrl } = await call('server.status', {})
    const { run: result } = await run({
      run: { kind: 'pack', pack: 'ropc-conformance' },
      target: {
        kind: 'url',
        url: `${baseUrl}/no/metadata/here`,
        tokenEndpoint: baseUrl + ENDPOINT_PATHS.token,
        introspectionEndpoint: baseUrl + ENDPOINT_PATHS.introspect,
        revocationEndpoint: '',
      },
      credentials: { clientId: 'legacy', auth: 'basic', username: 'alice', ...CREDENTIALS },
    })
    expect(result.status, result.problem).toBe('finished')
    const steps = result.result!.suites[0]!.steps
    const byId = (id: string) => steps.find((s) => s.id === id)!
    expect(byId('introspection.active').status).toBe('passed')
    expect(byId('revocation.answers-200').status).toBe('skipped')
    expect(byId('timing.unknown-user-vs-wrong-password').reason).toMatch(/--timing-user/)
  }, 60_000)

  it('never writes the credentials typed for a run to the database file', async () => {
    await lab.close()
    const files = readDbFiles(dbPath)
    expect(files.length).toBeGreaterThan(0)
    const found = occurrences(files, new Map([...forms('legacy', SECRET), ...forms('alice', PASSWORD)]))
    expect(found).toEqual([])
  })
})
