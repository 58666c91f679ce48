// A LabApi call that wrote while the token server's group transaction was open answers only after that group's
// commit (its write is durable then); a call that wrote nothing answers at once, in the same turn.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { durableHandlers } from '../../src/lab/durable-handlers'
import type { LabHandlers } from '../../src/shared/lab-api'
import { GroupCommit } from '../../src/server/group-commit'
import { openStore } from '../../src/store/index'

const dir = mkdtempSync(join(tmpdir(), 'ropc-durable-'))
const store = openStore(join(dir, 'lab.sqlite'))
const group = new GroupCommit(store.db)
const totalChanges = store.db.prepare('SELECT total_changes()').pluck()
const handlers = durableHandlers(
  {
    'workspace.get': async () => store.settings.get(),
    'settings.update': async (patch: { issuer: string }) => store.settings.update(patch),
  } as unknown as LabHandlers,
  { settled: () => group.settled(), changes: () => totalChanges.get() as number },
)

afterAll(async () => {
  await group.settled()
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('durable handlers', () => {
  it('a write made inside an open group answers once the group has committed', async () => {
    group.write(() => undefined) // a token request in flight opened the group this turn
    const inTransactionAtAnswer = await handlers['settings.update']({ issuer: 'https://lab.example' }).then(
      () => store.db.inTransaction,
    )
    expect(inTransactionAtAnswer).toBe(false)
    expect(store.settings.get().issuer).toBe('https://lab.example')
  })

  it('a call that wrote nothing answers without waiting for the group', async () => {
    group.write(() => undefined)
    const inTransactionAtAnswer = await handlers['workspace.get']({}).then(() => store.db.inTransaction)
    expect(inTransactionAtAnswer).toBe(true)
    expect(await group.settled()).toBe(true)
  })
})
