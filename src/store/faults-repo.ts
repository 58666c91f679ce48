import type { Database } from 'better-sqlite3'
import type { FaultRule } from '../shared/fault-rules'

/** The workspace's fault rules, in list order. Callers validate (shared/fault-rules.ts) before `replace`. */
export class FaultsRepo {
  private readonly selectAll
  private readonly insertStmt

  constructor(private readonly db: Database) {
    this.selectAll = db.prepare<[], { rule: string }>('SELECT rule FROM fault_rules ORDER BY position')
    this.insertStmt = db.prepare('INSERT INTO fault_rules (position, name, rule) VALUES (?, ?, ?)')
  }

  list(): FaultRule[] {
    return this.selectAll.all().map((r) => JSON.parse(r.rule) as FaultRule)
  }

  /** The whole list at once (an import, or the editor's Save): all or nothing. */
  replace(rules: readonly FaultRule[]): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM fault_rules').run()
      rules.forEach((rule, i) => this.insertStmt.run(i, rule.name, JSON.stringify(rule)))
    })()
  }
}
