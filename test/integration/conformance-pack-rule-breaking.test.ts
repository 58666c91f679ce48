// The ropc-conformance pack against another server: a tiny node:http token server written here to
// break five rules on purpose (RFC 6749 §5.1 no-store on success, §5.2 401 + WWW-Authenticate after
// Basic, §5.2 error members, RFC 8414 §3.3 issuer, §4.3.2 timing) and keep the others. Exactly the
// checks of those five rules fail; what the server does not advertise is skipped with the reason.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import type { Lab } from '../../src/lab/lab-types'
import { resolvePackTarget } from '../../src/lab/scenarios/packs/resolve-target'
import type { PackTarget } from '../../src/lab/scenarios/packs/pack-types'
import { MAX_WRONG_PASSWORDS, ropcConformancePack } from '../../src/lab/scenarios/packs/ropc-conformance/index'
import type { StepResult, SuiteResult } from '../../src/lab/scenarios/results'
import { runnerRequestSchema, type RunnerRequest } from '../../src/shared/lab-api'

const CLIENT = { id: 'breaker', secret: 'breakersecret' }
const USERS = new Map([
  ['bob', 'bob-password'],
  ['tim', 'tim-password'],
])
/** What a password hash costs this server, for known users only (the timing rule it breaks). */
// Well above the check's 25 ms floor and the jitter of a loaded 2-core machine, so the breakage is seen every run.
const HASH_MS = 200

interface RefreshRecord {
  username: string
  scope: string
  family: number
  used: boolean
}

interface RuleBreaker {
  server: http.Server
  base: string
  /** Password grants for a username answered invalid_grant, as this server saw them. */
  refusedLogins: Map<string, number>
}

function formDecode(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, ' '))
}

async function startRuleBreaker(): Promise<RuleBreaker> {
  const refreshTokens = new Map<string, RefreshRecord>()
  const revokedFamilies = new Set<number>()
  const refusedLogins = new Map<string, number>()
  let families = 0
  let counter = 0
  let base = ''

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((err: unknown) => {
        res.writeHead(500)
        res.end(String(err))
      })
    })
  })

  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
  }
  // Broken (RFC 6749 §5.2): an error member beyond error, error_description, error_uri.
  const error = (res: http.ServerResponse, code: string, description: string) =>
    json(res, 400, { error: code, error_description: description, status_code: 400 }, { 'Cache-Control': 'no-store' })
  // Broken (RFC 6749 §5.1): a token response without Cache-Control: no-store and Pragma: no-cache.
  const issue = (res: http.ServerResponse, username: string, scope: string, family: number) => {
    const refresh = `rt-${++counter}-${Math.random().toString(36).slice(2)}`
    refreshTokens.set(refresh, { username, scope, family, used: false })
    json(res, 200, {
      access_token: `at-${++counter}-${Math.random().toString(36).slice(2)}`,
      token_type: 'Bearer',
      expires_in: 300,
      refresh_token: refresh,
      scope,
    })
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
    const url = new URL(req.url ?? '/', base)
    if (url.pathname === '/.well-known/openid-configuration' && req.method === 'GET') {
      // Broken (RFC 8414 §3.3): the issuer is not the URL the document is served under.
      return json(res, 200, {
        issuer: 'https://login.example.com',
        token_endpoint: `${base}/token`,
        grant_types_supported: ['password', 'refresh_token'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      })
    }
    if (url.pathname !== '/token') return json(res, 404, { error: 'not_found' })
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' })
      return void res.end()
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return error(res, 'invalid_request', 'The body must be form-encoded.')
    }
    const form = new URLSearchParams(body)
    const names = [...form.keys()]
    if (new Set(names).size !== names.length) return error(res, 'invalid_request', 'A parameter is repeated.')
    const param = (name: string) => form.get(name) || undefined

    let clientId = param('client_id')
    let secret = param('client_secret')
    const authorization = req.headers.authorization
    if (authorization?.startsWith('Basic ')) {
      if (secret !== undefined) return error(res, 'invalid_request', 'One client authentication method at a time.')
      const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      clientId = formDecode(decoded.slice(0, colon))
      secret = formDecode(decoded.slice(colon + 1))
    }
    // Broken (RFC 6749 §5.2): 400 and no WWW-Authenticate, even when the client tried Basic.
    if (clientId !== CLIENT.id || secret !== CLIENT.secret) {
      return error(res, 'invalid_client', 'Client authentication failed.')
    }

    const grantType = param('grant_type')
    if (grantType === 'password') {
      const username = param('username')
      const password = param('password')
      if (username === undefined || password === undefined) {
        return error(res, 'invalid_request', 'username and password are required.')
      }
      const scope = param('scope') ?? 'read'
      if (scope !== 'read') return error(res, 'invalid_scope', 'Unknown scope.')
      const known = USERS.get(username)
      // Broken (RFC 6749 §4.3.2): an unknown user is refused before any hash, so faster.
      if (known !== undefined) await sleep(HASH_MS)
      if (known !== password) {
        refusedLogins.set(username, (refusedLogins.get(username) ?? 0) + 1)
        return error(res, 'invalid_grant', 'The username or password is incorrect.')
      }
      return issue(res, username, scope, ++families)
    }
    if (grantType === 'refresh_token') {
      const token = param('refresh_token')
      if (token === undefined) return error(res, 'invalid_request', 'refresh_token is required.')
      const record = refreshTokens.get(token)
      if (record === undefined || revokedFamilies.has(record.family)) {
        return error(res, 'invalid_grant', 'The refresh token is invalid.')
      }
      if (record.used) {
        revokedFamilies.add(record.family)
        return error(res, 'invalid_grant', 'The refresh token is invalid.')
      }
      const requested = param('scope') ?? record.scope
      if (requested.split(' ').some((s) => !record.scope.split(' ').includes(s))) {
        return error(res, 'invalid_scope', 'The scope exceeds the original grant.')
      }
      record.used = true
      return issue(res, record.username, requested, record.family)
    }
    return error(res, 'unsupported_grant_type', 'Only password and refresh_token.')
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { server, base, refusedLogins }
}

