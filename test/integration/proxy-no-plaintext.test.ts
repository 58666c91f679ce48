// Credentials a client puts in the query string (`POST …/token?client_secret=…&password=…`, RFC 6749
// §2.3.1 and §3.2 say not to) never reach the disk through the proxy or the Relay: not in the request
// target, not in the trace's `relayed to <URL>`, not in the 502 / 504 `error_description` — which the
// client also reads — and so not in the database, its WAL or SHM, nor in `history --format json|har`.
// Every file is scanned for each credential in every encoding of the plaintext test.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import type { Lab } from '../../src/lab/lab-types'
import { ENDPOINT_PATHS } from '../../src/shared/wire'
import { assertCliBuilt, runCli } from '../helpers/cli-process'
import { type DbFile, forms, occurrences, readDbFiles } from '../helpers/plaintext-scan'

const CLIENT = { id: 'query-legacy', secret: 'QUERYsecret-7f3a91 sp+ce/%' }
const USER = { username: 'query-alice', password: 'QUERYpass-Ålice-c40e &=+' }

let dir: string
let db: string
let real: Lab
let lab: Lab
const clientSaw: string[] = []
const relayDetails: string[] = []

/** A POST with the credentials in the query string, form-encoded one time and percent-encoded the other. */
async function postWithQuery(base: string, path: string, percent = false): Promise<number> {
  const query = percent
    ? `client_id=${CLIENT.id}&client_secret=${encodeURIComponent(CLIENT.secret)}&password=${encodeURIComponent(USER.password)}`
    : new URLSearchParams({ client_id: CLIENT.id, client_secret: CLIENT.secret, password: USER.password }).toString()
  const res = await fetch(`${base}${path}?${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `grant_type=password&username=${USER.username}`,
  })
  clientSaw.push(await res.text())
  return res.status
}

async function freePort(): Promise<number> {
  const s = http.createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const { port } = s.address() as AddressInfo
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

beforeAll(async () => {
  assertCliBuilt()
  dir = mkdtempSync(join(tmpdir(), 'ropc-proxy-plaintext-'))
  db = join(dir, 'lab.db')
  real = await createLab({
    dbPath: ':memory:',
    hashThreads: 1,
    workspace: {
      version: 1,
      settings: { bcryptCost: 4 },
      scopes: [{ name: 'read', default: true }],
      clients: [{ clientId: CLIENT.id, secret: CLIENT.secret, scopes: ['read'] }],
      users: [USER],
    },
  })
  const realBase = (await real.start({ port: 0 })).baseUrl!
  lab = await createLab({ dbPath: db, hashThreads: 1, workspace: { version: 1, settings: { bcryptCost: 4 } } })

  // Through the proxy, to a server that answers.
  const proxy = await lab.proxy({ upstream: realBase })
  await postWithQuery(proxy.baseUrl, ENDPOINT_PATHS.token)
  await postWithQuery(proxy.baseUrl, ENDPOINT_PATHS.token, true)
  await proxy.close()

  // Through the proxy, to a server that is down: the proxy's own 502.
  const down = await lab.proxy({ upstream: `http://127.0.0.1:${await freePort()}/token` })
  expect(await postWithQuery(down.baseUrl, '/token')).toBe(502)
  await down.close()

  // Through the proxy, to a server that does not answer in time: the proxy's own 504.
  const slow = http.createServer((_req, res) => void setTimeout(() => res.end('{}'), 1_500).unref())
  await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r))
  const slowProxy = await lab.proxy({
    upstream: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/token`,
    timeoutMs: 300,
  })
  expect(await postWithQuery(slowProxy.baseUrl, '/token', true)).toBe(504)
  await slowProxy.close()
  slow.closeAllConnections()
  await new Promise<void>((r) => slow.close(() => r()))

  // Through the Relay, as the app starts it.
  const relay = await lab.handlers['relay.start']({ upstream: realBase, port: 0, keepIssuer: false })
  await postWithQuery(relay.listeningOn!, ENDPOINT_PATHS.token)
  await lab.handlers['relay.stop']({})

  const { items } = await lab.handlers['exchanges.list']({ limit: 50, offset: 0 })
  for (const s of items) {
    const e = await lab.handlers['exchanges.get']({ id: s.id, reveal: false })
    relayDetails.push(...e.trace.map((t) => t.detail ?? ''))
  }
})

afterAll(async () => {
  await lab?.close()
  await real?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const needles = () => new Map([...forms(CLIENT.id, CLIENT.secret), ...forms(null, USER.password)])

describe('query-string credentials through the proxy and the Relay', () => {
  it('the trace still says where each request went, with the credentials masked', () => {
    const relayed = relayDetails.filter((d) => d.startsWith('relayed to '))
    expect(relayed.length).toBeGreaterThanOrEqual(3)
    for (const d of relayed) expect(d).toMatch(/client_secret=\*\*\*&password=\*\*\*/)
    expect(relayDetails.some((d) => d.includes('ECONNREFUSED'))).toBe(true)
  })

  it('the 502 and 504 bodies the client read name the URL without the credentials', () => {
    const gateway = clientSaw.filter((b) => b.includes('upstream_'))
    expect(gateway).toHaveLength(2)
    for (const body of gateway) expect(body).toContain('client_secret=***')
    expect(occurrences([{ name: 'client answers', bytes: Buffer.from(gateway.join('\n')) }], needles())).toEqual([])
  })

  it('the database, its WAL and SHM hold none of them, in any encoding', () => {
    const files: DbFile[] = readDbFiles(db)
    expect(files.map((f) => f.name)).toContain('db-wal')
    expect(occurrences(files, needles())).toEqual([])
  })

  it('nor do history --format json and --format har', async () => {
    const files: DbFile[] = []
    for (const format of ['json', 'har']) {
      const out = join(dir, `history.${format}`)
      const result = await runCli(['history', '--db', db, '--format', format, '--out', out])
      expect(result.code, result.stderr).toBe(0)
      const bytes = readFileSync(out)
      expect(bytes.toString()).toContain('client_secret=***')
      files.push({ name: `history --format ${format}`, bytes })
    }
    expect(occurrences(files, needles())).toEqual([])
  })
})
