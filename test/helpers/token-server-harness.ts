// A real token server on 127.0.0.1:0 over a real SQLite file in a temp dir, seeded through the
// store's repositories with bcrypt cost 4 hashes (fast tests; the code paths are the same).
import { mkdtempSync, rmSync } from 'node:fs'
import http, { type IncomingHttpHeaders } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { Exchange } from '../../src/shared/exchange'
import type { ClientView, Settings } from '../../src/shared/model'
import { ENDPOINT_PATHS } from '../../src/shared/wire'
import { createHashPool, type HashPool } from '../../src/server/credentials/hash-pool'
import { createTokenServer, type TokenServer } from '../../src/server/index'
import { basicAuthorization } from '../../src/shared/token-request'
import { openStore, type Store } from '../../src/store/index'

export const TEST_COST = 4

export interface HttpResult {
  status: number
  headers: IncomingHttpHeaders
  text: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: () => any
}

export interface RequestOptions {
  headers?: Record<string, string>
  /** A string is sent as UTF-8; a Buffer byte for byte. */
  body?: string | Buffer
  /** Adds `Content-Type: application/x-www-form-urlencoded` unless false. Default true for POST. */
  form?: boolean
  /** Sends the body with chunked transfer encoding (no Content-Length). */
  chunked?: boolean
}

export interface ClientSeed extends Partial<ClientView> {
  clientId: string
  secret?: string
}

export interface UserSeed {
  username: string
  password: string
  disabled?: boolean
  claims?: Record<string, unknown>
  requiresMfa?: boolean
  passwordExpired?: boolean
}

export interface Harness {
  dir: string
  dbPath: string
  store: Store
  pool: HashPool
  server: TokenServer
  baseUrl: string
  /** The server's clock (epoch ms); move it with `advance`. */
  clock: { now: number; advance(ms: number): void }
  /** Exchanges in the order the server recorded them (from onExchange). */
  exchanges: Exchange[]
  lastExchange(): Exchange
  request(method: string, path: string, options?: RequestOptions): Promise<HttpResult>
  /** POST a form body (object → form-encoded) to an endpoint path. */
  post(path: string, params: Record<string, string> | string, headers?: Record<string, string>): Promise<HttpResult>
  token(params: Record<string, string> | string, headers?: Record<string, string>): Promise<HttpResult>
  addClient(seed: ClientSeed): Promise<void>
  addUser(seed: UserSeed): Promise<void>
  close(): Promise<void>
}

export function basic(id: string, secret: string, formEncode = true): Record<string, string> {
  return { Authorization: basicAuthorization(id, secret, formEncode) }
}

export function form(params: Record<string, string>): string {
  return new URLSearchParams(params).toString()
}

function rawRequest(baseUrl: string, method: string, path: string, options: RequestOptions): Promise<HttpResult> {
  const url = new URL(path, baseUrl)
  const body =
    options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body)
  const headers: Record<string, string> = {}
  if (options.form ?? method === 'POST') headers['Content-Type'] = 'application/x-www-form-urlencoded'
  Object.assign(headers, options.headers)
  if (body !== undefined && !options.chunked) headers['Content-Length'] = String(body.length)
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    if (body !== undefined && options.chunked) {
      // Several writes so the server sees a streamed body.
      const step = 16 * 1024
      for (let i = 0; i < body.length; i += step) req.write(body.subarray(i, i + step))
      req.end()
    } else {
      req.end(body)
    }
  })
}

