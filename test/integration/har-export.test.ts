// HAR 1.2 export (src/lab/har.ts) of exchanges recorded from real requests to a real lab (real HTTP on
// 127.0.0.1:0, real bcrypt): the log passes har-validator's HAR 1.2 schema, keeps the exchanges masked as
// stored, and holds no password, secret or token in clear — not even one another server issued to the
// composer, which the exchange log keeps as received.
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { invokeLab } from '../../src/lab/dispatch'
import { exchangesToHar, type HarEntry, type HarLog } from '../../src/lab/har'
import type { Lab } from '../../src/lab/lab-types'
import type { Exchange } from '../../src/shared/exchange'
import type { LabInput } from '../../src/shared/lab-api'
import { ENDPOINT_PATHS } from '../../src/shared/wire'

const harValidator = createRequire(import.meta.url)('har-validator') as {
  har(data: unknown): Promise<unknown>
}

const CLIENT = { id: 'har-client', secret: 'HARsecret-7c1e90d2b4' }
const USER = { username: 'har-user', password: 'HAR pässword+&=%-3a9f' }
const WRONG_PASSWORD = 'HARwrong-Password-51d0'

const workspace = {
  version: 1,
  settings: { tokenFormat: 'jwt', bcryptCost: 4 },
  scopes: [{ name: 'read', default: true }],
  clients: [{ clientId: CLIENT.id, secret: CLIENT.secret, scopes: ['read'] }],
  users: [USER],
}

const formEncode = (s: string): string => new URLSearchParams({ v: s }).toString().slice(2)
const formBody = (params: Record<string, string>): string => new URLSearchParams(params).toString()
const basic = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${formEncode(id)}:${formEncode(secret)}`).toString('base64')}`

let lab: Lab
let other: Lab
let baseUrl: string
let otherUrl: string
/** Every token a client received, from either server: none may be in the HAR. */
const issued: string[] = []
let exchanges: Exchange[]
let har: HarLog

async function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body,
  })
}

async function tokens(res: Response): Promise<{ access_token: string; refresh_token: string }> {
  expect(res.status).toBe(200)
  const body = (await res.json()) as { access_token: string; refresh_token: string }
  issued.push(body.access_token, body.refresh_token)
  return body
}

async function sendRequests(): Promise<void> {
  const token = ENDPOINT_PATHS.token
  const auth = { Authorization: basic(CLIENT.id, CLIENT.secret) }
  const first = await tokens(
    await post(token, formBody({ grant_type: 'password', username: USER.username, password: USER.password }), auth),
  )
  const wrong = await post(
    token,
    formBody({
      grant_type: 'password',
      username: USER.username,
      password: WRONG_PASSWORD,
      client_id: CLIENT.id,
      client_secret: CLIENT.secret,
    }),
  )
  expect(wrong.status).toBe(400)
  await tokens(await post(token, formBody({ grant_type: 'refresh_token', refresh_token: first.refresh_token }), auth))
  expect((await post(ENDPOINT_PATHS.introspect, formBody({ token: first.access_token }), auth)).status).toBe(200)
  expect((await post(ENDPOINT_PATHS.revoke, formBody({ token: first.refresh_token }), auth)).status).toBe(200)
  // Credentials in the query (RFC 6749 §2.3.1 forbids it) and a JSON body instead of a form.
  const query = `?client_id=${CLIENT.id}&client_secret=${formEncode(CLIENT.secret)}`
  expect(
    (await post(token + query, formBody({ grant_type: 'password', username: USER.username, password: USER.password })))
      .status,
  ).toBeGreaterThanOrEqual(200)
  const json = await fetch(baseUrl + token, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...auth },
    body: JSON.stringify({ grant_type: 'password', username: USER.username, password: USER.password }),
  })
  expect(json.status).toBe(400)
  expect((await fetch(baseUrl + ENDPOINT_PATHS.metadata)).status).toBe(200)
  expect((await fetch(baseUrl + ENDPOINT_PATHS.jwks)).status).toBe(200)

  const composer = (target: string): LabInput<'runner.send'> => ({
    target,
    auth: { method: 'basic', clientId: CLIENT.id, clientSecret: CLIENT.secret, formEncodeBasic: true },
    params: [
      ['grant_type', 'password'],
      ['username', USER.username],
      ['password', USER.password],
    ],
    extraHeaders: [],
  })
  const sentHere = await invokeLab(lab.handlers, 'runner.send', composer('token'))
  expect(sentHere.status).toBe(200)
  // Another server: the runner records what it received, tokens included.
  const sentThere = await invokeLab(lab.handlers, 'runner.send', composer(otherUrl + token))
  expect(sentThere.status).toBe(200)
  const there = JSON.parse(sentThere.response.body) as { access_token: string; refresh_token: string }
  issued.push(there.access_token, there.refresh_token)
}

