// The recording proxy and the token server judge a request with the same stateless rules
// (request-rules.ts): each bad request goes through `lab.proxy({ upstream })` to a second lab, and the
// client findings the proxy records are exactly the ones the upstream server records for the very
// same bytes that it can see from the request alone (basis "request"). Its findings that need the
// server's state (unknown scope, a public client's secret…) the proxy cannot have, and does not.
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../../src/lab/create-lab'
import type { Lab } from '../../../src/lab/lab-types'
import type { RecordingProxy } from '../../../src/lab/proxy/index'
import type { Exchange } from '../../../src/shared/exchange'
import { findingDefinition, REQUEST_CLIENT_FINDING_CODES, type ClientFindingCode } from '../../../src/shared/findings'
import { basicAuthorization } from '../../../src/shared/token-request'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { clientCodes } from './expect-finding'

const SECRET = 'legacy-secret'
const GRANT = 'grant_type=password&username=alice&password=alice-password-1'
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' }
const BASIC = { Authorization: basicAuthorization('legacy', SECRET, true) }

let upstream: Lab
let lab: Lab
let proxy: RecordingProxy

beforeAll(async () => {
  upstream = await createLab({
    dbPath: ':memory:',
    hashThreads: 1,
    workspace: {
      version: 1,
      settings: { bcryptCost: 4, tokenFormat: 'opaque' },
      scopes: [{ name: 'read', default: true }, { name: 'write' }],
      clients: [
        { clientId: 'legacy', secret: SECRET, scopes: ['read', 'write'] },
        { clientId: 'slash-app', secret: 'a/b c', scopes: ['read'] },
        { clientId: 'mobile', public: true, scopes: ['read'] },
      ],
      users: [{ username: 'alice', password: 'alice-password-1' }],
    },
  })
  const upstreamBase = (await upstream.start({ port: 0 })).baseUrl!
  lab = await createLab({ dbPath: ':memory:', hashThreads: 1, workspace: { version: 1, settings: { bcryptCost: 4 } } })
  proxy = await lab.proxy({ upstream: upstreamBase })
})
afterAll(async () => {
  await proxy?.close()
  await lab?.close()
  await upstream?.close()
})

function send(method: string, path: string, headers: Record<string, string>, body = ''): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, proxy.baseUrl), { method, headers, agent: false }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end(body === '' ? undefined : body)
  })
}

async function latest(of: Lab): Promise<Exchange> {
  const [summary] = (await of.handlers['exchanges.list']({ limit: 1, offset: 0 })).items
  return of.handlers['exchanges.get']({ id: summary!.id, reveal: false })
}

interface Case {
  code: ClientFindingCode
  method?: string
  path?: string
  headers: Record<string, string>
  body?: string
}

