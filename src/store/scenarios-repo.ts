// The workspace's scenarios: one row per scenario, unique by name, in list order (`position`).
// Definitions are stored as JSON and handed back as parsed JSON; validating them is the lab's job
// (shared/scenarios), so the store never holds a scenario the schema would refuse.
import type { Database } from 'better-sqlite3'
import type { ScenarioInput } from '../shared/scenarios/index'

export interface ScenarioRecord {
  name: string
  position: number
  definition: ScenarioInput
  /** Unix milliseconds of the last save. */
  updatedAt: number
}

interface ScenarioRow {
  name: string
  position: number
  definition: string
  updated_at: number
}

const toRecord = (r: ScenarioRow): ScenarioRecord => ({
  name: r.name,
  position: r.position,
  definition: JSON.parse(r.definition) as ScenarioInput,
  updatedAt: r.updated_at,
})

export class ScenariosRepo {
  private readonly selectAll
  private readonly selectOne
  private readonly nextPosition
  private readonly insertStmt
  private readonly updateStmt
  private readonly deleteStmt

  constructor(private readonly db: Database) {
    this.selectAll = db.prepare<[], ScenarioRow>('SELECT * FROM scenarios ORDER BY position, id')
    this.selectOne = db.prepare<[string], ScenarioRow>('SELECT * FROM scenarios WHERE name = ?')
    this.nextPosition = db.prepare<[], { next: number }>(
      'SELECT COALESCE(MAX(position), -1) + 1 AS next FROM scenarios',
    )
    this.insertStmt = db.prepare(
      'INSERT INTO scenarios (name, position, definition, updated_at) VALUES (@name, @position, @definition, @at)',
    )
    this.updateStmt = db.prepare(
      'UPDATE scenarios SET name = @name, definition = @definition, updated_at = @at WHERE name = @previous',
    )
    this.deleteStmt = db.prepare('DELETE FROM scenarios WHERE name = ?')
  }

  list(): ScenarioRecord[] {
    return this.selectAll.all().map(toRecord)
  }

  get(name: string): ScenarioRecord | null {
    const row = this.selectOne.get(name)
    return row ? toRecord(row) : null
  }

  /**
   * Creates the scenario at the end of the list, or replaces the one named `previous` (default: its
   * own name) in place, renaming it when the names differ. The caller checks that a new name is free.
   */
  save(definition: ScenarioInput, previous: string = definition.name): ScenarioRecord {
    const row = { name: definition.name, definition: JSON.stringify(definition), at: Date.now(), previous }
    this.db.transaction(() => {
      const replaced = this.updateStmt.run(row).changes > 0
      if (!replaced) this.insertStmt.run({ ...row, position: this.nextPosition.get()!.next })
    })()
    return this.get(definition.name)!
  }

  delete(name: string): boolean {
    return this.deleteStmt.run(name).changes > 0
  }

  /** Replaces every scenario, in the given order (an import). Call inside the import's transaction. */
  replaceAll(definitions: readonly ScenarioInput[]): void {
    this.db.prepare('DELETE FROM scenarios').run()
    const at = Date.now()
    definitions.forEach((d, position) =>
      this.insertStmt.run({ name: d.name, position, definition: JSON.stringify(d), at }),
    )
  }
}
