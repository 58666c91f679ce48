// The LabApi calls of the live-traffic tools against a real lab (real SQLite file, real HTTP on
// 127.0.0.1:0): the HTTPS certificate as the UI shows it (never the key), History as a HAR 1.2 file
// (har-validator's schema, masked as stored, History's filter), the composer's "Copy as" (placeholders
// unless secrets are asked for) and the restart of the embedded server.
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { invokeLab } from '../../src/lab/dispatch'
import type { HarLog } from '../../src/lab/har'
import type { Lab } from '../../src/lab/lab-types'
import { SNIPPET_LANGUAGES } from '../../src/lab/snippets'
import { HAR_FILE_NAME } from '../../src/shared/history-api'
import {
  exchangeListSchema,
  labApiInputs,
  LabError,
  type LabInput,
  type LabMethod,
  type LabOutput,
  type RunnerRequest,
  type ServerStatus,
} from '../../src/shared/lab-api'
import { SNIPPET_LANGUAGE_NAMES } from '../../src/shared/snippets-api'

const harValidator = createRequire(import.meta.url)('har-validator') as { har(data: unknown): Promise<unknown> }

const SECRET = 'traffic-Secret-8c1f'
const PASSWORD = 'traffic pässword+&-4b2'
const WRONG = 'traffic-wrong-Password-77'

let dir: string
let lab: Lab
let baseUrl: string
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-traffic-'))
  lab = await createLab({
    dbPath: join(dir, 'lab.db'),
    hashThreads: 1,
    workspace: {
      version: 1,
      settings: { bcryptCost: 4, tokenFormat: 'jwt' },
      scopes: [{ name: 'read', default: true }],
      clients: [{ clientId: 'legacy', secret: SECRET, scopes: ['read'] }],
      users: [{ username: 'alice', password: PASSWORD }],
    },
  })
  baseUrl = (await lab.start({ port: 0 })).baseUrl!
})
afterAll(async () => {
  await lab.close()
  rmSync(dir, { recursive: true, force: true })
})

const call = <M extends LabMethod>(m: M, input: LabInput<M>): Promise<LabOutput<M>> => invokeLab(lab.handlers, m, input)

const grantRequest = (password: string, auth: RunnerRequest['auth']['method'] = 'basic'): RunnerRequest => ({
  target: 'token',
  auth: { method: auth, clientId: 'legacy', clientSecret: SECRET },
  params: [
    ['grant_type', 'password'],
    ['username', 'alice'],
    ['password', password],
  ],
})

