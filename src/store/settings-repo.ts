import type { Database } from 'better-sqlite3'
import { DEFAULT_SETTINGS, type Settings } from '../shared/model'

/** Settings as key → JSON value rows; what is absent falls back to the defaults. Cached in memory. */
export class SettingsRepo {
  private cached: Settings | null = null
  private readonly selectAll
  private readonly upsert

  constructor(private readonly db: Database) {
    this.selectAll = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings')
    this.upsert = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    )
  }

  get(): Settings {
    if (this.cached) return this.cached
    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS }
    for (const row of this.selectAll.all()) {
      if (row.key in DEFAULT_SETTINGS) merged[row.key] = JSON.parse(row.value)
    }
    this.cached = merged as unknown as Settings
    return this.cached
  }

  update(patch: Partial<Settings>): Settings {
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) this.upsert.run(key, JSON.stringify(value))
      }
    })()
    this.cached = null
    return this.get()
  }

  /** Replace every setting (an import): the rows not given go back to defaults. */
  replace(settings: Settings): void {
    this.db.prepare('DELETE FROM settings').run()
    this.cached = null
    this.update(settings)
  }
}
