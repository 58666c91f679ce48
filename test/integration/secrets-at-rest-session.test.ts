// Secrets at rest, on every path (architecture.md "One exchange pipeline"): one scripted session
// drives a lab with a database file through every origin — an outside client to the embedded server,
// the composer and a scenario to a second lab, the proxy, the Relay, the code flow with PKCE through
// the sign-in page, the challenge endpoint with `auth_session` and a one-time code, client
// credentials — then writes every export (HAR, history JSON, report md/html/json, a scenario run's
// JUnit and JSON, the workspace). Every file the app wrote (db, WAL, SHM, each export) is scanned for
// every secret of the session in every encoding of the plaintext test: zero hits.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { invokeLab } from '../../src/lab/dispatch'
import type { Lab } from '../../src/lab/lab-types'
import type { LabInput, LabMethod, LabOutput } from '../../src/shared/lab-api'
import { ENDPOINT_PATHS } from '../../src/shared/wire'
import { type DbFile, forms, occurrences, readDbFiles, tokenForms } from '../helpers/plaintext-scan'
import { authorizeUrl, newPkce, totpNow } from '../helpers/way-out'

const LEGACY = { id: 'legacy', secret: 'SESSIONsecret-3d9f0a sp+ce/%' }
const BATCH = { id: 'batch', secret: 'SESSIONbatch-81c2e7 &=+' }
const ALICE = { username: 'alice', password: 'SESSIONpass-Ålice-0b7e &=+' }
const MIA = { username: 'mia', password: 'SESSIONmia-pass-5a11c4' }
// A second user for the challenge: a one-time code is accepted once per user and time step (way-out.md).
const NOAH = { username: 'noah', password: 'SESSIONnoah-pass-9d03f1' }
const WRONG = 'SESSIONwrong-Guess-e2aa90'
const OTHER = { id: 'other', secret: 'OTHERsecret-c61d2b/+ %', username: 'bob', password: 'OTHERpass-b0b-7721 &' }
const REDIRECT = 'http://127.0.0.1/cb'

/** Every secret the session handled: label → plaintext. Six-digit OTPs are scanned in the exports only. */
const secrets = new Map<string, string>()
const otps: string[] = []
let totpSecret = ''
let noahTotp = ''
let dir: string
let dbPath: string
let lab: Lab
let other: Lab
const exportNames: string[] = []

const call = <M extends LabMethod>(m: M, input: LabInput<M>): Promise<LabOutput<M>> => invokeLab(lab.handlers, m, input)
const remember = (label: string, value: unknown) => {
  if (typeof value === 'string' && value.length > 0) secrets.set(`${label} ${secrets.size}`, value)
}
const form = (p: Record<string, string>) => new URLSearchParams(p).toString()
const formHeaders = { 'Content-Type': 'application/x-www-form-urlencoded' }
const basicHeader = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`

async function post(url: string, body: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { ...formHeaders, ...headers }, body: form(body) })
  const json = (await res.json().catch(() => ({}))) as Record<string, string>
  for (const key of ['access_token', 'refresh_token', 'auth_session', 'authorization_code']) remember(key, json[key])
  return { status: res.status, json }
}

/** An outside client to the embedded server: grants (one wrong), refresh, introspection, revocation. */
async function outsideClient(base: string): Promise<void> {
  const auth = { Authorization: basicHeader(LEGACY.id, LEGACY.secret) }
  const grant = { grant_type: 'password', username: ALICE.username, password: ALICE.password }
  const a = await post(`${base}${ENDPOINT_PATHS.token}`, grant, auth)
  expect(a.status).toBe(200)
  await post(`${base}${ENDPOINT_PATHS.token}`, { ...grant, password: WRONG }, auth)
  const r = await post(
    `${base}${ENDPOINT_PATHS.token}`,
    { grant_type: 'refresh_token', refresh_token: a.json.refresh_token! },
    auth,
  )
  await post(`${base}${ENDPOINT_PATHS.introspect}`, { token: r.json.access_token! }, auth)
  await post(`${base}${ENDPOINT_PATHS.revoke}`, {
    token: r.json.refresh_token!,
    client_id: LEGACY.id,
    client_secret: LEGACY.secret,
  })
}

/** The code flow with PKCE through the sign-in page, driven as a script would: page, form, cookie. */
async function codeFlow(base: string): Promise<void> {
  const pkce = newPkce()
  remember('code_verifier', pkce.verifier)
  const url = authorizeUrl({
    client_id: 'spa',
    redirect_uri: REDIRECT,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    state: 'session-state',
  })
  const page = await fetch(`${base}${url}`)
  const html = await page.text()
  const csrf = /name="csrf_token" value="([^"]+)"/.exec(html)?.[1]
  const cookie = page.headers.getSetCookie()[0]?.split(';')[0] ?? ''
  expect(csrf, html.slice(0, 200)).toBeDefined()
  remember('csrf_token', csrf)
  remember('cookie', cookie.split('=')[1])
  const submit = async (fields: Record<string, string>) => {
    const body = form({ csrf_token: csrf!, ...fields })
    const res = await fetch(`${base}${ENDPOINT_PATHS.authorize}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...formHeaders, Cookie: cookie },
      body,
    })
    const next = /name="csrf_token" value="([^"]+)"/.exec(await res.text())?.[1]
    remember('csrf_token', next)
    return res
  }
  await submit({ username: MIA.username, password: MIA.password })
  const otp = totpNow(totpSecret)
  otps.push(otp)
  const done = await submit({ otp })
  const code = new URL(done.headers.get('location') ?? 'http://x/').searchParams.get('code')
  expect(code, `status ${done.status}`).toBeTruthy()
  remember('code', code)
  const t = await post(`${base}${ENDPOINT_PATHS.token}`, {
    grant_type: 'authorization_code',
    code: code!,
    redirect_uri: REDIRECT,
    code_verifier: pkce.verifier,
    client_id: 'spa',
  })
  expect(t.status).toBe(200)
}