beforeAll(async () => {
  lab = await createLab({ dbPath: ':memory:', workspace })
  other = await createLab({ dbPath: ':memory:', workspace })
  baseUrl = (await lab.start({ port: 0 })).baseUrl!
  otherUrl = (await other.start({ port: 0 })).baseUrl!
  await sendRequests()
  const { items } = await invokeLab(lab.handlers, 'exchanges.list', { limit: 100 })
  exchanges = await Promise.all(items.map((s) => invokeLab(lab.handlers, 'exchanges.get', { id: s.id })))
  har = exchangesToHar(exchanges, { baseUrl })
})
afterAll(async () => {
  await lab?.close()
  await other?.close()
})

/** HAR's custom fields start with `_`. */
const custom = (entry: HarEntry): HarEntry['_ropcLab'] => entry['_ropcLab']
const entryOf = (e: Exchange): HarEntry => har.log.entries.find((x) => custom(x).id === e.id)!
const byTarget = (pred: (e: Exchange) => boolean): Exchange => {
  const found = exchanges.find(pred)
  if (!found) throw new Error('no such exchange')
  return found
}

describe('HAR export of recorded exchanges', () => {
  it('records every request sent (one entry per exchange, oldest first)', () => {
    expect(exchanges.length).toBe(11)
    expect(har.log.entries).toHaveLength(exchanges.length)
    const times = har.log.entries.map((e) => Date.parse(e.startedDateTime))
    expect(times).toEqual([...times].sort((a, b) => a - b))
  })

  it('is valid HAR 1.2 by har-validator, as built and after a JSON round trip', async () => {
    const check = async (data: unknown) => {
      try {
        await harValidator.har(data)
      } catch (err) {
        throw new Error(`not valid HAR: ${JSON.stringify((err as { errors?: unknown }).errors ?? err)}`, { cause: err })
      }
    }
    await check(har)
    await check(JSON.parse(JSON.stringify(har)))
    expect(har.log.version).toBe('1.2')
    expect(har.log.creator).toEqual({ name: 'ROPC Lab', version: expect.stringMatching(/^\d+\.\d+\.\d+/) })
  })

  it('refuses a log har-validator would refuse (the check can fail)', async () => {
    const broken = JSON.parse(JSON.stringify(har)) as { log: { entries: Array<{ request: { url: string } }> } }
    broken.log.entries[0]!.request.url = 'not a url'
    await expect(harValidator.har(broken)).rejects.toThrow()
  })

  it("resolves the embedded server's paths against the base URL, and keeps the composer's absolute URLs", () => {
    for (const entry of har.log.entries) expect(entry.request.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)
    const there = byTarget((e) => e.request.target.startsWith(otherUrl))
    expect(entryOf(there).request.url).toBe(otherUrl + ENDPOINT_PATHS.token)
    const metadata = byTarget((e) => e.endpoint === ENDPOINT_PATHS.metadata)
    expect(entryOf(metadata).request.url).toBe(baseUrl + ENDPOINT_PATHS.metadata)
    expect(entryOf(metadata).serverIPAddress).toBe('127.0.0.1')
    expect(entryOf(metadata).request.postData).toBeUndefined()
  })

  it('keeps server-recorded exchanges exactly as stored (already masked)', () => {
    for (const e of exchanges.filter((x) => x.origin === 'external')) {
      const entry = entryOf(e)
      if (e.request.body) expect(entry.request.postData?.text).toBe(e.request.body)
      expect(entry.response.content.text).toBe(e.response.body)
      expect(entry.response.status).toBe(e.response.status)
      expect(entry.request.headers).toEqual(e.request.headers.map(([name, value]) => ({ name, value })))
    }
  })

  it('gives form bodies as params, masked, and the query as queryString, masked', () => {
    const password = byTarget((e) => e.grantType === 'password' && e.status === 200 && e.origin === 'external')
    const params = entryOf(password).request.postData!
    expect(params.mimeType).toBe('application/x-www-form-urlencoded')
    expect(params.params).toEqual([
      { name: 'grant_type', value: 'password' },
      { name: 'username', value: USER.username },
      { name: 'password', value: '***' },
    ])
    const query = byTarget((e) => e.request.target.includes('?'))
    expect(entryOf(query).request.queryString).toEqual([
      { name: 'client_id', value: CLIENT.id },
      { name: 'client_secret', value: '***' },
    ])
  })

  it('describes each answer: status text, content with size and mime type, body size', () => {
    const wrong = byTarget((e) => e.status === 400 && e.error === 'invalid_grant')
    const r = entryOf(wrong).response
    expect(r).toMatchObject({ status: 400, statusText: 'Bad Request', httpVersion: 'HTTP/1.1', redirectURL: '' })
    expect(r.content.mimeType).toBe('application/json')
    expect(r.content.size).toBe(Buffer.byteLength(wrong.response.body))
    expect(r.bodySize).toBe(Buffer.byteLength(wrong.response.body))
    expect(JSON.parse(r.content.text)).toMatchObject({ error: 'invalid_grant' })
  })

  it('keeps the trace, findings and who-asked-what in _ropcLab', () => {
    const password = byTarget((e) => e.grantType === 'password' && e.status === 200 && e.origin === 'external')
    expect(custom(entryOf(password))).toEqual({
      id: password.id,
      origin: 'external',
      endpoint: ENDPOINT_PATHS.token,
      grantType: 'password',
      clientId: CLIENT.id,
      username: USER.username,
      error: null,
      hashMs: password.hashMs,
      trace: password.trace,
      findings: password.findings,
    })
    expect(password.trace.length).toBeGreaterThan(0)
    const query = byTarget((e) => e.request.target.includes('?'))
    expect(custom(entryOf(query))).toMatchObject({ error: 'invalid_request', findings: query.findings })
    expect(query.findings.map((f) => f.code)).toContain('credentials_in_query')
    const composer = byTarget((e) => e.origin === 'composer')
    expect(custom(entryOf(composer)).origin).toBe('composer')
  })

  it('holds no password, client secret or issued token in clear, in any encoding', () => {
    const text = JSON.stringify(har)
    const secrets = [CLIENT.secret, USER.password, WRONG_PASSWORD]
    expect(issued.length).toBe(6)
    for (const s of secrets) {
      for (const form of [s, formEncode(s), encodeURIComponent(s), JSON.stringify(s).slice(1, -1)])
        expect(text, `${s} as ${form}`).not.toContain(form)
    }
    expect(text).not.toContain(Buffer.from(`${formEncode(CLIENT.id)}:${formEncode(CLIENT.secret)}`).toString('base64'))
    for (const token of issued) {
      expect(text).not.toContain(token)
      // A JWT's signature is what makes it a bearer credential.
      const signature = token.split('.')[2]
      if (signature) expect(text).not.toContain(signature)
    }
  })

  it('a token another server issued to the composer is masked as stored, and stays masked in the HAR', () => {
    const there = byTarget((e) => e.request.target.startsWith(otherUrl))
    const stored = JSON.parse(there.response.body) as { access_token: string }
    expect(stored.access_token).toMatch(/\.signature-not-stored$/)
    const exported = JSON.parse(entryOf(there).response.content.text) as { access_token: string }
    expect(exported.access_token).toMatch(/\.signature-not-stored$/)
    expect(exported.access_token.split('.').slice(0, 2)).toEqual(stored.access_token.split('.').slice(0, 2))
  })

  it('masks a revealed (in-memory, unmasked) exchange too', async () => {
    const password = byTarget((e) => e.grantType === 'password' && e.status === 200 && e.origin === 'external')
    const revealed = await invokeLab(lab.handlers, 'exchanges.get', { id: password.id, reveal: true })
    expect(revealed.revealed).toBe(true)
    expect(revealed.request.body).toContain(formEncode(USER.password))
    const entry = exchangesToHar([revealed], { baseUrl }).log.entries[0]!
    expect(entry.request.postData?.text).toBe(password.request.body)
    expect(JSON.stringify(entry)).not.toContain(formEncode(USER.password))
    for (const token of issued) expect(JSON.stringify(entry)).not.toContain(token)
  })

  it('refuses a base URL that is not an absolute http(s) URL', () => {
    expect(() => exchangesToHar(exchanges, { baseUrl: '127.0.0.1:8443' })).toThrow(/absolute http\(s\) URL/)
    expect(() => exchangesToHar(exchanges, { baseUrl: 'ftp://x' })).toThrow(/absolute http\(s\) URL/)
  })
})
