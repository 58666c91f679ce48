// A LabApi input nested thousands of levels deep (a scenario's expect.body, a user's claims, a
// workspace file) is a validation error that says why, never `internal`: zod and JSON.stringify
// recurse per level and would overflow the stack.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { dispatchLabCall } from '../../src/lab/dispatch'
import type { Lab } from '../../src/lab/lab-types'
import { MAX_INPUT_DEPTH } from '../../src/shared/json-depth'
import { validateScenario } from '../../src/shared/scenarios-api'

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
