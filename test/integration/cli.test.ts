import BetterSqlite3 from 'better-sqlite3'
import { createServer } from 'node:net'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { assertCliBuilt, DEMO_WORKSPACE_PATH, runCli, startServe, type ServingCli } from '../helpers/cli-process'

let dir: string
let serving: ServingCli | null = null
const fastDemo = () => {
  const ws = JSON.parse(readFileSync(DEMO_WORKSPACE_PATH, 'utf8')) as { settings: Record<string, unknown> }
  ws.settings.bcryptCost = 4
  const path = join(dir, 'demo.json')
  writeFileSync(path, JSON.stringify(ws))
  return path
}

beforeAll(() => assertCliBuilt())
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-cli-'))
})
afterEach(async () => {
  await serving?.stop()
  serving = null
  rmSync(dir, { recursive: true, force: true })
})

async function passwordGrant(baseUrl: string) {
  const res = await fetch(`${baseUrl}/oauth/v2/oauth-token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=password&client_id=legacy&client_secret=legacy-demo-secret&username=demo&password=demo-password',
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('ropc-lab serve', () => {
  it('serves the demo workspace on 127.0.0.1 with --port 0 and answers the README request', async () => {
    serving = await startServe(['--workspace', DEMO_WORKSPACE_PATH, '--port', '0'])
    expect(serving.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const { status, body } = await passwordGrant(serving.baseUrl)
    expect(status).toBe(200)
    expect(body).toMatchObject({ token_type: 'Bearer', scope: 'read' })
    expect(typeof body.access_token).toBe('string')
  })

  it('stops cleanly on SIGINT and on SIGTERM (exit code 0)', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const s = await startServe(['--workspace', fastDemo(), '--port', '0'])
      expect(await s.stop(signal)).toBe(0)
      expect(s.output()).toContain(`${signal} received, stopping`)
    }
  })

  it('keeps its state in a --db file across restarts', async () => {
    const db = join(dir, 'lab.db')
    serving = await startServe(['--workspace', fastDemo(), '--port', '0', '--db', db])
    await passwordGrant(serving.baseUrl)
    await serving.stop()
    serving = await startServe(['--port', '0', '--db', db])
    expect((await passwordGrant(serving.baseUrl)).status).toBe(200)
  })

  it('says in one line that a port is busy, exiting non-zero', async () => {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()))
    const port = (blocker.address() as { port: number }).port
    const r = await runCli(['serve', '--workspace', fastDemo(), '--port', String(port)])
    blocker.close()
    expect(r.code).toBe(1)
    expect(r.stderr.trim()).toBe(
      `ropc-lab: error: port ${port} on 127.0.0.1 is already in use; choose another with --port (or --port 0 for a free one)`,
    )
  })

  it('refuses a bad workspace file whole, listing every problem by JSON path', async () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({ version: 1, clients: [{ clientId: 'x', grantTypes: ['pasword'] }], extra: 1 }))
    const r = await runCli(['serve', '--workspace', bad, '--port', '0'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('nothing was imported')
    expect(r.stderr).toContain('clients[0].grantTypes[0]: unknown grant type "pasword"')
    expect(r.stderr).toMatch(/\(root\): unknown key "extra"|extra/)
  })

  it('gives clear errors for a missing file, invalid JSON and bad flags', async () => {
    const missing = await runCli(['serve', '--workspace', join(dir, 'nope.json')])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('workspace file not found')
    const notJson = join(dir, 'x.json')
    writeFileSync(notJson, '{ nope')
    const invalid = await runCli(['serve', '--workspace', notJson])
    expect(invalid.stderr).toContain('is not valid JSON')
    const port = await runCli(['serve', '--port', 'eighty'])
    expect(port.code).toBe(2)
    expect(port.stderr).toContain('--port must be a port number')
    const unknown = await runCli(['serve', '--bogus'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("unknown option '--bogus'")
  })

  it('prints help for each command', async () => {
    for (const cmd of [[], ['serve'], ['export'], ['import']]) {
      const r = await runCli([...cmd, '--help'])
      expect(r.code).toBe(0)
      expect(r.stdout).toContain('Usage: ropc-lab')
    }
  })
})

describe('ropc-lab export and import', () => {
  it('import then export: hashes only, never plaintext; the export imports again', async () => {
    const db = join(dir, 'lab.db')
    const imported = await runCli(['import', fastDemo(), '--db', db])
    expect(imported.code).toBe(0)
    expect(imported.stdout).toContain('imported 2 scopes, 2 clients, 3 users')
    const exported = await runCli(['export', '--db', db])
    expect(exported.code).toBe(0)
    expect(exported.stdout).not.toContain('legacy-demo-secret')
    expect(exported.stdout).not.toContain('demo-password')
    const file = JSON.parse(exported.stdout) as { clients: Array<{ secretHash?: string }> }
    expect(file.clients[0]!.secretHash).toMatch(/^\$2[aby]\$/)
    const again = join(dir, 'again.json')
    writeFileSync(again, exported.stdout)
    const db2 = join(dir, 'lab2.db')
    expect((await runCli(['import', again, '--db', db2])).code).toBe(0)
    expect((await runCli(['export', '--db', db2])).stdout).toBe(exported.stdout)
  })

  it('refuses a database written by a newer ROPC Lab, saying so in one line', async () => {
    const db = join(dir, 'future.db')
    const raw = new BetterSqlite3(db)
    raw.pragma('user_version = 99')
    raw.close()
    const r = await runCli(['export', '--db', db])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^ropc-lab: error: this database was written by a newer ROPC Lab \(schema version 99;/)
  })

  it('export of a database that does not exist is an error', async () => {
    const r = await runCli(['export', '--db', join(dir, 'none.db')])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('no database at')
  })
})
