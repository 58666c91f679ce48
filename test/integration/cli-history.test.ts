// `ropc-lab history` as a real process (the built CLI) over a database a real lab recorded real HTTP
// exchanges in: HAR 1.2 that har-validator accepts, JSON records, --limit, --out, masked as stored,
// and a clear line with exit 2 for a bad flag.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import type { HarLog } from '../../src/lab/har'
import type { Exchange } from '../../src/shared/exchange'
import { assertCliBuilt, runCli } from '../helpers/cli-process'

const harValidator = createRequire(import.meta.url)('har-validator') as { har(data: unknown): Promise<unknown> }

const SECRET = 'history-cli-Secret-5d'
const PASSWORD = 'history-cli-Password-9e'

let dir: string
let db: string
let baseUrl: string
const issued: string[] = []

async function grant(password: string): Promise<number> {
  const res = await fetch(`${baseUrl}/oauth/v2/oauth-token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'legacy',
      client_secret: SECRET,
      username: 'alice',
      password,
    }).toString(),
  })
  const body = (await res.json()) as { access_token?: string; refresh_token?: string }
  for (const t of [body.access_token, body.refresh_token]) if (t) issued.push(t)
  return res.status
}

beforeAll(async () => {
  assertCliBuilt()
  dir = mkdtempSync(join(tmpdir(), 'ropc-cli-history-'))
  db = join(dir, 'lab.db')
  const lab = await createLab({
    dbPath: db,
    hashThreads: 1,
    workspace: {
      version: 1,
      settings: { bcryptCost: 4 },
      scopes: [{ name: 'read', default: true }],
      clients: [{ clientId: 'legacy', secret: SECRET, scopes: ['read'] }],
      users: [{ username: 'alice', password: PASSWORD }],
    },
  })
  try {
    baseUrl = (await lab.start({ port: 0 })).baseUrl!
    expect(await grant(PASSWORD)).toBe(200)
    expect(await grant('wrong-password')).toBe(400)
    expect(await grant(PASSWORD)).toBe(200)
  } finally {
    await lab.close()
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const noSecrets = (text: string) => {
  for (const s of [SECRET, PASSWORD, ...issued]) expect(text).not.toContain(s)
}

describe('ropc-lab history', () => {
  it('--format har --out FILE writes a HAR 1.2 log that har-validator accepts, oldest first, masked', async () => {
    const out = join(dir, 'history.har')
    const run = await runCli(['history', '--db', db, '--format', 'har', '--out', out])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/3 exchanges written to .*history\.har \(HAR 1\.2/)
    const text = readFileSync(out, 'utf8')
    const har = JSON.parse(text) as HarLog
    await expect(harValidator.har(har)).resolves.toBeTruthy()
    expect(har.log.entries.map((e) => e.response.status)).toEqual([200, 400, 200])
    for (const e of har.log.entries) {
      expect(e.request.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/v2\/oauth-token$/)
      expect(e['_ropcLab'].trace.length).toBeGreaterThan(0)
    }
    noSecrets(text)
  })

  it('prints JSON records by default; --limit takes the newest', async () => {
    const all = await runCli(['history', '--db', db])
    expect(all.code).toBe(0)
    const records = JSON.parse(all.stdout) as Exchange[]
    expect(records.map((e) => e.status)).toEqual([200, 400, 200])
    expect(records[1]).toMatchObject({ clientId: 'legacy', username: 'alice', error: 'invalid_grant' })
    noSecrets(all.stdout)

    const newest = await runCli(['history', '--db', db, '--limit', '2', '--format', 'har'])
    expect((JSON.parse(newest.stdout) as HarLog).log.entries.map((e) => e.response.status)).toEqual([400, 200])
  })

  it('refuses a bad flag in one line with exit 2, and a missing database with exit 1', async () => {
    const limit = await runCli(['history', '--db', db, '--limit', 'many'])
    expect(limit.code).toBe(2)
    expect(limit.stderr.trim()).toBe('ropc-lab: error: --limit must be a whole number from 1 to 1000000, not "many"')
    const format = await runCli(['history', '--db', db, '--format', 'xml'])
    expect(format.code).toBe(2)
    expect(format.stderr).toMatch(/--format.*xml/)
    const missing = await runCli(['history', '--db', join(dir, 'none.db')])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/no database at/)
  })
})