/** The challenge endpoint: password, then `auth_session` with the next one-time code; then the code. */
async function challengeFlow(base: string): Promise<void> {
  const pkce = newPkce()
  remember('code_verifier', pkce.verifier)
  const first = await post(`${base}${ENDPOINT_PATHS.challenge}`, {
    client_id: 'spa',
    username: NOAH.username,
    password: NOAH.password,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
  })
  expect(first.json.auth_session).toBeTruthy()
  const otp = totpNow(noahTotp)
  otps.push(otp)
  const second = await post(`${base}${ENDPOINT_PATHS.challenge}`, {
    client_id: 'spa',
    auth_session: first.json.auth_session!,
    otp,
  })
  expect(second.json.authorization_code).toBeTruthy()
  const t = await post(`${base}${ENDPOINT_PATHS.token}`, {
    grant_type: 'authorization_code',
    code: second.json.authorization_code!,
    code_verifier: pkce.verifier,
    client_id: 'spa',
  })
  expect(t.status).toBe(200)
}

const SCENARIO = {
  name: 'other server',
  steps: [
    {
      name: 'grant',
      request: {
        endpoint: 'token',
        auth: { method: 'basic', clientId: '{{clientId}}', clientSecret: '{{clientSecret}}' },
        params: { grant_type: 'password', username: '{{username}}', password: '{{password}}' },
      },
      expect: { status: 200 },
      capture: { rt: 'body.refresh_token' },
    },
    {
      name: 'refresh',
      request: {
        endpoint: 'token',
        auth: { method: 'basic', clientId: '{{clientId}}', clientSecret: '{{clientSecret}}' },
        params: { grant_type: 'refresh_token', refresh_token: '{{rt}}' },
      },
      expect: { status: 200 },
    },
  ],
}

