// A client of the embedded token server that sends a credential in a shape no form rule reads — a
// header no standard names (`X-Client-Secret`, `X-Api-Key`), or a JSON body whose member names are
// written with `\u` escapes (`"pass\u0077ord"`) — still leaves no plaintext in the database file, its
// WAL or SHM: the same masking serves every origin (architecture.md "One exchange pipeline"), and the
// proxy's by-value masking is not needed on this hot path.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { forms, occurrences, readDbFiles, type DbFile } from '../helpers/plaintext-scan'

const HEADER_SECRET = 'OddShape-HeaderSecret-7c2e9a'
const API_KEY = 'OddShape-ApiKey-41b8d0'
const JSON_PASSWORD = 'OddShape-JsonPassword-e6f3'
const JSON_SECRET = 'OddShape-JsonSecret-19ac'

let dir: string
let files: DbFile[] = []
const statuses: number[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ropc-odd-shapes-'))
  const dbPath = join(dir, 'lab.db')
  const lab = await createLab({ dbPath, workspace: { version: 1, settings: { bcryptCost: 4 } } })
  try {
    const { baseUrl } = await lab.start({ host: '127.0.0.1', port: 0 })
    const url = `${baseUrl}/oauth/v2/oauth-token`
    const send = async (headers: Record<string, string>, body: string) => {
      const res = await fetch(url, { method: 'POST', headers, body })
      statuses.push(res.status)
      await res.text()
    }
    await send(
      { 'content-type': 'application/x-www-form-urlencoded', 'x-client-secret': HEADER_SECRET, 'X-Api-Key': API_KEY },
      'grant_type=password&client_id=legacy&username=alice',
    )
    // A JSON body, each name escaped: "pass\u0077ord", "client_\u0073ecret".
    await send(
      { 'content-type': 'application/json' },
      `{"grant_type":"password","username":"alice","pass\\u0077ord":"${JSON_PASSWORD}","client_\\u0073ecret":"${JSON_SECRET}"}`,
    )
  } finally {
    await lab.close()
  }
  files = readDbFiles(dbPath)
}, 60_000)

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

it('both requests were answered and recorded', () => {
  expect(statuses).toHaveLength(2)
  expect(files.length).toBeGreaterThan(0)
})

it.each([HEADER_SECRET, API_KEY, JSON_PASSWORD, JSON_SECRET])(
  '%s is in no database file, in any encoding',
  (secret) => {
    expect(occurrences(files, forms(null, secret))).toEqual([])
  },
)
