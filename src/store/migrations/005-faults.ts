import type { Database } from 'better-sqlite3'

// Version 5: the fault rules of the workspace (workspace-format.md "Faults"), in list order — the
// order decides which rule fires first. Each rule is kept whole as JSON, validated by the one schema
// (shared/fault-rules.ts) before it is written; its counts (`remaining`, `fired`) are the engine's and
// live in memory only, so they start again with the lab.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE fault_rules (
      position INTEGER PRIMARY KEY,
      name     TEXT NOT NULL UNIQUE,
      rule     TEXT NOT NULL
    ) STRICT;
  `)
}
