// The workspace's scenarios in the database (migration 004, scenarios-repo.ts) and in the workspace
// file (docs/workspace-format.md, key `scenarios`): a round trip through a real SQLite file, the
// upgrade of a version-1 database, export → import, and a bad scenario refusing the whole file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { exportWorkspace, importWorkspace } from '../../src/lab/workspace-io'
import { createHashPool, type HashPool } from '../../src/server/credentials/hash-pool'
import { LabError } from '../../src/shared/lab-api'
import type { ScenarioInput } from '../../src/shared/scenarios/index'
import { openDatabase } from '../../src/store/database'
import { openStore, type Store } from '../../src/store/index'
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src/store/migrations/index'

const refreshScenario: ScenarioInput = {
  name: 'refresh tokens rotate',
  description: 'RFC 6749 §6, RFC 9700 §4.14.2',
  steps: [
    {
      name: 'password grant',
      request: {
        endpoint: 'token',
        auth: { method: 'basic', clientId: 'legacy', clientSecret: '{{clientSecret}}' },
        params: { grant_type: 'password', username: 'alice', password: '{{password}}' },
      },
      expect: { status: 200, headers: { 'cache-control': 'no-store' }, present: ['refresh_token'] },
      capture: { rt: 'body.refresh_token' },
    },
    {
      name: 'malformed body',
      request: { endpoint: 'token', rawBody: 'grant_type=refresh_token&refresh_token={{rt}}' },
      expect: { status: [400, 401] },
    },
  ],
}
const metadataScenario: ScenarioInput = {
  name: 'métadonnées',
  steps: [{ name: 'metadata', request: { endpoint: 'metadata' }, expect: { status: 200, present: ['issuer'] } }],
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-scenarios-store-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('scenarios in the database (migration 004)', () => {
  it('keeps each scenario as written, in list order, across a close and reopen of the file', async () => {
    const path = join(dir, 'lab.db')
    const store = openStore(path)
    store.scenarios.save(refreshScenario)
    store.scenarios.save(metadataScenario)
    // Replacing by name keeps the place in the list; a rename keeps it too.
    store.scenarios.save({ ...refreshScenario, description: 'changed' })
    store.scenarios.save({ ...metadataScenario, name: 'metadata' }, 'métadonnées')
    await store.close()

    const again = openStore(path)
    const list = again.scenarios.list()
    expect(list.map((s) => s.name)).toEqual(['refresh tokens rotate', 'metadata'])
    expect(list[0]!.definition).toEqual({ ...refreshScenario, description: 'changed' })
    expect(list[1]!.definition.name).toBe('metadata')
    expect(again.scenarios.get('métadonnées')).toBeNull()
    expect(again.scenarios.delete('metadata')).toBe(true)
    expect(again.scenarios.delete('metadata')).toBe(false)
    expect(again.scenarios.list().map((s) => s.name)).toEqual(['refresh tokens rotate'])
    await again.close()
  })

  it('refuses two scenarios with one name (UNIQUE), whatever the caller forgot to check', async () => {
    const store = openStore(join(dir, 'lab.db'))
    store.scenarios.save(refreshScenario)
    store.scenarios.save(metadataScenario)
    expect(() =>
      store.scenarios.save({ ...metadataScenario, name: refreshScenario.name }, metadataScenario.name),
    ).toThrow(/UNIQUE/)
    await store.close()
  })

  it('upgrades a version-1 database: its rows stay, the scenarios table is there and empty', async () => {
    const path = join(dir, 'old.db')
    const v1 = openDatabase(path, MIGRATIONS.slice(0, 1))
    v1.prepare("INSERT INTO scopes (name, description, is_default) VALUES ('read', 'Read', 1)").run()
    expect(v1.prepare("SELECT name FROM sqlite_master WHERE name = 'scenarios'").get()).toBeUndefined()
    v1.close()

    const store = openStore(path)
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(4)
    expect(store.scopes.list().map((s) => s.name)).toEqual(['read'])
    expect(store.scenarios.list()).toEqual([])
    store.scenarios.save(metadataScenario)
    expect(store.scenarios.list()).toHaveLength(1)
    await store.close()
  })

  it('stores a definition only as valid JSON (CHECK json_valid)', async () => {
    const store = openStore(join(dir, 'lab.db'))
    expect(() =>
      store.db
        .prepare("INSERT INTO scenarios (name, position, definition, updated_at) VALUES ('x', 0, 'not json', 0)")
        .run(),
    ).toThrow(/CHECK constraint/)
    await store.close()
  })
})

describe('scenarios in the workspace file (workspace-format.md, "scenarios")', () => {
  let pool: HashPool
  let store: Store
  beforeAll(() => {
    pool = createHashPool({ threads: 1 })
  })
  afterAll(() => pool.close())
  beforeEach(() => {
    store = openStore(join(dir, 'lab.db'))
  })
  afterEach(() => store.close())

  const workspace = (scenarios: unknown) => ({
    version: 1,
    settings: { bcryptCost: 4 },
    clients: [{ clientId: 'legacy', secret: 'legacy-secret' }],
    users: [{ username: 'alice', password: 'alice-password-1' }],
    scenarios,
  })

  it('export → import keeps the scenarios as written, and an import replaces those there were', async () => {
    store.scenarios.save({ name: 'left over', steps: [{ name: 's', request: {} }] })
    // {{password}} and {{clientSecret}} are not defined in the file: the run gives them.
    await importWorkspace(store, pool, workspace([refreshScenario, metadataScenario]))
    const exported = exportWorkspace(store)
    expect(exported.scenarios).toEqual([refreshScenario, metadataScenario])

    const other = openStore(join(dir, 'other.db'))
    await importWorkspace(other, pool, JSON.parse(JSON.stringify(exported)))
    expect(exportWorkspace(other).scenarios).toEqual([refreshScenario, metadataScenario])
    // A file without scenarios leaves none.
    await importWorkspace(other, pool, workspace(undefined))
    expect(other.scenarios.list()).toEqual([])
    await other.close()
  })

  it('refuses a file with a bad scenario whole, every problem by path, and changes nothing', async () => {
    await importWorkspace(store, pool, workspace([metadataScenario]))
    const before = exportWorkspace(store)
    const bad = workspace([
      metadataScenario,
      {
        name: 'broken',
        steps: [
          { name: 'a', request: { endpoint: 'tokn' }, expect: { status: 99 } },
          { name: 'b', request: {}, expect: { findings: { include: ['basic_not_form_encodd'] } }, extra: 1 },
        ],
      },
      { name: 'métadonnées', steps: [] },
    ])
    const err = await importWorkspace(store, pool, bad).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(LabError)
    const details = (err as LabError).details
    expect(details).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^scenarios\[1\]\.steps\[0\]\.request\.endpoint: unknown endpoint "tokn"/),
        expect.stringMatching(/^scenarios\[1\]\.steps\[0\]\.expect\.status: expected a number or a list/),
        expect.stringMatching(/^scenarios\[1\]\.steps\[1\]\.expect\.findings\.include\[0\]: unknown finding code/),
        'scenarios[1].steps[1]: unknown key "extra"',
        expect.stringMatching(/^scenarios\[2\]\.steps: a scenario needs at least one step/),
        expect.stringMatching(/^scenarios\[2\]\.name: duplicate scenario name "métadonnées" \(also scenarios\[0\]\)/),
      ]),
    )
    expect(exportWorkspace(store)).toEqual(before)
  })

  it('says a duplicate name once, on the second scenario', async () => {
    const err = await importWorkspace(store, pool, workspace([metadataScenario, metadataScenario])).catch((e) => e)
    expect((err as LabError).details).toEqual([
      'scenarios[1].name: duplicate scenario name "métadonnées" (also scenarios[0])',
    ])
  })
})
