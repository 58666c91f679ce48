// A recorded run with known counts for the migration report: a real lab on 127.0.0.1:0, real HTTP
// from several clients (Basic, body, public; successes, failures; several users and one technical
// user; refreshes with a rotation reuse), one composer request, one grant naming no client, and a
// client talking through the recording proxy to an upstream that answers with RFC 9745
// `Deprecation` headers. The expected numbers are written next to the traffic that makes them.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createLab } from '../../src/lab/create-lab'
import type { Lab } from '../../src/lab/lab-types'
import { basicAuthorization, formEncode } from '../../src/shared/token-request'
import { ENDPOINT_PATHS } from '../../src/shared/wire'

export const SCRIPT_CLIENT = '<script>alert("x")</script>'
export const TV_USER_AGENT = 'Mozilla/5.0 (Linux; Tizen 6.0) AppleWebKit/537.36 SMART-TV Safari/537.36'
export const DEPRECATED_AT = '@1735689600'

export const MIGRATION_WORKSPACE = {
  version: 1,
  settings: { bcryptCost: 4, tokenFormat: 'opaque', refreshTokenRotation: true },
  scopes: [{ name: 'read', default: true }],
  clients: [
    {
      clientId: 'legacy-web',
      secret: 'legacy-web-secret',
      authMethods: ['client_secret_basic'],
      scopes: ['read'],
    },
    {
      clientId: 'batch-job',
      secret: 'batch-job-secret',
      authMethods: ['client_secret_post'],
      scopes: ['read'],
    },
    { clientId: 'media-player', public: true, scopes: ['read'] },
    { clientId: 'mobile-app', public: true, scopes: ['read'] },
    { clientId: 'dormant', secret: 'dormant-secret', scopes: ['read'] },
    // Never allowed the password grant: not in the report.
    { clientId: 'refresh-only', secret: 'refresh-only-secret', grantTypes: ['refresh_token'], scopes: ['read'] },
  ],
  users: [
    { username: 'alice', password: 'alice-password' },
    { username: 'bob', password: 'bob-password' },
    { username: 'carol', password: 'carol-password' },
    { username: 'svc-batch', password: 'svc-batch-password' },
  ],
}

interface Grant {
  params: Array<[string, string]>
  authorization?: string
  userAgent?: string
}

/** One form POST over node:http (not fetch: the same in a jsdom test environment); the JSON answer. */
export function post(url: string, { params, authorization, userAgent }: Grant): Promise<Record<string, unknown>> {
  const body = formEncode(params)
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      agent: false,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': Buffer.byteLength(body),
        ...(authorization && { Authorization: authorization }),
        ...(userAgent && { 'User-Agent': userAgent }),
      },
    })
    req.on('response', (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve(JSON.parse(text) as Record<string, unknown>))
    })
    req.on('error', reject)
    req.end(body)
  })
}

const password = (username: string, pw: string): Array<[string, string]> => [
  ['grant_type', 'password'],
  ['username', username],
  ['password', pw],
]
const refresh = (token: unknown): Array<[string, string]> => [
  ['grant_type', 'refresh_token'],
  ['refresh_token', String(token)],
]

