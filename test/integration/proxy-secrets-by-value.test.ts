// Credentials in shapes no masking rule reads, through the proxy and from the composer to another
// server: a client's secret in a JSON key written with `\u` escapes, in a JSON array, in an unquoted
// multipart name, after a `;`, in an `X-Client-Secret` header; a server that echoes the password and
// secret in its error_description, redirects with a token in the Location fragment (RFC 6749 §4.2.2)
// or in an encoded `return_to`, or nests a token deeper than the shape rules read. Each is masked by
// its value (src/shared/known-secrets.ts): the database, its WAL and SHM and `history --format
// json|har` hold none of them, in any encoding of the plaintext test — while the client still gets
// the upstream's answer as it was.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { invokeLab } from '../../src/lab/dispatch'
import type { Lab } from '../../src/lab/lab-types'
import { assertCliBuilt, runCli } from '../helpers/cli-process'
import { type DbFile, forms, occurrences, readDbFiles } from '../helpers/plaintext-scan'

const PASSWORD = 'ValuePw-8e1c Å&x'
const SECRET = 'ValueSecret-55d0'
const TOKEN = 'ValueToken-3f9a7c21'

let dir: string
let db: string
let lab: Lab
let upstream: http.Server
let upstreamBase: string
/** What the upstream answers next. */
let answer: (res: http.ServerResponse, body: string) => void = (res) => res.end('{}')
const clientSaw: string[] = []

const echo = (res: http.ServerResponse) =>
  res.writeHead(400, { 'Content-Type': 'application/json' }).end(
    JSON.stringify({
      error: 'invalid_client',
      error_description: `wrong password ${PASSWORD} or secret ${SECRET}`,
    }),
  )
const redirect = (location: string) => (res: http.ServerResponse) => res.writeHead(302, { Location: location }).end()
const deep = (res: http.ServerResponse) => {
  let doc: unknown = { access_token: TOKEN }
  for (let i = 0; i < 12; i++) doc = { data: [doc] }
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(doc))
}

beforeAll(async () => {
  assertCliBuilt()
  dir = mkdtempSync(join(tmpdir(), 'ropc-by-value-'))
  db = join(dir, 'lab.db')
  lab = await createLab({ dbPath: db, hashThreads: 1, workspace: { version: 1, settings: { bcryptCost: 4 } } })
  upstream = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => answer(res, Buffer.concat(chunks).toString()))
  })
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r))
  upstreamBase = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`
  const proxy = await lab.proxy({ upstream: `${upstreamBase}/token` })
  const send = async (contentType: string, body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${proxy.baseUrl}/token`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': contentType, ...headers },
      body,
    })
    clientSaw.push(`${res.headers.get('location') ?? ''} ${await res.text()}`)
  }
  const json = 'application/json'
  const form = 'application/x-www-form-urlencoded'
  const pw = JSON.stringify(PASSWORD)
  // What clients send in shapes of their own.
  answer = (res) => res.end('{}')
  await send(json, `{"grant_type":"password","username":"u","pass\\u0077ord":${pw}}`)
  await send(json, `{"grant_type":"password","username":"u","password":[${pw}]}`)
  await send(
    'multipart/form-data; boundary=b',
    `--b\r\nContent-Disposition: form-data; name=password\r\n\r\n${PASSWORD}\r\n--b--\r\n`,
  )
  await send(form, `grant_type=password;username=u;password=${encodeURIComponent(PASSWORD)}`)
  await send(form, 'grant_type=client_credentials&client_id=c', { 'X-Client-Secret': SECRET })
  // What servers answer in shapes of their own.
  answer = echo
  await send(
    form,
    new URLSearchParams({ grant_type: 'password', password: PASSWORD, client_secret: SECRET }).toString(),
  )
  answer = redirect(`https://client.example/cb#access_token=${TOKEN}&state=s`)
  await send(form, 'grant_type=implicit')
  answer = redirect(`https://login.example/?return_to=${encodeURIComponent(`/token?client_secret=${SECRET}`)}`)
  await send(form, 'grant_type=client_credentials')
  answer = deep
  await send(form, 'grant_type=client_credentials')
  await proxy.close()
  // The composer to another server that echoes what it was sent.
  answer = echo
  await invokeLab(lab.handlers, 'runner.send', {
    target: `${upstreamBase}/token`,
    auth: { method: 'basic', clientId: 'c', clientSecret: SECRET },
    params: [
      ['grant_type', 'password'],
      ['username', 'u'],
      ['password', PASSWORD],
    ],
  })
})

afterAll(async () => {
  await lab?.close()
  upstream?.closeAllConnections()
  upstream?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const needles = () => new Map([...forms(null, PASSWORD), ...forms(null, SECRET), ...forms(null, TOKEN)])

describe('credentials in shapes no masking rule reads', () => {
  it('the client still got the upstream answers as they were', () => {
    expect(clientSaw.join('\n')).toContain(`wrong password ${PASSWORD}`)
    expect(clientSaw.join('\n')).toContain(`#access_token=${TOKEN}`)
  })

  it('the database, its WAL and SHM hold none of them, in any encoding', async () => {
    expect((await lab.handlers['exchanges.list']({ limit: 1, offset: 0 })).total).toBe(10)
    expect(occurrences(readDbFiles(db), needles())).toEqual([])
  })

  it('nor do history --format json and --format har', async () => {
    const files: DbFile[] = []
    for (const format of ['json', 'har']) {
      const out = join(dir, `history.${format}`)
      const result = await runCli(['history', '--db', db, '--format', format, '--out', out])
      expect(result.code, result.stderr).toBe(0)
      files.push({ name: `history --format ${format}`, bytes: readFileSync(out) })
    }
    expect(occurrences(files, needles())).toEqual([])
  })
})

describe('a credential that is also a word of the protocol', () => {
  it('is masked by shape only: the record keeps grant_type=password and the parameter names', async () => {
    answer = (res) => res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"error":"invalid_grant"}')
    const proxy = await lab.proxy({ upstream: `${upstreamBase}/token` })
    try {
      const body = 'grant_type=password&username=u&password=password&client_id=c&client_secret=secret'
      await fetch(`${proxy.baseUrl}/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      })
    } finally {
      await proxy.close()
    }
    const [latest] = (await lab.handlers['exchanges.list']({ limit: 1, offset: 0 })).items
    const e = await lab.handlers['exchanges.get']({ id: latest!.id, reveal: false })
    expect(e.request.body).toBe('grant_type=password&username=u&password=***&client_id=c&client_secret=***')
    expect(e).toMatchObject({ grantType: 'password', error: 'invalid_grant' })
  })
})