/** Scopes `read` (default), `write`, `admin`; clients and users are added per test file. */
export async function startHarness(settings: Partial<Settings> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'ropc-token-server-'))
  const dbPath = join(dir, 'lab.sqlite')
  const store = openStore(dbPath)
  const pool = createHashPool({ threads: 2 })
  store.settings.update({ bcryptCost: TEST_COST, ...settings })
  store.scopes.upsert({ name: 'read', description: 'Read access', default: true })
  store.scopes.upsert({ name: 'write', description: 'Write access', default: false })
  store.scopes.upsert({ name: 'admin', description: 'Admin access', default: false })

  const clock = {
    now: Date.now(),
    advance(ms: number) {
      clock.now += ms
    },
  }
  const server = createTokenServer({ store, hashPool: pool, now: () => clock.now })
  const exchanges: Exchange[] = []
  server.exchanges.onExchange((e) => exchanges.push(e))
  const { baseUrl } = await server.listen('127.0.0.1', 0)

  const request = (method: string, path: string, options: RequestOptions = {}) =>
    rawRequest(baseUrl, method, path, options)
  const post = (path: string, params: Record<string, string> | string, headers: Record<string, string> = {}) =>
    request('POST', path, { body: typeof params === 'string' ? params : form(params), headers })

  return {
    dir,
    dbPath,
    store,
    pool,
    server,
    baseUrl,
    clock,
    exchanges,
    lastExchange() {
      const last = exchanges[exchanges.length - 1]
      if (!last) throw new Error('no exchange recorded yet')
      return last
    },
    request,
    post,
    token: (params, headers) => post(ENDPOINT_PATHS.token, params, headers),
    async addClient(seed) {
      const isPublic = seed.public ?? false
      store.clients.insert({
        clientId: seed.clientId,
        public: isPublic,
        hasSecret: !isPublic,
        secretHash: isPublic ? null : await pool.hash(seed.secret ?? `${seed.clientId}-secret`, TEST_COST),
        grantTypes: seed.grantTypes ?? ['password', 'refresh_token'],
        authMethods: seed.authMethods ?? (isPublic ? ['none'] : ['client_secret_basic', 'client_secret_post']),
        scopes: seed.scopes ?? ['read', 'write'],
        defaultScopes: seed.defaultScopes ?? null,
        tokenFormat: seed.tokenFormat ?? null,
        accessTokenTtl: seed.accessTokenTtl ?? null,
        refreshTokenTtl: seed.refreshTokenTtl ?? null,
        lenientBasicAuth: seed.lenientBasicAuth ?? false,
        passwordGrant: seed.passwordGrant ?? null,
        redirectUris: seed.redirectUris ?? [],
        firstParty: seed.firstParty ?? false,
      })
    },
    async addUser(seed) {
      store.users.insert({
        username: seed.username,
        passwordHash: await pool.hash(seed.password, TEST_COST),
        disabled: seed.disabled ?? false,
        claims: seed.claims ?? {},
        requiresMfa: seed.requiresMfa ?? false,
        passwordExpired: seed.passwordExpired ?? false,
      })
    },
    async close() {
      await server.close()
      await pool.close()
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Steps of an exchange's trace that paid a bcrypt compare (ms present and not answered by the cache). */
export function hashSteps(e: Exchange): string[] {
  return e.trace.filter((s) => s.ms !== undefined && !s.detail.includes('cached')).map((s) => s.step)
}

/** RFC 6749 §5.2 error_description charset: %x20-21 / %x23-5B / %x5D-7E. */
export const ERROR_DESCRIPTION_CHARSET = /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/

/**
 * Asserts an RFC 6749 §5.2 error: the status, `{ error, error_description }` and nothing else,
 * a description in the allowed charset, and `Cache-Control: no-store`.
 */
export function expectOAuthError(r: HttpResult, status: number, error: string, description?: string): void {
  expect(r.status).toBe(status)
  expect(r.headers['content-type']).toBe('application/json')
  expect(r.headers['cache-control']).toBe('no-store')
  const body = r.json()
  expect(Object.keys(body).sort()).toEqual(['error', 'error_description'])
  expect(body.error).toBe(error)
  expect(body.error_description).toMatch(ERROR_DESCRIPTION_CHARSET)
  if (description !== undefined) expect(body.error_description).toBe(description)
  if (status === 401) expect(r.headers['www-authenticate']).toBe('Basic realm="ropc-lab"')
  else expect(r.headers['www-authenticate']).toBeUndefined()
}
