// Fault rules as the workspace keeps them (workspace-format.md "Faults"): stored in the database (schema
// version 5), written by an export and read back by an import, refused whole with every problem by JSON
// path; edited over the LabApi (faults.list / save / reset) against a real lab whose embedded server applies
// them to real HTTP requests, and announced (faults.changed) after faulted exchanges, at most twice a second.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { invokeLab } from '../../src/lab/dispatch'
import { FAULTS_CHANGED_INTERVAL_MS } from '../../src/lab/faults-handlers'
import type { Lab } from '../../src/lab/lab-types'
import type { FaultsStatus } from '../../src/shared/faults-api'
import { LabError, type LabInput, type LabMethod, type LabOutput } from '../../src/shared/lab-api'
import { basicAuthorization, formEncode } from '../../src/shared/token-request'
import { ENDPOINT_PATHS } from '../../src/shared/wire'
import { openStore } from '../../src/store/index'

const SECRET = 'faults-lab-secret'
const PASSWORD = 'alice-password-1'

const OVERLOADED = {
  name: 'token endpoint overloaded',
  enabled: true,
  match: { endpoint: 'token', clientId: 'legacy' },
  trigger: { times: 2 },
  effect: { type: 'error', status: 503, error: 'temporarily_unavailable', headers: { 'Retry-After': '5' } },
}
const SHORT_LIVED = {
  name: 'short-lived tokens',
  enabled: false,
  match: { clientId: 'legacy' },
  trigger: { always: true },
  effect: { type: 'ttl', accessTokenTtl: 5, refreshTokenTtl: 30 },
}

function workspace(faults: unknown[] = [OVERLOADED, SHORT_LIVED]): Record<string, unknown> {
  return {
    version: 1,
    settings: { bcryptCost: 4 },
    scopes: [{ name: 'read', default: true }],
    clients: [{ clientId: 'legacy', secret: SECRET, scopes: ['read'] }],
    users: [{ username: 'alice', password: PASSWORD }],
    faults,
  }
}

let dir: string
const labs: Lab[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-faults-'))
})
afterEach(async () => {
  await Promise.all(labs.splice(0).map((l) => l.close()))
  rmSync(dir, { recursive: true, force: true })
})

async function open(options: { workspace?: unknown; db?: string } = {}): Promise<Lab> {
  const lab = await createLab({
    dbPath: options.db ?? join(dir, 'lab.db'),
    hashThreads: 1,
    ...(options.workspace !== undefined && { workspace: options.workspace }),
  })
  labs.push(lab)
  return lab
}

const call = <M extends LabMethod>(lab: Lab, m: M, input: LabInput<M>): Promise<LabOutput<M>> =>
  invokeLab(lab.handlers, m, input)

async function refusal(p: Promise<unknown>): Promise<LabError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(LabError)
  return err as LabError
}

async function grant(baseUrl: string): Promise<Response> {
  return fetch(baseUrl + ENDPOINT_PATHS.token, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: basicAuthorization('legacy', SECRET),
    },
    body: formEncode([
      ['grant_type', 'password'],
      ['username', 'alice'],
      ['password', PASSWORD],
    ]),
  })
}

describe('fault rules in the workspace file and the database', () => {
  it('are stored (schema version 5) and still there when the database is opened again', async () => {
    const db = join(dir, 'kept.db')
    await (await open({ db, workspace: workspace() })).close()
    const store = openStore(db)
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(5)
      expect(store.faults.list().map((r) => r.name)).toEqual([OVERLOADED.name, SHORT_LIVED.name])
    } finally {
      await store.close()
    }
    const again = await open({ db })
    const listed = await call(again, 'faults.list', {})
    expect(listed.rules).toMatchObject([
      { ...OVERLOADED, remaining: 2, fired: 0 },
      { ...SHORT_LIVED, remaining: null, fired: 0 },
    ])
    // Enabled and not spent: the first only (the second is paused).
    expect(listed.active).toBe(1)
  })

  it('round trip: an export writes them in order, an import into another lab replaces its rules with them', async () => {
    const first = await open({ workspace: workspace() })
    const exported = (await call(first, 'workspace.export', {})) as { faults?: unknown[] }
    expect(exported.faults).toEqual([OVERLOADED, SHORT_LIVED])

    const other = await open({ db: join(dir, 'other.db'), workspace: workspace([{ ...SHORT_LIVED, name: 'old' }]) })
    await call(other, 'workspace.import', { file: JSON.parse(JSON.stringify(exported)) })
    expect((await call(other, 'faults.list', {})).rules.map((r) => r.name)).toEqual([OVERLOADED.name, SHORT_LIVED.name])
    expect(await call(other, 'workspace.export', {})).toEqual(exported)

    // A file without `faults` has none: the import leaves none behind, and the export writes no key.
    await call(other, 'workspace.import', { file: { ...exported, faults: undefined } })
    expect((await call(other, 'faults.list', {})).rules).toEqual([])
    expect('faults' in ((await call(other, 'workspace.export', {})) as object)).toBe(false)
  })

  it('a bad file is refused whole, every fault problem by JSON path, and nothing is imported', async () => {
    const lab = await open({ workspace: workspace() })
    const bad = workspace([
      OVERLOADED,
      { ...SHORT_LIVED, effect: { type: 'error', status: 200, error: 'x' } },
      { ...OVERLOADED, trigger: { percent: 10 } },
    ])
    const err = await refusal(call(lab, 'workspace.import', { file: { ...bad, users: [] } }))
    expect(err.kind).toBe('workspace_invalid')
    expect(err.details).toEqual(
      expect.arrayContaining([
        'faults[1].effect.status: must be an integer between 400 and 599',
        expect.stringMatching(/^faults\[2\]\.name: duplicate rule name "token endpoint overloaded"/),
        expect.stringMatching(/^faults\[2\]\.trigger\.seed: required with "percent"/),
      ]),
    )
    expect((await call(lab, 'faults.list', {})).rules.map((r) => r.name)).toEqual([OVERLOADED.name, SHORT_LIVED.name])
    expect((await call(lab, 'workspace.get', {})).users).toHaveLength(1)
  })
})

