// The response checks on real HTTP answers: a tiny node:http server that breaks the rules
// (rfc-checklist.md "Judging another server's answer") must have each breakage named, and the
// embedded token server must give no server finding above info for its own answers.
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Finding, HeaderList } from '../../../src/shared/exchange'
import {
  classifyEndpoint,
  judgeBasicAndBodyAccepted,
  judgeBasicNotFormDecoded,
  judgeGrantTypesSupported,
  judgeRefreshReuse,
  judgeResponse,
  type JudgedExchange,
} from '../../../src/shared/response-checks'
import { basicAuthorization, formEncode } from '../../../src/shared/token-request'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { startHarness, type Harness } from '../../helpers/token-server-harness'

const FORM: HeaderList = [['Content-Type', 'application/x-www-form-urlencoded']]

/** Sends one request over real HTTP and returns it with the answer, as the checks judge it. */
function send(
  method: string,
  url: string,
  headers: HeaderList = [],
  params: Array<[string, string]> = [],
): Promise<JudgedExchange> {
  const body = params.length === 0 ? '' : formEncode(params)
  const bytes = Buffer.from(body)
  return new Promise((resolve, reject) => {
    const outgoing = Object.fromEntries([...headers, ['Content-Length', String(bytes.length)]])
    const req = http.request(url, { method, agent: false, headers: outgoing }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const raw = res.rawHeaders
        const responseHeaders: HeaderList = []
        for (let i = 0; i < raw.length; i += 2) responseHeaders.push([raw[i]!, raw[i + 1]!])
        resolve({
          endpoint: classifyEndpoint(url, method, body),
          request: { method, url, headers, body },
          response: {
            status: res.statusCode ?? 0,
            headers: responseHeaders,
            body: Buffer.concat(chunks).toString('utf8'),
          },
        })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(bytes)
  })
}

const codesOf = (findings: Finding[]) => findings.map((f) => f.code)
const aboveInfo = (findings: Finding[]) => findings.filter((f) => f.severity !== 'info')

function readBody(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))))
  })
}

/** A server that gets several rules wrong, each on purpose. */
async function rogueHandler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://x').pathname
  const params = await readBody(req)
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
  }
  if (path === '/oauth2/token') {
    if (req.headers.authorization?.startsWith('Basic ')) {
      // 400 instead of 401 after Basic, extra error members, no no-store.
      return json(400, { error: 'invalid_client', error_description: 'Bad client', trace_id: 'abc', retry: false })
    }
    // A success that may be cached.
    return json(200, { access_token: 'rogue-access-token', token_type: 'Bearer', expires_in: 300 })
  }
  if (path === '/oauth2/introspect') {
    return json(200, { active: false, reason: 'expired', username: params.get('token') ? 'alice' : '' })
  }
  if (path === '/.well-known/oauth-authorization-server') {
    return json(200, { issuer: 'https://login.rogue.test', token_endpoint: 'https://login.rogue.test/oauth2/token' })
  }
  json(404, { error: 'not_found' })
}

