// Reads what the migration report needs from the store — the aggregates (SQL), the registered
// clients and the settings — and builds the model. Which exchanges count: by default those of
// real clients (received by the embedded server, or relayed by the proxy); the composer's and the
// scenarios' requests are the lab's own and only counted when asked.
import { EXCHANGE_ORIGINS, type ExchangeOrigin } from '../../shared/exchange'
import { DEFAULT_MOVED_AFTER_DAYS, type MigrationReport } from '../../shared/migration-report'
import type { Store } from '../../store/index'
import { buildMigrationReport } from './build-report'

export const CLIENT_ORIGINS: readonly ExchangeOrigin[] = ['external', 'proxy']

export interface ReportOptions {
  /** ISO 8601, inclusive. */
  since?: string | undefined
  /** ISO 8601, exclusive. */
  until?: string | undefined
  /** Count the composer's and the scenarios' requests too. */
  includeLabTraffic?: boolean | undefined
  /** Days without a password grant, a successor in use, that make a client *moved* (DEFAULT_MOVED_AFTER_DAYS). */
  movedAfterDays?: number | undefined
  /** The report's time (tests fix it). */
  now?: Date
}

/**
 * Exchange times are stored as `toISOString()` (UTC, milliseconds, Z), so the window's ends are
 * written the same way before SQL compares them as text: `12:00:00Z` would sort after `12:00:00.000Z`.
 */
function storedTime(iso: string | undefined): string | null {
  if (iso === undefined) return null
  const time = new Date(iso)
  if (Number.isNaN(time.getTime())) throw new RangeError(`not a time: "${iso}"`)
  return time.toISOString()
}

export function collectMigrationReport(store: Store, options: ReportOptions = {}): MigrationReport {
  const origins = options.includeLabTraffic ? EXCHANGE_ORIGINS : CLIENT_ORIGINS
  const since = storedTime(options.since)
  const until = storedTime(options.until)
  const window = { origins, ...(since !== null && { since }), ...(until !== null && { until }) }
  return buildMigrationReport({
    aggregates: store.report.aggregates(window),
    clients: store.clients.list(),
    settings: store.settings.get(),
    since,
    until,
    origins,
    movedAfterDays: options.movedAfterDays ?? DEFAULT_MOVED_AFTER_DAYS,
    generatedAt: (options.now ?? new Date()).toISOString(),
  })
}
