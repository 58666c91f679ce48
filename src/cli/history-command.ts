// `ropc-lab history` (docs/cli.md): the recorded exchanges of a database, masked as stored — as JSON
// records, or as a HAR 1.2 log (Chrome DevTools, HTTP Toolkit and Charles import it) with the trace and
// findings in `_ropcLab` fields. The lab does the work (src/lab/history-handlers.ts); this is the adapter.
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { Command, Option } from 'commander'
import { createLab } from '../lab/create-lab'
import { defaultDbPath } from '../lab/paths'
import { HAR_EXPORT_DEFAULT_LIMIT } from '../shared/history-api'
import { CliError } from './cli-error'
import { writeOut } from './write-out'

export const HISTORY_FORMATS = ['json', 'har'] as const
export type HistoryFormat = (typeof HISTORY_FORMATS)[number]

export interface HistoryFlags {
  db?: string
  format: HistoryFormat
  limit?: string
  out?: string
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return HAR_EXPORT_DEFAULT_LIMIT
  const n = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > 1_000_000)
    throw new CliError(`--limit must be a whole number from 1 to 1000000, not "${value}"`, 2)
  return n
}

export async function historyCommand(flags: HistoryFlags): Promise<void> {
  const limit = parseLimit(flags.limit)
  if (flags.out !== undefined && !existsSync(dirname(resolve(flags.out))))
    throw new CliError(`cannot write ${flags.out}: the folder ${dirname(resolve(flags.out))} does not exist`, 2)
  const dbPath = flags.db ?? defaultDbPath()
  if (dbPath !== ':memory:' && !existsSync(dbPath)) throw new CliError(`no database at ${dbPath}`)
  const lab = await createLab({ dbPath, hashThreads: 1 })
  try {
    const exported =
      flags.format === 'har'
        ? await lab.handlers['exchanges.exportHar']({ limit })
        : await lab.handlers['exchanges.exportJson']({ limit })
    if (flags.out === undefined) process.stdout.write(exported.text)
    else {
      await writeOut(flags.out, exported.text)
      const n = exported.entries
      console.error(
        `ropc-lab: ${n} exchange${n === 1 ? '' : 's'} written to ${flags.out} (${flags.format === 'har' ? 'HAR 1.2' : 'JSON'}; passwords, secrets and tokens masked)`,
      )
    }
  } finally {
    await lab.close()
  }
}

export function registerHistoryCommand(program: Command): void {
  program
    .command('history')
    .description('print the recorded exchanges, masked as stored (JSON, or HAR 1.2 with the trace and findings)')
    .option('--db <path>', 'database file (default: the app database)')
    .addOption(new Option('--format <format>', 'json or har').choices(HISTORY_FORMATS).default('json'))
    .option('--limit <n>', `the newest N exchanges (default ${HAR_EXPORT_DEFAULT_LIMIT})`)
    .option('-o, --out <file>', 'write to a file instead of standard output')
    .action((flags: HistoryFlags) => historyCommand(flags))
}