describe('judging a server that breaks the rules, over real HTTP', () => {
  let server: http.Server
  let base: string

  beforeAll(async () => {
    server = http.createServer((req, res) => void rogueHandler(req, res))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  const grant: Array<[string, string]> = [
    ['grant_type', 'password'],
    ['username', 'alice'],
    ['password', 'alice-password-1'],
  ]

  it('RFC 6749 §5.1: a token success without Cache-Control: no-store (and without Pragma)', async () => {
    const x = await send('POST', `${base}/oauth2/token`, FORM, [...grant, ['client_id', 'app'], ['client_secret', 's']])
    expect(x.endpoint).toBe('token')
    const findings = judgeResponse(x)
    expect(codesOf(findings).sort()).toEqual(['token_response_cacheable', 'token_response_no_pragma'])
    expect(findings.find((f) => f.code === 'token_response_cacheable')).toMatchObject({
      side: 'server',
      severity: 'error',
    })
  })

  it('RFC 6749 §5.2: invalid_client after Basic answered 400, with extra error members, and cacheable', async () => {
    const x = await send(
      'POST',
      `${base}/oauth2/token`,
      [...FORM, ['Authorization', basicAuthorization('app', 'wrong')]],
      grant,
    )
    const findings = judgeResponse(x)
    expect(codesOf(findings).sort()).toEqual([
      'error_body_extra_keys',
      'invalid_client_not_401',
      'token_response_cacheable',
    ])
    expect(findings.find((f) => f.code === 'error_body_extra_keys')!.message).toContain('"trace_id", "retry"')
    expect(findings.find((f) => f.code === 'invalid_client_not_401')!.message).toContain('status 400')
  })

  it('RFC 7662 §2.2: an inactive token introspected with more than {"active": false}', async () => {
    const x = await send('POST', `${base}/oauth2/introspect`, FORM, [['token', 'some-token']])
    expect(x.endpoint).toBe('introspect')
    const findings = judgeResponse(x)
    expect(codesOf(findings)).toEqual(['introspection_inactive_extra_members'])
    expect(findings[0]!.message).toContain('"reason", "username"')
    expect(findings[0]!.message).not.toContain('alice')
  })

  it('RFC 8414 §3.3: metadata whose issuer differs from where it was fetched', async () => {
    const x = await send('GET', `${base}/.well-known/oauth-authorization-server`)
    expect(x.endpoint).toBe('metadata')
    const findings = judgeResponse(x)
    expect(codesOf(findings)).toEqual(['metadata_issuer_mismatch'])
    expect(findings[0]!.message).toContain(`so the issuer must be "${base}"`)
    expect(findings[0]!.message).toContain('"https://login.rogue.test"')
  })
})

describe('the embedded token server judged by its own checks', () => {
  let h: Harness
  const SECRET = 'p@ss word+1'
  const basic = (formEncoded = true): HeaderList => [
    ...FORM,
    ['Authorization', basicAuthorization('legacy', SECRET, formEncoded)],
  ]
  const url = (path: string) => h.baseUrl + path

  beforeAll(async () => {
    h = await startHarness()
    await h.addClient({ clientId: 'legacy', secret: SECRET })
    await h.addUser({ username: 'alice', password: 'alice-password-1' })
  })
  afterAll(async () => {
    await h.close()
  })

  const passwordGrant = (scope = 'read write') =>
    send('POST', url(ENDPOINT_PATHS.token), basic(), [
      ['grant_type', 'password'],
      ['username', 'alice'],
      ['password', 'alice-password-1'],
      ['scope', scope],
    ])

  it('a password grant, a refresh and a refused reuse raise no server finding above info', async () => {
    const grant = await passwordGrant()
    expect(grant.response.status).toBe(200)
    expect(aboveInfo(judgeResponse(grant))).toEqual([])
    const narrowed = await passwordGrant('read')
    expect(aboveInfo(judgeResponse(narrowed))).toEqual([])

    const refreshToken = JSON.parse(grant.response.body).refresh_token as string
    const refresh = () =>
      send('POST', url(ENDPOINT_PATHS.token), basic(), [
        ['grant_type', 'refresh_token'],
        ['refresh_token', refreshToken],
      ])
    const first = await refresh()
    expect(first.response.status).toBe(200)
    expect(aboveInfo(judgeResponse(first))).toEqual([])
    const reuse = await refresh()
    expect(reuse.response.status).toBe(400)
    expect(aboveInfo(judgeResponse(reuse))).toEqual([])
    expect(judgeRefreshReuse(reuse, first)).toEqual([])
  })

  it('its errors (wrong password, wrong Basic secret, Basic plus body) raise no server finding above info', async () => {
    const wrongPassword = await send('POST', url(ENDPOINT_PATHS.token), basic(), [
      ['grant_type', 'password'],
      ['username', 'alice'],
      ['password', 'nope'],
    ])
    expect(wrongPassword.response.status).toBe(400)
    expect(aboveInfo(judgeResponse(wrongPassword))).toEqual([])
    const wrongClient = await send(
      'POST',
      url(ENDPOINT_PATHS.token),
      [...FORM, ['Authorization', basicAuthorization('legacy', 'wrong')]],
      [
        ['grant_type', 'password'],
        ['username', 'alice'],
        ['password', 'alice-password-1'],
      ],
    )
    expect(wrongClient.response.status).toBe(401)
    expect(aboveInfo(judgeResponse(wrongClient))).toEqual([])
    const both = await send('POST', url(ENDPOINT_PATHS.token), basic(), [
      ['grant_type', 'password'],
      ['username', 'alice'],
      ['password', 'alice-password-1'],
      ['client_secret', SECRET],
    ])
    expect(both.response.status).toBe(400)
    expect(judgeBasicAndBodyAccepted(both)).toEqual([])
    expect(aboveInfo(judgeResponse(both))).toEqual([])
  })

  it('RFC 6749 §2.3.1: it form-decodes Basic credentials (strict client: raw ones are refused)', async () => {
    const grant: Array<[string, string]> = [
      ['grant_type', 'password'],
      ['username', 'alice'],
      ['password', 'alice-password-1'],
    ]
    const encoded = await send('POST', url(ENDPOINT_PATHS.token), basic(true), grant)
    const raw = await send('POST', url(ENDPOINT_PATHS.token), basic(false), grant)
    expect([encoded.response.status, raw.response.status]).toEqual([200, 401])
    expect(judgeBasicNotFormDecoded(encoded, raw)).toEqual([])
  })

  it('introspection (active and inactive), revocation, metadata and JWKS raise no server finding above info', async () => {
    const grant = await passwordGrant()
    const { access_token: accessToken } = JSON.parse(grant.response.body) as { access_token: string }
    const answers = [
      await send('POST', url(ENDPOINT_PATHS.introspect), basic(), [['token', accessToken]]),
      await send('POST', url(ENDPOINT_PATHS.introspect), basic(), [['token', 'unknown-token']]),
      await send('POST', url(ENDPOINT_PATHS.revoke), basic(), [['token', accessToken]]),
      await send('POST', url(ENDPOINT_PATHS.revoke), basic(), [['token', 'unknown-token']]),
      await send('POST', url(ENDPOINT_PATHS.introspect), basic(), [['token', accessToken]]),
      await send('GET', url(ENDPOINT_PATHS.metadata)),
      await send('GET', url(ENDPOINT_PATHS.jwks)),
    ]
    expect(answers.map((x) => x.endpoint)).toEqual([
      'introspect',
      'introspect',
      'revoke',
      'revoke',
      'introspect',
      'metadata',
      'jwks',
    ])
    expect(answers.map((x) => x.response.status)).toEqual([200, 200, 200, 200, 200, 200, 200])
    // The access token revoked above is inactive now, and answered as exactly {"active": false}.
    expect(JSON.parse(answers[4]!.response.body)).toEqual({ active: false })
    for (const x of answers) expect([x.request.url, aboveInfo(judgeResponse(x))]).toEqual([x.request.url, []])
    expect(judgeGrantTypesSupported(answers[5]!.response.body, ['password', 'refresh_token'])).toEqual([])
  })
})
