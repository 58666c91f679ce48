import type { Database } from 'better-sqlite3'

// Version 4: the workspace's scenarios (docs/scenarios-format.md), one row each. The definition is
// the scenario as validated, in the file's own form (JSON), so an export writes back what was
// imported; `position` is the order the list shows and the file keeps. No credential is ever in a
// definition: the UI turns secrets into `{{clientSecret}}` / `{{password}}` before saving.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE scenarios (
      id         INTEGER PRIMARY KEY,
      name       TEXT NOT NULL UNIQUE,
      position   INTEGER NOT NULL,
      definition TEXT NOT NULL CHECK (json_valid(definition)),
      updated_at INTEGER NOT NULL
    ) STRICT;
  `)
}