/** A scenario run against the second lab; its run id for the exports. */
async function scenarioRun(otherBase: string): Promise<string> {
  await call('scenarios.save', { scenario: SCENARIO })
  const { runId } = await call('scenarios.run', {
    run: { kind: 'scenario', name: SCENARIO.name },
    target: { kind: 'url', url: otherBase },
    credentials: { clientId: OTHER.id, clientSecret: OTHER.secret, username: OTHER.username, password: OTHER.password },
  })
  const deadline = Date.now() + 30_000
  for (;;) {
    const run = await call('scenarios.result', { runId })
    if (run.status !== 'running') {
      expect(run.result).toMatchObject({ passed: 2, failed: 0 })
      return runId
    }
    if (Date.now() > deadline) throw new Error('the scenario run did not end')
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** The composer, the proxy and the Relay, each to the second lab. */
async function toTheOtherLab(otherBase: string): Promise<void> {
  const auth = { method: 'basic' as const, clientId: OTHER.id, clientSecret: OTHER.secret }
  const params: Array<[string, string]> = [
    ['grant_type', 'password'],
    ['username', OTHER.username],
    ['password', OTHER.password],
  ]
  const sent = await call('runner.send', { target: `${otherBase}${ENDPOINT_PATHS.token}`, auth, params })
  expect(sent.status).toBe(200)
  const proxy = await lab.proxy({ upstream: otherBase })
  const headers = { Authorization: basicHeader(OTHER.id, OTHER.secret) }
  const grant = Object.fromEntries(params)
  expect((await post(`${proxy.baseUrl}${ENDPOINT_PATHS.token}`, grant, headers)).status).toBe(200)
  await proxy.close()
  const relay = await call('relay.start', { upstream: otherBase, port: 0, keepIssuer: false })
  expect((await post(`${relay.listeningOn!}${ENDPOINT_PATHS.token}`, grant, headers)).status).toBe(200)
  await call('relay.stop', {})
}

/** Tokens the composer, scenario, proxy and Relay received, from memory (Reveal), for the scan. */
async function revealIssued(): Promise<void> {
  const { items } = await call('exchanges.list', { limit: 1000 })
  for (const { id } of items) {
    const e = await call('exchanges.get', { id, reveal: true })
    try {
      const body = JSON.parse(e.response.body) as Record<string, unknown>
      for (const key of ['access_token', 'refresh_token', 'auth_session', 'authorization_code'])
        remember(key, body[key])
    } catch {
      // Not JSON: nothing issued.
    }
  }
}

async function writeExports(runId: string): Promise<void> {
  const out = (name: string, text: string) => {
    writeFileSync(join(dir, name), text, { mode: 0o600 })
    exportNames.push(name)
  }
  out('history.har', (await call('exchanges.exportHar', {})).text)
  out('history.json', (await call('exchanges.exportJson', {})).text)
  for (const format of ['md', 'html', 'json'] as const) {
    out(`report.${format}`, (await call('report.render', { format })).text)
  }
  out('results.xml', (await call('scenarios.export', { runId, format: 'junit' })).text)
  out('results.json', (await call('scenarios.export', { runId, format: 'json' })).text)
  out('workspace.json', JSON.stringify(await call('workspace.export', {})))
}

const FIRST_WORKSPACE = {
  version: 1,
  settings: { bcryptCost: 4 },
  scopes: [{ name: 'read', default: true }],
  clients: [
    { clientId: LEGACY.id, secret: LEGACY.secret, scopes: ['read'] },
    { clientId: BATCH.id, secret: BATCH.secret, grantTypes: ['client_credentials'], scopes: ['read'] },
    {
      clientId: 'spa',
      public: true,
      firstParty: true,
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: [REDIRECT],
      scopes: ['read'],
    },
  ],
  users: [ALICE, MIA, NOAH],
}
const OTHER_WORKSPACE = {
  version: 1,
  settings: { bcryptCost: 4 },
  scopes: [{ name: 'read', default: true }],
  clients: [{ clientId: OTHER.id, secret: OTHER.secret, scopes: ['read'] }],
  users: [{ username: OTHER.username, password: OTHER.password }],
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-secrets-session-'))
  dbPath = join(dir, 'lab.db')
  const credentials = [LEGACY.secret, BATCH.secret, ALICE.password, MIA.password, NOAH.password, WRONG]
  for (const s of [...credentials, OTHER.secret, OTHER.password]) remember('credential', s)
  lab = await createLab({
    dbPath,
    hashThreads: 1,
    workspace: FIRST_WORKSPACE,
  })
  other = await createLab({
    dbPath: ':memory:',
    hashThreads: 1,
    workspace: OTHER_WORKSPACE,
  })
  const base = (await lab.start({ port: 0 })).baseUrl!
  const otherBase = (await other.start({ port: 0 })).baseUrl!
  // The secret as an authenticator app reads it: from the enrolment's otpauth:// URI.
  const enrol = async (username: string) =>
    new URL((await call('wayOut.totpEnrol', { username })).uri).searchParams.get('secret')!
  totpSecret = await enrol(MIA.username)
  noahTotp = await enrol(NOAH.username)

  await outsideClient(base)
  await codeFlow(base)
  await challengeFlow(base)
  const cc = await post(
    `${base}${ENDPOINT_PATHS.token}`,
    { grant_type: 'client_credentials' },
    { Authorization: basicHeader(BATCH.id, BATCH.secret) },
  )
  expect(cc.status).toBe(200)
  await toTheOtherLab(otherBase)
  const runId = await scenarioRun(otherBase)
  await revealIssued()
  await writeExports(runId)
}, 90_000)

afterAll(async () => {
  await lab?.close()
  await other?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** Every file the app wrote, read after the lab closed (the WAL as it was left). */
const writtenFiles = (): DbFile[] => [
  ...readDbFiles(dbPath),
  ...exportNames.map((name) => ({ name, bytes: readFileSync(join(dir, name)) })),
]

describe('secrets at rest after a session through every origin and every export', () => {
  it('sanity: every origin recorded, every export written, and the scan finds what is meant to be stored', async () => {
    expect(exportNames).toHaveLength(8)
    const labels = [...secrets.keys()].map((k) => k.split(' ')[0])
    for (const kind of ['access_token', 'refresh_token', 'code', 'code_verifier', 'auth_session', 'csrf_token']) {
      expect(labels, kind).toContain(kind)
    }
    expect(otps).toHaveLength(2)
    const files = writtenFiles()
    expect(files.map((f) => f.name)).toContain('db-wal')
    expect(occurrences(files, new Map([['username', Buffer.from(OTHER.username)]]))).not.toEqual([])
  })

  it('no password, secret, token, code, verifier, auth_session, cookie or CSRF token in any file, any encoding', () => {
    const files = writtenFiles()
    const found: string[] = []
    for (const [label, value] of secrets) {
      const needles = value.length > 40 ? tokenForms(value) : forms(null, value)
      found.push(...occurrences(files, needles).map((hit) => `${label}: ${hit}`))
    }
    for (const [id, secret] of [
      [LEGACY.id, LEGACY.secret],
      [BATCH.id, BATCH.secret],
      [OTHER.id, OTHER.secret],
    ] as const) {
      found.push(...occurrences(files, forms(id, secret)))
    }
    expect(found, found.slice(0, 5).join('\n')).toEqual([])
  })

  it('the one-time codes are in no export, and masked in every stored exchange', async () => {
    const files = writtenFiles().filter((f) => !f.name.startsWith('db'))
    for (const otp of otps) expect(occurrences(files, new Map([[otp, Buffer.from(`otp=${otp}`)]]))).toEqual([])
    const { items } = await call('exchanges.list', { limit: 1000 })
    expect(items.length).toBeGreaterThanOrEqual(15)
    for (const { id } of items) {
      const e = await call('exchanges.get', { id, reveal: false })
      for (const otp of otps) expect(`${e.request.target} ${e.request.body}`).not.toContain(`otp=${otp}`)
    }
  })

  it('the TOTP secrets are in no export (the workspace writes "***"); the users table holds them (SECURITY.md)', () => {
    // In the database: in the users table's totp_secret column, and in no other table.
    const db = new Database(dbPath, { readonly: true })
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>
      expect(tables.length).toBeGreaterThan(3)
      for (const { name } of tables) {
        const rows = JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())
        for (const secret of [totpSecret, noahTotp]) {
          if (name === 'users') expect(rows).toContain(secret)
          else expect(rows.includes(secret), `${secret.slice(0, 4)}… in ${name}`).toBe(false)
        }
      }
    } finally {
      db.close()
    }
    const exports = writtenFiles().filter((f) => !f.name.startsWith('db'))
    for (const s of [totpSecret, noahTotp]) expect(occurrences(exports, forms(null, s))).toEqual([])
    const workspace = JSON.parse(readFileSync(join(dir, 'workspace.json'), 'utf8')) as {
      users: Array<{ username: string; totpSecret?: string }>
    }
    expect(workspace.users.find((u) => u.username === MIA.username)?.totpSecret).toBe('***')
  })
})
