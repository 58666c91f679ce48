// `ropc-lab report` (cli.md): the migration report — who still uses the password grant, how, and
// what to move them to — as Markdown, HTML or JSON, on standard output or into a private file.
// An adapter of a few lines over the lab's `report.render`.
import { existsSync } from 'node:fs'
import { createLab } from '../lab/create-lab'
import { defaultDbPath } from '../lab/paths'
import { writePrivateFile } from '../lab/workspace-file'
import { REPORT_FORMATS, type ReportFormat } from '../shared/migration-report'
import { CliError } from './cli-error'

export interface ReportFlags {
  db?: string
  format: string
  out?: string
}

function parseFormat(value: string): ReportFormat {
  if ((REPORT_FORMATS as readonly string[]).includes(value)) return value as ReportFormat
  throw new CliError(`--format must be one of ${REPORT_FORMATS.join(', ')}, not "${value}"`, 2)
}

export async function reportCommand(flags: ReportFlags): Promise<void> {
  const format = parseFormat(flags.format)
  const dbPath = flags.db ?? defaultDbPath()
  if (dbPath !== ':memory:' && !existsSync(dbPath)) throw new CliError(`no database at ${dbPath}`)
  const lab = await createLab({ dbPath, hashThreads: 1 })
  try {
    const rendered = await lab.handlers['report.render']({ format, includeLabTraffic: false })
    if (flags.out === undefined) {
      process.stdout.write(rendered.text)
      return
    }
    // The report names clients, users and user agents: private like a workspace export.
    await writePrivateFile(flags.out, rendered.text)
    console.error(`ropc-lab: migration report (${format}) written to ${flags.out}`)
  } finally {
    await lab.close()
  }
}
