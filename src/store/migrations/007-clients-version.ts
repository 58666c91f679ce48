import type { Database } from 'better-sqlite3'

// Version 7: a counter of changes to the clients and their relations, kept by triggers, so the token endpoint can
// keep the clients it read in memory and still see every change (ClientsRepo.get). Triggers rather than counting in
// the repository: they see every path — a cascade from a deleted scope, another process on the same file — and the
// counter is rolled back with the change it counts, so a rolled-back import cannot leave a stale client behind.
const CLIENT_TABLES = ['clients', 'client_grant_types', 'client_auth_methods', 'client_scopes'] as const

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE clients_version (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      n  INTEGER NOT NULL
    ) STRICT;
    INSERT INTO clients_version (id, n) VALUES (1, 0);
  `)
  for (const table of CLIENT_TABLES) {
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      db.exec(`CREATE TRIGGER ${table}_${event.toLowerCase()}_counted AFTER ${event} ON ${table}
        BEGIN UPDATE clients_version SET n = n + 1 WHERE id = 1; END;`)
    }
  }
}
