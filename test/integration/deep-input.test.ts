// A LabApi input nested thousands of levels deep (a scenario's expect.body, a user's claims, a
// workspace file) is a validation error that says why, never `internal`: zod and JSON.stringify
// recurse per level and would overflow the stack.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { dispatchLabCall } from '../../src/lab/dispatch'
import type { Lab } from '../../src/lab/lab-types'
import { registerLabIpc } from '../../src/main/ipc'
import { labCallChannel } from '../../src/shared/ipc-channels'
import { MAX_INPUT_DEPTH, MAX_INPUT_OBJECTS } from '../../src/shared/json-depth'
import type { LabMethod, LabResult } from '../../src/shared/lab-api'
import { validateScenario } from '../../src/shared/scenarios-api'
import { assertCliBuilt, runCli } from '../helpers/cli-process'
import { fakeIpcMain } from '../helpers/fake-ipc-main'

let dir: string
let lab: Lab
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-deep-'))
  lab = await createLab({ dbPath: join(dir, 'lab.db'), workspace: { version: 1, settings: { bcryptCost: 4 } } })
})
afterAll(async () => {
  await lab.close()
  rmSync(dir, { recursive: true, force: true })
})

function nested(depth: number, leaf: unknown = 'x'): unknown {
  let v = leaf
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v }
  return v
}
const scenario = (body: unknown) => ({
  name: 'deep',
  steps: [{ name: 'step', request: { endpoint: 'token', params: { grant_type: 'password' } }, expect: { body } }],
})

for (const depth of [10_000, 100_000]) {
  it(`scenarios.save with a body nested ${depth} deep answers a validation error`, async () => {
    const r = await dispatchLabCall(lab.handlers, 'scenarios.save', { scenario: scenario(nested(depth)) })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.kind).toBe('validation')
      expect(r.error.message).toContain(`deeper than ${MAX_INPUT_DEPTH} levels`)
      expect(JSON.stringify(r.error)).not.toMatch(/\n\s+at /)
    }
  })
}

it('users.create and workspace.import with deep values answer a validation error', async () => {
  const deep = nested(50_000)
  const calls: Array<[string, unknown]> = [
    ['users.create', { username: 'deep', password: 'pw-123456', claims: { x: deep } }],
    ['workspace.import', { file: { version: 1, scenarios: [scenario(deep)] } }],
  ]
  for (const [method, input] of calls) {
    const r = await dispatchLabCall(lab.handlers, method, input)
    expect(r.ok, method).toBe(false)
    if (!r.ok) expect(r.error.kind, method).toBe('validation')
  }
})

it('a cycle (possible through IPC structured clone) counts as too deep, in bounded time', async () => {
  const cyclic: Record<string, unknown> = { name: 'loop' }
  cyclic.self = cyclic
  const r = await dispatchLabCall(lab.handlers, 'scenarios.save', { scenario: cyclic })
  expect(r.ok).toBe(false)
  if (!r.ok) expect(r.error.kind).toBe('validation')
})

it('validateScenario (the editor and the file loader use it) refuses the depth itself', () => {
  const v = validateScenario(scenario(nested(10_000)))
  expect(v).toEqual({ ok: false, problems: [`(root): nested deeper than ${MAX_INPUT_DEPTH} levels`] })
  // A reasonable nesting is still judged on its content.
  expect(validateScenario(scenario({ a: { b: { c: { d: 'x' } } } })).ok).toBe(true)
})

/** `levels` objects, each pointing twice at the next: 2^levels - 1 objects as a tree, `levels` in memory. */
function shared(levels: number, leaf: unknown = 'x'): unknown {
  let v = leaf
  for (let i = 0; i < levels; i++) v = { a: v, b: v }
  return v
}

describe('shared references (an IPC structured clone keeps them; JSON never has them)', () => {
  /** The Electron path without Electron: registerLabIpc on a fake ipcMain, the real lab behind it. */
  function ipc() {
    const fake = fakeIpcMain()
    const off = registerLabIpc(fake.ipc, lab, () => {})
    return { invoke: fake.invoke, off }
  }

  it(`a value of ${MAX_INPUT_OBJECTS}+ objects made of a few shared ones is refused at once, on every path`, async () => {
    const { invoke, off } = ipc()
    const wide = shared(25) // 25 objects in memory, 33,554,431 as a tree: walking each path took seconds to days
    const calls: Array<[LabMethod, unknown]> = [
      ['users.create', { username: 'wide', password: 'pw-123456', claims: { x: wide } }],
      ['scenarios.save', { scenario: scenario(wide) }],
      ['workspace.import', { file: { version: 1, scenarios: [scenario(wide)] } }],
    ]
    for (const [method, input] of calls) {
      const started = performance.now()
      const r = (await invoke(labCallChannel(method), input)) as LabResult<unknown>
      expect(performance.now() - started, method).toBeLessThan(1_000)
      expect(r.ok, method).toBe(false)
      if (!r.ok) expect(r.error.message, method).toContain(`more than ${MAX_INPUT_OBJECTS} objects`)
    }
    expect(validateScenario(scenario(wide))).toEqual({
      ok: false,
      problems: [`(root): more than ${MAX_INPUT_OBJECTS} objects and arrays`],
    })
    off()
  })

  it('counts an object reached twice at its deepest place, and accepts a small shared one', async () => {
    const { invoke, off } = ipc()
    // 60 levels reached first at depth 1, then again below four more levels: 65 levels in all.
    const deep = nested(60)
    const tooDeep = { a: deep, b: { c: { d: { e: { f: deep } } } } }
    const r = (await invoke(labCallChannel('scenarios.save'), { scenario: scenario(tooDeep) })) as LabResult<unknown>
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.message).toContain(`deeper than ${MAX_INPUT_DEPTH} levels`)
    // Under both bounds a shared reference is an ordinary value (2^17 - 1 objects as a tree).
    const claims = { team: shared(17), again: { nested: 'x' } }
    const ok = (await invoke(labCallChannel('users.create'), {
      username: 'shared',
      password: 'pw-123456',
      claims,
    })) as LabResult<unknown>
    expect(ok.ok).toBe(true)
    off()
  })
})

it('a workspace or scenario file nested too deep is refused with the reason, by `import` and `test`', async () => {
  assertCliBuilt()
  // Written by hand: JSON.stringify itself overflows on such a value.
  const deep = '['.repeat(100_000) + ']'.repeat(100_000)
  const workspace = join(dir, 'deep-workspace.json')
  writeFileSync(workspace, `{"version":1,"users":[{"username":"u","password":"pw-123456","claims":{"deep":${deep}}}]}`)
  const scenarios = join(dir, 'deep-scenarios.json')
  const step = `{"name":"s","request":{"endpoint":"token","params":{}},"expect":{"body":{"deep":${deep}}}}`
  writeFileSync(scenarios, `{"version":1,"scenarios":[{"name":"deep","steps":[${step}]}]}`)
  const imported = await runCli(['import', workspace, '--db', join(dir, 'import.db')])
  const tested = await runCli(['test', scenarios, '--token-endpoint', 'http://127.0.0.1:9/token'])
  // Before: "(root): could not be read (Maximum call stack size exceeded)".
  for (const run of [imported, tested]) {
    expect(run.code).not.toBe(0)
    expect(run.stderr).toContain(`(root): nested deeper than ${MAX_INPUT_DEPTH} levels`)
  }
}, 60_000)