/** An upstream token endpoint that deprecated the grant: every answer carries `Deprecation`. */
async function deprecatingUpstream(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      if (req.method !== 'POST') {
        res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"not_found"}')
        return
      }
      res
        .writeHead(200, {
          'Content-Type': 'application/json',
          'Cache-Control': 'no-store',
          Pragma: 'no-cache',
          Deprecation: DEPRECATED_AT,
          Link: '<https://as.example/migrate>; rel="deprecation"',
        })
        .end('{"access_token":"upstream-access-token-value","token_type":"Bearer","expires_in":60}')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/token`,
    close: () => new Promise((r) => server.close(() => r())),
  }
}

/** Sends the run; see the expected counts in the migration report tests. */
export async function recordMigrationTraffic(lab: Lab): Promise<void> {
  const { baseUrl } = await lab.start({ port: 0 })
  const token = `${baseUrl}${ENDPOINT_PATHS.token}`

  // legacy-web, Basic, a portal people sign in to: 3 users succeed, 1 wrong password; 1 refresh.
  const legacy = { authorization: basicAuthorization('legacy-web', 'legacy-web-secret'), userAgent: 'LegacyPortal/2.1' }
  const aliceGrant = await post(token, { ...legacy, params: password('alice', 'alice-password') })
  await post(token, { ...legacy, params: password('bob', 'bob-password') })
  await post(token, { ...legacy, params: password('carol', 'carol-password') })
  await post(token, { ...legacy, params: password('alice', 'wrong-password') })
  await post(token, { ...legacy, params: refresh(aliceGrant.refresh_token) })

  // batch-job, client_secret_post, one technical user: 3 successes, 1 failure; a refresh, then
  // the rotated-away token again (reuse: the family is revoked, RFC 9700 §4.14.2).
  const batch = { userAgent: 'python-requests/2.31.0' }
  const body = (params: Array<[string, string]>): Array<[string, string]> => [
    ...params,
    ['client_id', 'batch-job'],
    ['client_secret', 'batch-job-secret'],
  ]
  const first = await post(token, { ...batch, params: body(password('svc-batch', 'svc-batch-password')) })
  await post(token, { ...batch, params: body(password('svc-batch', 'svc-batch-password')) })
  await post(token, { ...batch, params: body(password('svc-batch', 'svc-batch-password')) })
  await post(token, { ...batch, params: body(password('svc-batch', 'not-it')) })
  await post(token, { ...batch, params: body(refresh(first.refresh_token)) })
  await post(token, { ...batch, params: body(refresh(first.refresh_token)) })

  // media-player, public, a smart TV: 2 users.
  const tv = { userAgent: TV_USER_AGENT }
  const pub = (clientId: string, params: Array<[string, string]>): Array<[string, string]> => [
    ...params,
    ['client_id', clientId],
  ]
  await post(token, { ...tv, params: pub('media-player', password('alice', 'alice-password')) })
  await post(token, { ...tv, params: pub('media-player', password('bob', 'bob-password')) })

  // mobile-app, public, a phone app: 2 users.
  const phone = { userAgent: 'okhttp/4.12.0' }
  await post(token, { ...phone, params: pub('mobile-app', password('alice', 'alice-password')) })
  await post(token, { ...phone, params: pub('mobile-app', password('carol', 'carol-password')) })

  // An unknown client whose id is markup: invalid_client (401), no user recorded.
  await post(token, { authorization: basicAuthorization(SCRIPT_CLIENT, 'guess'), params: password('bob', 'x') })
  // A password grant naming no client at all: invalid_client, attributed to no client.
  await post(token, { params: password('alice', 'alice-password') })

  // The composer (the lab's own traffic): left out by default.
  await lab.handlers['runner.send']({
    target: 'token',
    auth: { method: 'basic', clientId: 'legacy-web', clientSecret: 'legacy-web-secret', formEncodeBasic: true },
    params: password('alice', 'alice-password'),
    extraHeaders: [],
  })

  // old-sdk through the proxy, Basic, one user, 3 grants: each answer says Deprecation, and it
  // sends 2 more after the first.
  const upstream = await deprecatingUpstream()
  const proxy = await lab.proxy({ upstream: upstream.url, host: '127.0.0.1', port: 0 })
  try {
    for (let i = 0; i < 3; i++) {
      await post(`${proxy.baseUrl}/token`, {
        authorization: basicAuthorization('old-sdk', 'old-sdk-secret'),
        userAgent: 'OldSdk/0.9',
        params: password('dave', 'dave-password'),
      })
    }
  } finally {
    await proxy.close()
    await upstream.close()
  }
}

/** A lab with the migration workspace and the run recorded, on `dbPath`. */
export async function labWithMigrationTraffic(dbPath: string): Promise<Lab> {
  const lab = await createLab({ dbPath, workspace: MIGRATION_WORKSPACE, hashThreads: 1 })
  try {
    await recordMigrationTraffic(lab)
  } catch (err) {
    await lab.close()
    throw err
  }
  return lab
}
