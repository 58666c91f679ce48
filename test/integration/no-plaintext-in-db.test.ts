// No plaintext secret or password anywhere in the database file after an import and a
// hundred grants. A workspace with known plaintext is imported into a real SQLite file, a hundred
// token requests are sent over real HTTP (successes and failures, Basic and body, public client,
// refresh, malformed), the lab is closed, and the raw bytes of the database and of any -wal / -shm /
// -journal file are scanned for every secret and password — as UTF-8, form-encoded, and inside
// base64 Basic credentials — and for every token issued (stored as SHA-256 digests, never as issued).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { basic, type DbFile, forms, occurrences as occurrencesIn, readDbFiles } from '../helpers/plaintext-scan'

const TOKEN_PATH = '/oauth/v2/oauth-token'

const CONFIDENTIAL = { id: 'np-confidential', secret: 'NPsecret-Confidential-8d41f0c2e7' }
/** Printable ASCII that form-encoding changes (space, +, /, :, %), sent raw in Basic to a lenient client. */
const AWKWARD = { id: 'np-awkward', secret: 'NP sec+ret/Ur:%-5b9e13aa' }
const PUBLIC_ID = 'np-public'
const USERS = {
  alice: { username: 'np-alice', password: 'NPpass-Alice-0b7c2f9d3e' },
  bob: { username: 'np-bob', password: 'NP bøb pässwörd+&=%-71e5' },
  carol: { username: 'np-carol', password: 'NPpass-Carol-4a6e8c1b55' },
  dave: { username: 'np-dave', password: 'NPpass-Dave-disabled-93fd' },
} as const
/** Wrong guesses travel in requests too: they must not be stored either. */
const WRONG_SECRET = 'NPwrong-Secret-Guess-2c5a7e'
const WRONG_PASSWORD = 'NPwrong-Password-Guess-6f0d1b'
const UNKNOWN_USER_PASSWORD = 'NPunknown-User-Password-e83a'

const workspace = {
  version: 1,
  settings: { tokenFormat: 'opaque', bcryptCost: 4, lockout: { enabled: true, maxFailures: 1000, lockSeconds: 60 } },
  scopes: [
    { name: 'read', default: true },
    { name: 'write', default: false },
  ],
  clients: [
    { clientId: CONFIDENTIAL.id, secret: CONFIDENTIAL.secret, scopes: ['read', 'write'] },
    { clientId: AWKWARD.id, secret: AWKWARD.secret, scopes: ['read'], lenientBasicAuth: true },
    { clientId: PUBLIC_ID, public: true, scopes: ['read'] },
  ],
  users: Object.values(USERS).map((u) => ({ ...u, disabled: u === USERS.dave })),
}

