// `ropc-lab report` end to end as a real process (cli.md): a database recorded by a real run
// (test/helpers/migration-traffic.ts), then each format on standard output, `--out` (mode 0600,
// atomic), a bad flag (exit 2) and a missing database (exit 1).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MigrationReport } from '../../src/shared/migration-report'
import { assertCliBuilt, runCli } from '../helpers/cli-process'
import { labWithMigrationTraffic, SCRIPT_CLIENT } from '../helpers/migration-traffic'

let dir: string
let db: string
let expected: MigrationReport

beforeAll(async () => {
  assertCliBuilt()
  dir = mkdtempSync(join(tmpdir(), 'ropc-report-cli-'))
  db = join(dir, 'lab.db')
  const lab = await labWithMigrationTraffic(db)
  try {
    expected = await lab.handlers['report.get']({ includeLabTraffic: false })
  } finally {
    await lab.close()
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const withoutTime = (r: MigrationReport) => ({ ...r, generatedAt: '' })

describe('ropc-lab report', () => {
  it('prints Markdown by default: the summary and the table of clients', async () => {
    const r = await runCli(['report', '--db', db])
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(r.stdout.split('\n')[0]).toBe('# Password grant migration report')
    expect(r.stdout).toContain('- 6 clients still use the password grant (5 with a successful grant).')
    expect(r.stdout).toContain(
      '| legacy-web | confidential | enabled (settings) | 4 | 3 | 1 | 3 | client_secret_basic 5 | 1 | — | Authorization code with PKCE |',
    )
  })

  it('--format json prints the model, the same the lab computes', async () => {
    const r = await runCli(['report', '--db', db, '--format', 'json'])
    expect(r.code).toBe(0)
    const printed = JSON.parse(r.stdout) as MigrationReport
    expect(withoutTime(printed)).toEqual(withoutTime(expected))
    expect(printed.summary.passwordGrants).toEqual({ requests: 17, successes: 13, failures: 4, distinctUsers: 5 })
  })

  it('--format html prints one self-contained page with the values escaped', async () => {
    const r = await runCli(['report', '--db', db, '--format', 'html'])
    expect(r.code).toBe(0)
    expect(r.stdout.startsWith('<!doctype html>')).toBe(true)
    expect(r.stdout).toContain('@media print')
    expect(r.stdout).not.toContain('<script')
    expect(r.stdout).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    expect(SCRIPT_CLIENT).toContain('<script>')
  })

  it('--out writes the file with mode 0600, atomically, and says so on stderr', async () => {
    for (const format of ['md', 'html', 'json'] as const) {
      const out = join(dir, `report.${format}`)
      const r = await runCli(['report', '--db', db, '--format', format, '--out', out])
      expect([r.code, r.stdout]).toEqual([0, ''])
      expect(r.stderr).toBe(`ropc-lab: migration report (${format}) written to ${out}\n`)
      expect(statSync(out).mode & 0o777).toBe(0o600)
      const text = readFileSync(out, 'utf8')
      if (format === 'json') expect(withoutTime(JSON.parse(text) as MigrationReport)).toEqual(withoutTime(expected))
      else expect(text).toContain('Password grant migration report')
    }
    // No temp file left beside them.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('a bad flag is one line on stderr and exit 2; nothing is written', async () => {
    const out = join(dir, 'never.md')
    const r = await runCli(['report', '--db', db, '--format', 'pdf', '--out', out])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('ropc-lab: error: --format must be one of md, html, json, not "pdf"\n')
    expect(existsSync(out)).toBe(false)
    const unknown = await runCli(['report', '--db', db, '--since-forever'])
    expect(unknown.code).toBe(2)
  })

  it('a missing database is exit 1, and none is created', async () => {
    const missing = join(dir, 'missing.db')
    const r = await runCli(['report', '--db', missing])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`ropc-lab: error: no database at ${missing}\n`)
    expect(existsSync(missing)).toBe(false)
  })

  it('without --db reads the app database (ROPC_LAB_HOME)', async () => {
    const home = join(dir, 'home')
    const r = await runCli(['report'], { ROPC_LAB_HOME: home })
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`ropc-lab: error: no database at ${join(home, 'ropc-lab.db')}\n`)
  })
})