describe('tls.certificate', () => {
  it('gives the PEM certificate, its SHA-256 fingerprint and validity — never the private key — the same each time', async () => {
    const first = await call('tls.certificate', {})
    expect(Object.keys(first).sort()).toEqual(['certPem', 'fingerprintSha256', 'notAfter', 'notBefore'])
    expect(JSON.stringify(first)).not.toMatch(/PRIVATE KEY/)
    const x509 = new X509Certificate(first.certPem)
    expect(first.fingerprintSha256).toBe(x509.fingerprint256)
    expect(first.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    expect(first.notBefore).toBeLessThan(Date.now())
    expect(first.notAfter).toBe(Date.parse(x509.validTo))
    expect(await call('tls.certificate', {})).toEqual(first)
  })
})

describe('exchanges.exportHar', () => {
  it('writes the filtered exchanges as HAR 1.2 (har-validator), absolute URLs on the embedded server, masked', async () => {
    expect((await call('runner.send', grantRequest(PASSWORD))).status).toBe(200)
    expect((await call('runner.send', grantRequest(WRONG, 'body'))).status).toBe(400)
    const outside = await fetch(`${baseUrl}/oauth/v2/oauth-token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        username: 'alice',
        password: PASSWORD,
        client_id: 'legacy',
        client_secret: SECRET,
      }).toString(),
    })
    const issued = ((await outside.json()) as { access_token: string }).access_token

    const all = await call('exchanges.exportHar', {})
    expect(all.fileName).toBe(HAR_FILE_NAME)
    const har = JSON.parse(all.text) as HarLog
    await expect(harValidator.har(har)).resolves.toBeTruthy()
    expect(all.entries).toBe(har.log.entries.length)
    expect(all.entries).toBe((await call('exchanges.list', {})).total)
    for (const e of har.log.entries) expect(e.request.url.startsWith(`${baseUrl}/oauth/v2/`)).toBe(true)
    for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), SECRET, WRONG, issued])
      expect(all.text).not.toContain(secret)

    // History's filter: only the refused attempt.
    const refused = await call('exchanges.exportHar', { status: 400 })
    const entries = (JSON.parse(refused.text) as HarLog).log.entries
    expect(entries.map((e) => [e.response.status, e['_ropcLab'].error])).toEqual([[400, 'invalid_grant']])
    await expect(harValidator.har(JSON.parse(refused.text))).resolves.toBeTruthy()
  })

  it('takes the same filter keys as exchanges.list (and a limit, without paging)', () => {
    const listKeys = Object.keys(exchangeListSchema.shape).filter((k) => k !== 'offset')
    expect(Object.keys(labApiInputs['exchanges.exportHar'].shape).sort()).toEqual(listKeys.sort())
  })
})

describe('snippets.render', () => {
  it('offers the generator’s languages', () => {
    expect([...SNIPPET_LANGUAGE_NAMES].sort()).toEqual([...SNIPPET_LANGUAGES].sort())
  })

  it('puts placeholders for the secret and the password unless includeSecrets, for the embedded server URL', async () => {
    for (const language of SNIPPET_LANGUAGE_NAMES) {
      const hidden = await call('snippets.render', { request: grantRequest(PASSWORD, 'body'), language })
      expect(hidden.text).toContain('$PASSWORD')
      expect(hidden.text).toContain('$CLIENT_SECRET')
      expect(hidden.text).not.toContain(SECRET)
      expect(hidden.text).toContain(`${baseUrl}/oauth/v2/oauth-token`)
      const shown = await call('snippets.render', {
        request: grantRequest(PASSWORD, 'body'),
        language,
        includeSecrets: true,
      })
      expect(shown.text).toContain(SECRET)
      expect(shown.text).not.toContain('$PASSWORD')
    }
    const basic = await call('snippets.render', { request: grantRequest(PASSWORD), language: 'curl' })
    expect(basic.text).toContain('base64(legacy:$CLIENT_SECRET)')
  })

  it('says why a request cannot be built, and refuses an unknown language', async () => {
    const err = await call('snippets.render', {
      request: { ...grantRequest(PASSWORD), target: 'http://[not a host' },
      language: 'curl',
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(LabError)
    const bad = await call('snippets.render', {
      request: grantRequest(PASSWORD),
      language: 'cobol' as 'curl',
    }).catch((e: unknown) => e)
    expect((bad as LabError).details.join()).toMatch(/^language: /)
  })

  it('refuses a target with user:password@, which a snippet without secrets would still carry', async () => {
    const err = await call('snippets.render', {
      request: { ...grantRequest(PASSWORD), target: 'http://someone:Url-S3cret@127.0.0.1:9/token' },
      language: 'curl',
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(LabError)
    expect((err as LabError).message).toMatch(/carries credentials/)
  })
})

describe('server.restart', () => {
  it('listens again on the same port, announces it, and answers', async () => {
    const before = await call('server.status', {})
    const announced: ServerStatus[] = []
    const off = lab.events.on('server.status', (s) => announced.push(s))
    const after = await call('server.restart', {})
    off()
    expect(after).toMatchObject({ running: true, port: before.port, baseUrl: before.baseUrl })
    expect(announced.at(-1)).toEqual(after)
    // A new connection: a keep-alive socket of the earlier tests belonged to the listener that was closed.
    const status = await new Promise<number | undefined>((resolve, reject) =>
      http
        .get(`${after.baseUrl}/.well-known/oauth-authorization-server`, { agent: false }, (res) => {
          res.resume()
          resolve(res.statusCode)
        })
        .on('error', reject),
    )
    expect(status).toBe(200)
  })

  it('after the https setting is turned on, listens with TLS on the same port, trusted with the exported PEM', async () => {
    const before = await call('server.status', {})
    await call('settings.update', { https: true })
    try {
      const after = await call('server.restart', {})
      expect(after.baseUrl).toBe(`https://127.0.0.1:${before.port}`)
      const { certPem } = await call('tls.certificate', {})
      const status = await new Promise<number>((resolve, reject) => {
        https
          .get(`${after.baseUrl}/.well-known/oauth-authorization-server`, { ca: certPem, agent: false }, (res) => {
            res.resume()
            resolve(res.statusCode ?? 0)
          })
          .on('error', reject)
      })
      expect(status).toBe(200)
      // Plain HTTP on that port is no longer an answer.
      await expect(fetch(`http://127.0.0.1:${before.port}/.well-known/oauth-authorization-server`)).rejects.toThrow()
    } finally {
      await call('settings.update', { https: false })
      expect((await call('server.restart', {})).baseUrl).toBe(before.baseUrl)
    }
  })
})