let dir: string
let files: DbFile[] = []
const issuedTokens: string[] = []
const statuses: Record<string, number> = {}
let exchangeTotal = 0

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ropc-noplain-'))
  const dbPath = join(dir, 'lab.db')
  const lab = await createLab({ dbPath, workspace })
  try {
    const { baseUrl } = await lab.start({ host: '127.0.0.1', port: 0 })
    const url = `${baseUrl}${TOKEN_PATH}`
    let sent = 0
    async function post(body: Record<string, string>, authorization?: string): Promise<Record<string, unknown>> {
      const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' }
      if (authorization) headers.Authorization = authorization
      const res = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(body).toString() })
      sent++
      statuses[res.status] = (statuses[res.status] ?? 0) + 1
      const json = (await res.json()) as Record<string, unknown>
      for (const key of ['access_token', 'refresh_token']) {
        if (typeof json[key] === 'string') issuedTokens.push(json[key] as string)
      }
      return json
    }
    const password = (u: { username: string; password: string }, extra: Record<string, string> = {}) => ({
      grant_type: 'password',
      username: u.username,
      password: u.password,
      ...extra,
    })
    const confBasic = basic(CONFIDENTIAL.id, CONFIDENTIAL.secret)
    const confBody = { client_id: CONFIDENTIAL.id, client_secret: CONFIDENTIAL.secret }

    let refreshToken: string | null = null
    for (let i = 0; i < 10; i++) {
      // success, Basic (form-encoded as §2.3.1 says)
      const a = await post(password(USERS.alice, { scope: i % 2 ? 'read write' : 'read' }), confBasic)
      if (typeof a.refresh_token === 'string') refreshToken = a.refresh_token
      // success, body credentials, Unicode password
      await post({ ...password(USERS.bob), ...confBody })
      // success, raw (not form-encoded) Basic to the lenient client
      await post(password(USERS.carol), basic(AWKWARD.id, AWKWARD.secret, false))
      // success, public client
      await post({ ...password(USERS.carol), client_id: PUBLIC_ID })
      // refresh with rotation (§6), then reuse of the rotated token every third round (family revoked)
      if (refreshToken) {
        const r = await post({ grant_type: 'refresh_token', refresh_token: refreshToken }, confBasic)
        if (i % 3 === 0) await post({ grant_type: 'refresh_token', refresh_token: refreshToken }, confBasic)
        refreshToken = typeof r.refresh_token === 'string' ? r.refresh_token : null
      }
      // wrong password (Basic), wrong secret (Basic and body), unknown user, disabled user
      await post(password({ username: USERS.alice.username, password: WRONG_PASSWORD }), confBasic)
      await post(password(USERS.alice), basic(CONFIDENTIAL.id, WRONG_SECRET))
      await post({ ...password(USERS.bob), client_id: CONFIDENTIAL.id, client_secret: WRONG_SECRET })
      await post({ ...password({ username: 'np-nobody', password: UNKNOWN_USER_PASSWORD }), ...confBody })
      // malformed: no grant_type, password and secret in the body anyway
      if (i % 2 === 0) await post({ username: USERS.dave.username, password: USERS.dave.password, ...confBody })
      else await post(password(USERS.dave), confBasic)
    }
    expect(sent).toBeGreaterThanOrEqual(100)
    exchangeTotal = (await lab.handlers['exchanges.list']({ limit: 1, offset: 0 })).total
  } finally {
    // Closing checkpoints the WAL into the main file; any -wal left is scanned as well.
    await lab.close()
  }
  files = readDbFiles(dbPath)
})

afterAll(async () => {
  files = []
  if (dir) await rm(dir, { recursive: true, force: true })
})

const occurrences = (needles: Map<string, Buffer>): string[] => occurrencesIn(files, needles)

describe('no plaintext credential in the database files after an import and a hundred grants', () => {
  it('sanity: the scenario ran (successes and failures recorded) and the scan reads real data', () => {
    expect(exchangeTotal).toBeGreaterThanOrEqual(100)
    expect(statuses[200] ?? 0).toBeGreaterThanOrEqual(40)
    expect((statuses[400] ?? 0) + (statuses[401] ?? 0)).toBeGreaterThanOrEqual(40)
    expect(files.length).toBeGreaterThanOrEqual(1)
    // The scan is not vacuous: names that are meant to be stored are found.
    expect(occurrences(new Map([['username', Buffer.from(USERS.alice.username)]]))).not.toEqual([])
    expect(occurrences(new Map([['client id', Buffer.from(AWKWARD.id)]]))).not.toEqual([])
  })

  it('RFC 6749 §2.3.1 / §10.1: no client secret (nor a wrong guess) in any form — UTF-8, form-encoded, base64 Basic', () => {
    const needles = new Map([
      ...forms(CONFIDENTIAL.id, CONFIDENTIAL.secret),
      ...forms(AWKWARD.id, AWKWARD.secret),
      ...forms(CONFIDENTIAL.id, WRONG_SECRET),
    ])
    expect(occurrences(needles)).toEqual([])
  })

  it('RFC 6749 §4.3.2 / §10.7: no resource-owner password (nor a wrong guess) in any form', () => {
    const needles = new Map(
      [...Object.values(USERS).map((u) => u.password), WRONG_PASSWORD, UNKNOWN_USER_PASSWORD].flatMap((p) => [
        ...forms(null, p),
      ]),
    )
    expect(occurrences(needles)).toEqual([])
  })

  it('RFC 6749 §10.3 / §10.4: no access or refresh token as issued (stored as SHA-256 digests)', () => {
    expect(issuedTokens.length).toBeGreaterThanOrEqual(80)
    const needles = new Map(issuedTokens.map((t, i) => [`token #${i} ${t.slice(0, 8)}…`, Buffer.from(t, 'utf8')]))
    const found = occurrences(needles)
    expect(
      found.length,
      `${found.length} of ${issuedTokens.length} issued tokens are stored verbatim, e.g. ${found.slice(0, 3).join('; ')}`,
    ).toBe(0)
  })
})