describe('faults.* over a real lab: the embedded server applies what is saved', () => {
  it('save: a `times` rule faults the next N real requests, then stays listed, spent, with 0 left; reset refills it', async () => {
    const lab = await open({ workspace: workspace([]) })
    const { baseUrl } = await lab.start({ port: 0 })
    const saved = await call(lab, 'faults.save', { rules: [OVERLOADED] })
    expect(saved).toMatchObject({ active: 1, rules: [{ name: OVERLOADED.name, remaining: 2, fired: 0 }] })

    for (let i = 0; i < 2; i++) {
      const res = await grant(baseUrl!)
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('5')
      expect(await res.json()).toEqual({ error: 'temporarily_unavailable' })
    }
    expect((await grant(baseUrl!)).status).toBe(200)
    const spent = await call(lab, 'faults.list', {})
    expect(spent).toEqual({ active: 0, rules: [{ ...OVERLOADED, remaining: 0, fired: 2 }] })

    // The faulted exchange names the rule in its trace.
    const { items } = await call(lab, 'exchanges.list', { status: 503 })
    const faulted = await call(lab, 'exchanges.get', { id: items[0]!.id })
    expect(faulted.trace.find((s) => s.step === 'fault')?.detail).toContain(OVERLOADED.name)

    expect(await call(lab, 'faults.reset', {})).toMatchObject({ active: 1, rules: [{ remaining: 2, fired: 0 }] })
    expect((await grant(baseUrl!)).status).toBe(503)
    // Saved means stored: the database holds what the engine applies.
    expect((await call(lab, 'workspace.export', {})) as { faults?: unknown }).toMatchObject({ faults: [OVERLOADED] })
  })

  it('save refuses a bad list whole, every problem by its path in the workspace file, and keeps the old rules', async () => {
    const lab = await open({ workspace: workspace() })
    const err = await refusal(
      call(lab, 'faults.save', {
        rules: [
          { ...OVERLOADED, effect: { ...OVERLOADED.effect, status: 302 } },
          { name: '', trigger: {}, effect: { type: 'teapot' } },
        ],
      }),
    )
    expect(err.kind).toBe('validation')
    expect(err.message).toMatch(/refused; nothing was saved/)
    expect(err.details).toEqual(
      expect.arrayContaining([
        'faults[0].effect.status: must be an integer between 400 and 599',
        'faults[1].name: must not be empty',
        expect.stringMatching(/^faults\[1\]\.trigger: expected one of/),
        expect.stringMatching(/^faults\[1\]\.effect\.type: unknown effect type "teapot"/),
      ]),
    )
    expect((await call(lab, 'faults.list', {})).rules.map((r) => r.name)).toEqual([OVERLOADED.name, SHORT_LIVED.name])
  })

  it('faults.changed follows each faulted exchange, at most twice a second, and every save', async () => {
    const lab = await open({ workspace: workspace([]) })
    const { baseUrl } = await lab.start({ port: 0 })
    const events: Array<{ at: number; status: FaultsStatus }> = []
    lab.events.on('faults.changed', (status) => events.push({ at: Date.now(), status }))
    await call(lab, 'faults.save', { rules: [{ ...OVERLOADED, trigger: { times: 5 } }] })
    expect(events).toHaveLength(1)

    // Five faulted exchanges in a burst, then one that no rule touches.
    await Promise.all(Array.from({ length: 5 }, () => grant(baseUrl!)))
    await grant(baseUrl!)
    await expect.poll(() => events.at(-1)?.status.rules[0]?.fired, { timeout: 3000 }).toBe(5)
    const afterSave = events.slice(1)
    expect(afterSave.length).toBeGreaterThanOrEqual(1)
    expect(afterSave.length).toBeLessThanOrEqual(3)
    for (let i = 1; i < afterSave.length; i++)
      expect(afterSave[i]!.at - afterSave[i - 1]!.at).toBeGreaterThanOrEqual(FAULTS_CHANGED_INTERVAL_MS - 20)
    expect(events.at(-1)!.status).toMatchObject({ active: 0, rules: [{ remaining: 0, fired: 5 }] })

    // An exchange no rule faulted announces nothing.
    const count = events.length
    await grant(baseUrl!)
    await new Promise((r) => setTimeout(r, FAULTS_CHANGED_INTERVAL_MS + 100))
    expect(events).toHaveLength(count)
  })
})