let lab: Lab
let breaker: RuleBreaker
let target: PackTarget
let suite: SuiteResult

const send = (r: RunnerRequest) => lab.runner.send(runnerRequestSchema.parse(r), 'scenario')
const step = (prefix: string): StepResult => {
  const found = suite.steps.find((s) => s.name.startsWith(prefix))
  if (!found) throw new Error(`no step "${prefix}"`)
  return found
}

beforeAll(async () => {
  // The lab is only the sender here: its runner records what went to the other server.
  lab = await createLab({ dbPath: ':memory:', workspace: { version: 1, settings: { bcryptCost: 4 } } })
  await lab.start({ port: 0 })
  breaker = await startRuleBreaker()
  target = await resolvePackTarget(breaker.base, send)
  suite = await ropcConformancePack({
    send,
    target,
    credentials: {
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      auth: 'basic',
      username: 'bob',
      password: USERS.get('bob')!,
      timingUser: { username: 'tim', password: USERS.get('tim')! },
    },
  })
})

afterAll(async () => {
  await new Promise((resolve) => breaker.server.close(resolve))
  await lab.close()
})

describe('the ropc-conformance pack against a server that breaks rules', () => {
  it('finds the metadata at the OpenID Connect path when RFC 8414 has none', () => {
    expect(target).toMatchObject({
      tokenEndpoint: `${breaker.base}/token`,
      metadataUrl: `${breaker.base}/.well-known/openid-configuration`,
    })
    expect(target.introspectionEndpoint).toBeUndefined()
    expect(target.revocationEndpoint).toBeUndefined()
  })

  it('fails exactly the checks of the rules the server breaks', () => {
    const failed = suite.steps.filter((s) => s.status === 'failed').map((s) => s.name)
    expect(failed.sort(), suite.steps.map((s) => `${s.status} ${s.name}: ${s.reason}`).join('\n')).toEqual(
      [
        '§5.1 token responses carry Cache-Control: no-store and Pragma: no-cache',
        '§5.2 invalid_client after Basic is 401 with WWW-Authenticate: Basic',
        '§5.2 error bodies have only error, error_description and error_uri',
        'RFC 8414 §3.3 issuer matches the URL the metadata was fetched from',
        '§4.3.2 an unknown user and a wrong password take the same time',
      ].sort(),
    )
  })

  it('RFC 6749 §5.1: says which token responses lack no-store and Pragma', () => {
    const s = step('§5.1 token responses carry Cache-Control')
    expect(s.rfc).toBe('RFC 6749 §5.1')
    expect(s.failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ what: 'password grant: Cache-Control', expected: 'no-store', actual: '(absent)' }),
        expect.objectContaining({ what: 'password grant: Pragma', expected: 'no-cache', actual: '(absent)' }),
      ]),
    )
    expect(s.exchangeIds.length).toBeGreaterThan(1)
  })

  it('RFC 6749 §5.2: a Basic failure answered 400 without WWW-Authenticate', () => {
    const s = step('§5.2 invalid_client after Basic is 401')
    expect(s.failures).toEqual([
      expect.objectContaining({ what: 'wrong client secret (Basic): status', expected: '401' }),
      expect.objectContaining({ what: 'wrong client secret (Basic): WWW-Authenticate', actual: '(absent)' }),
    ])
    // The same answer is a correct invalid_client for the rule that does not ask for 401.
    expect(step('§2.3.1 a wrong client secret is invalid_client').status).toBe('passed')
  })

  it('RFC 6749 §5.2: names the extra member of every error body', () => {
    const s = step('§5.2 error bodies have only')
    expect(s.failures.length).toBeGreaterThan(5)
    for (const f of s.failures)
      expect(f).toMatchObject({ expected: 'error, error_description, error_uri', actual: 'also status_code' })
    expect(s.reason).toMatch(/^\d+ of \d+ error responses of the token endpoint/)
  })

  it('RFC 8414 §3.3: the issuer the metadata URL belongs to, and the one it says', () => {
    expect(step('RFC 8414 §3.3').failures).toEqual([
      expect.objectContaining({ expected: JSON.stringify(breaker.base), actual: '"https://login.example.com"' }),
    ])
  })

  it('RFC 6749 §4.3.2: an unknown user answered faster than a wrong password', () => {
    const s = step('§4.3.2 an unknown user and a wrong password take the same time')
    expect(s.reason).toMatch(/unknown user is answered [\d.]+ ms faster than a wrong password/)
    // The answers themselves are alike: only the timing tells.
    expect(step('§4.3.2 an unknown user and a wrong password get the same answer').status).toBe('passed')
  })

  it('skips introspection, revocation and the cleanup because the server does not advertise them', () => {
    const dependent = suite.steps.filter((s) => /^RFC (7662|7009) /.test(s.name) || s.name.startsWith('cleanup:'))
    expect(dependent.length).toBe(9)
    for (const s of dependent) {
      expect(s.status, s.name).toBe('skipped')
      expect(s.reason, s.name).toMatch(/does not advertise an? (introspection|revocation) endpoint/)
    }
  })

  it('skips the §2.3.1 checks for a secret form-encoding does not change, saying how to run them', () => {
    for (const name of ['§2.3.1 Basic credentials are form-decoded', '§2.3.1 Basic credentials that are not']) {
      expect(step(name).status).toBe('skipped')
      expect(step(name).reason).toMatch(/run the pack with a client whose secret contains/)
    }
  })

  it('sent at most two wrong passwords for the supplied user (and the rest to the timing user)', () => {
    expect(breaker.refusedLogins.get('bob') ?? 0).toBeLessThanOrEqual(MAX_WRONG_PASSWORDS)
    expect(breaker.refusedLogins.get('bob')).toBe(1)
    expect(breaker.refusedLogins.get('tim')).toBe(4)
    const unknown = [...breaker.refusedLogins.keys()].filter((u) => u !== 'bob' && u !== 'tim')
    expect(unknown.length).toBeGreaterThan(5)
    for (const u of unknown) expect(u).toMatch(/^ropc-conformance-[0-9a-f]{16}$/)
  })
})
