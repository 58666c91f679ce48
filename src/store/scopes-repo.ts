import type { Database } from 'better-sqlite3'
import type { Scope } from '../shared/model'

interface ScopeRow {
  name: string
  description: string
  is_default: number
}
const toScope = (r: ScopeRow): Scope => ({ name: r.name, description: r.description, default: r.is_default === 1 })

export class ScopesRepo {
  private readonly selectAll
  private readonly selectOne
  private readonly upsertStmt
  private readonly deleteStmt

  constructor(db: Database) {
    this.selectAll = db.prepare<[], ScopeRow>('SELECT * FROM scopes ORDER BY name')
    this.selectOne = db.prepare<[string], ScopeRow>('SELECT * FROM scopes WHERE name = ?')
    this.upsertStmt = db.prepare(
      `INSERT INTO scopes (name, description, is_default) VALUES (@name, @description, @is_default)
       ON CONFLICT(name) DO UPDATE SET description = excluded.description, is_default = excluded.is_default`,
    )
    this.deleteStmt = db.prepare('DELETE FROM scopes WHERE name = ?')
  }

  list(): Scope[] {
    return this.selectAll.all().map(toScope)
  }
  get(name: string): Scope | null {
    const row = this.selectOne.get(name)
    return row ? toScope(row) : null
  }
  upsert(scope: Scope): Scope {
    this.upsertStmt.run({ name: scope.name, description: scope.description, is_default: scope.default ? 1 : 0 })
    return scope
  }
  delete(name: string): boolean {
    return this.deleteStmt.run(name).changes > 0
  }
}