const token = ENDPOINT_PATHS.token
const CASES: Case[] = [
  { code: 'wrong_http_method', method: 'GET', path: `${token}?${GRANT}`, headers: BASIC },
  { code: 'wrong_http_method', path: ENDPOINT_PATHS.metadata, headers: FORM, body: 'x=1' },
  {
    code: 'credentials_in_query',
    path: `${token}?client_id=legacy&client_secret=${SECRET}`,
    headers: FORM,
    body: GRANT,
  },
  {
    code: 'password_in_query',
    path: `${token}?password=x`,
    headers: { ...FORM, ...BASIC },
    body: 'grant_type=password',
  },
  { code: 'missing_content_type', headers: BASIC, body: GRANT },
  { code: 'wrong_content_type', headers: { ...BASIC, 'Content-Type': 'application/json' }, body: '{"a":1}' },
  {
    code: 'form_charset_not_utf8',
    headers: { ...BASIC, 'Content-Type': 'application/x-www-form-urlencoded; charset=windows-1252' },
    body: GRANT,
  },
  { code: 'malformed_form_body', headers: { ...FORM, ...BASIC }, body: `${GRANT}&scope=100%zz` },
  { code: 'repeated_parameter', headers: { ...FORM, ...BASIC }, body: `${GRANT}&scope=read&scope=write` },
  { code: 'empty_parameter', headers: { ...FORM, ...BASIC }, body: `${GRANT}&scope=` },
  { code: 'unknown_parameter', headers: { ...FORM, ...BASIC }, body: `${GRANT}&audience=api` },
  { code: 'missing_parameter', headers: { ...FORM, ...BASIC }, body: 'grant_type=password&username=alice' },
  { code: 'missing_parameter', path: ENDPOINT_PATHS.introspect, headers: { ...FORM, ...BASIC }, body: 'x=1' },
  { code: 'accept_not_json', headers: { ...FORM, ...BASIC, Accept: 'text/html' }, body: GRANT },
  {
    code: 'basic_not_form_encoded',
    headers: { ...FORM, Authorization: basicAuthorization('slash-app', 'a/b c', false) },
    body: GRANT,
  },
  { code: 'basic_and_body_credentials', headers: { ...FORM, ...BASIC }, body: `${GRANT}&client_secret=${SECRET}` },
  { code: 'empty_client_secret', headers: FORM, body: `${GRANT}&client_id=legacy&client_secret=` },
  { code: 'client_secret_post_used', headers: FORM, body: `${GRANT}&client_id=legacy&client_secret=${SECRET}` },
  { code: 'insecure_transport', headers: FORM, body: `${GRANT}&client_id=mobile` },
  { code: 'scope_comma_separated', headers: { ...FORM, ...BASIC }, body: `${GRANT}&scope=read,write` },
  // Findings the upstream raises from its state on top: a public client's secret, an unknown scope.
  { code: 'client_secret_post_used', headers: FORM, body: `${GRANT}&client_id=mobile&client_secret=x` },
  { code: 'empty_parameter', headers: { ...FORM, ...BASIC }, body: `${GRANT}&scope=Read&state=` },
]

const fromRequest = (e: Exchange): string[] =>
  clientCodes(e)
    .filter((c) => findingDefinition(c as ClientFindingCode).basis === 'request')
    .sort()

describe('the proxy and the server judge a request alike (one definition per rule)', () => {
  it.each(CASES.map((c, i) => [`${i + 1}. ${c.code}`, c] as const))(
    '%s: the proxy records the client findings the upstream server sees in the same request',
    async (_name, c) => {
      await send(c.method ?? 'POST', c.path ?? token, c.headers, c.body)
      const viaProxy = await latest(lab)
      const atUpstream = await latest(upstream)
      expect(viaProxy.origin).toBe('proxy')
      expect(atUpstream.origin).toBe('external')
      const proxyCodes = clientCodes(viaProxy).sort()
      expect(proxyCodes).toContain(c.code)
      expect(proxyCodes).toEqual(fromRequest(atUpstream))
      // Same code, same RFC section on both sides.
      for (const f of viaProxy.findings.filter((x) => x.side === 'client')) {
        expect(atUpstream.findings.find((x) => x.code === f.code)?.rfc).toBe(f.rfc)
      }
    },
  )

  it('covers every client finding judged from the request alone', () => {
    expect([...new Set(CASES.map((c) => c.code))].sort()).toEqual([...REQUEST_CLIENT_FINDING_CODES].sort())
  })

  it('the upstream adds what only its state shows: secret_from_public_client, unknown_scope', async () => {
    await send('POST', token, FORM, `${GRANT}&client_id=mobile&client_secret=x`)
    expect(clientCodes(await latest(upstream))).toContain('secret_from_public_client')
    expect(clientCodes(await latest(lab))).not.toContain('secret_from_public_client')
    await send('POST', token, { ...FORM, ...BASIC }, `${GRANT}&scope=Read`)
    expect(clientCodes(await latest(upstream))).toContain('unknown_scope')
    expect(clientCodes(await latest(lab))).not.toContain('unknown_scope')
  })

  it('a conforming password grant through the proxy raises no client finding above info on either side', async () => {
    expect(await send('POST', token, { ...FORM, ...BASIC, Accept: 'application/json' }, `${GRANT}&scope=read`)).toBe(
      200,
    )
    for (const e of [await latest(lab), await latest(upstream)]) {
      expect(e.findings.filter((f) => f.side === 'client' && f.severity !== 'info')).toEqual([])
    }
  })
})
