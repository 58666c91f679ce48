// The fuzz run: a lab on 127.0.0.1:0 over a real SQLite file, a recording proxy in front of it, and batches of
// generated requests sent to both; after each batch, a valid request must still work through each (the password grant,
// introspection, refresh, revocation, the sign-in page, and a challenge's code redeemed with its PKCE verifier).
import * as fc from 'fast-check'
import { createHash, randomBytes } from 'node:crypto'
import http from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLab } from '../../src/lab/create-lab'
import type { Lab } from '../../src/lab/lab-types'
import type { RecordingProxy } from '../../src/lab/proxy/index'
import { ENDPOINT_PATHS } from '../../src/shared/wire'
import { describeRequest, type FuzzCredentials, type FuzzRequest } from './fuzz-request'
import { anyRequest } from './generators'
import { basicHeader } from './mutations'
import { IssuedTokens, judge } from './oracle'
import { sendRequest } from './send'

export interface FuzzOptions {
  requests: number
  /** Stops starting batches after this long. */
  seconds: number
  seed: number
  batchSize?: number
  concurrency?: number
  log?: (line: string) => void
  /** Each failure as it happens (the result keeps the first few). */
  onFailure?: (line: string) => void
}

export interface FuzzResult {
  tried: number
  failures: string[]
  failureCount: number
  resets: number
  statuses: Record<string, number>
  /** Answers by status for each generator: shows each one reaches past the first checks. */
  byGenerator: Record<string, Record<string, number>>
  seconds: number
}

const FAILURES_KEPT = 20
const CREDS = {
  clientId: 'fuzz-client',
  clientSecret: 'fuzz secret+1',
  username: 'fuzz-user',
  password: 'fuzz-Passw0rd',
  publicClientId: 'fuzz-spa',
  redirectUri: 'http://127.0.0.1/cb',
}

async function openTargets(dir: string): Promise<{ lab: Lab; direct: string; proxy: RecordingProxy }> {
  const lab = await createLab({
    dbPath: join(dir, 'fuzz.sqlite'),
    workspace: {
      version: 1,
      settings: { bcryptCost: 4, tokenFormat: 'opaque', exchangeRetention: 2000 },
      scopes: [{ name: 'read', default: true }, { name: 'write' }],
      clients: [
        { clientId: CREDS.clientId, secret: CREDS.clientSecret, scopes: ['read', 'write'] },
        {
          clientId: CREDS.publicClientId,
          public: true,
          firstParty: true,
          grantTypes: ['authorization_code', 'refresh_token'],
          redirectUris: [CREDS.redirectUri],
          scopes: ['read', 'write'],
        },
      ],
      users: [{ username: CREDS.username, password: CREDS.password }],
    },
  })
  const direct = (await lab.start({ host: '127.0.0.1', port: 0 })).baseUrl!
  const proxy = await lab.proxy({ upstream: direct })
  return { lab, direct, proxy }
}

/** A valid password grant, introspection, refresh and revocation through `base`: each must succeed. */
async function stillWorks(base: string, agent: http.Agent, issued: IssuedTokens): Promise<string | null> {
  const auth = basicHeader(CREDS.clientId, CREDS.clientSecret, true)
  const form = (p: Record<string, string>) => Buffer.from(new URLSearchParams(p).toString())
  const post = (path: string, p: Record<string, string>) =>
    sendRequest(
      base,
      {
        generator: 'check',
        method: 'POST',
        target: path,
        chunked: false,
        body: form(p),
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: auth },
      },
      agent,
    )
  const grant = await post(ENDPOINT_PATHS.token, {
    grant_type: 'password',
    username: CREDS.username,
    password: CREDS.password,
  })
  if (grant.kind !== 'answer' || grant.status !== 200) return `a valid password grant failed: ${JSON.stringify(grant)}`
  issued.note(grant.text)
  const tokens = JSON.parse(grant.text) as { access_token: string; refresh_token: string }
  const active = await post(ENDPOINT_PATHS.introspect, { token: tokens.access_token })
  if (active.kind !== 'answer' || !active.text.includes('"active":true'))
    return `introspection failed: ${JSON.stringify(active)}`
  const refreshed = await post(ENDPOINT_PATHS.token, {
    grant_type: 'refresh_token',
    refresh_token: tokens.refresh_token,
  })
  if (refreshed.kind !== 'answer' || refreshed.status !== 200)
    return `a valid refresh failed: ${JSON.stringify(refreshed)}`
  issued.note(refreshed.text)
  const revoked = await post(ENDPOINT_PATHS.revoke, { token: tokens.access_token })
  if (revoked.kind !== 'answer' || revoked.status !== 200) return `revocation failed: ${JSON.stringify(revoked)}`
  return null
}

/** The new flows still work through `base`: the sign-in page is served, and a challenge's code is redeemed. */
async function wayOutStillWorks(base: string, agent: http.Agent): Promise<string | null> {
  const verifier = randomBytes(32).toString('base64url')
  const challenge = createHash('sha256').update(verifier).digest('base64url')
  const send = (method: string, target: string, p: Record<string, string> | null) =>
    sendRequest(
      base,
      {
        generator: 'check',
        method,
        target,
        chunked: false,
        body: Buffer.from(p === null ? '' : new URLSearchParams(p).toString()),
        headers: p === null ? {} : { 'content-type': 'application/x-www-form-urlencoded' },
      },
      agent,
    )
  const pkce = { code_challenge: challenge, code_challenge_method: 'S256' }
  const query = new URLSearchParams({ response_type: 'code', client_id: CREDS.publicClientId, ...pkce, state: 's' })
  const page = await send('GET', `${ENDPOINT_PATHS.authorize}?${query}`, null)
  if (page.kind !== 'answer' || page.status !== 200 || !page.text.includes('csrf_token'))
    return `the sign-in page failed: ${JSON.stringify(page).slice(0, 300)}`
  const { username, password, publicClientId: client_id } = CREDS
  const first = await send('POST', ENDPOINT_PATHS.challenge, { client_id, username, password, ...pkce })
  const code = first.kind === 'answer' ? (JSON.parse(first.text) as { authorization_code?: string }) : {}
  if (code.authorization_code === undefined) return `a valid challenge failed: ${JSON.stringify(first)}`
  const grant = { grant_type: 'authorization_code', code: code.authorization_code, code_verifier: verifier, client_id }
  const tokens = await send('POST', ENDPOINT_PATHS.token, grant)
  if (tokens.kind !== 'answer' || tokens.status !== 200)
    return `redeeming a valid code failed: ${JSON.stringify(tokens)}`
  return null
}

async function pool<T>(items: T[], width: number, each: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      await each(items[i]!, i)
    }
  }
  await Promise.all(Array.from({ length: width }, worker))
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const started = Date.now()
  const batchSize = options.batchSize ?? 500
  const dir = mkdtempSync(join(tmpdir(), 'ropc-fuzz-'))
  const { lab, direct, proxy } = await openTargets(dir)
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency ?? 8 })
  const issued = new IssuedTokens()
  const creds: FuzzCredentials = { ...CREDS, refreshTokens: issued.recentRefresh, accessTokens: issued.recentAccess }
  const result: FuzzResult = {
    tried: 0,
    failures: [],
    failureCount: 0,
    resets: 0,
    statuses: {},
    byGenerator: {},
    seconds: 0,
  }
  const fail = (line: string) => {
    result.failureCount++
    options.onFailure?.(line)
    if (result.failures.length < FAILURES_KEPT) result.failures.push(line)
  }
  try {
    for (let batch = 0; result.tried < options.requests; batch++) {
      if (Date.now() - started > options.seconds * 1000) break
      const n = Math.min(batchSize, options.requests - result.tried)
      const requests = fc.sample(anyRequest(creds), { numRuns: n, seed: options.seed + batch })
      await pool(requests, options.concurrency ?? 8, async (r: FuzzRequest, i) => {
        const via = i % 2 === 0 ? direct : proxy.baseUrl
        const sent = await sendRequest(via, r, agent)
        result.tried++
        const key = sent.kind === 'answer' ? String(sent.status) : 'reset'
        result.statuses[key] = (result.statuses[key] ?? 0) + 1
        const mine = (result.byGenerator[r.generator] ??= {})
        mine[key] = (mine[key] ?? 0) + 1
        if (sent.kind === 'reset') result.resets++
        else issued.note(sent.text)
        const failure = judge(r, sent, creds, issued)
        if (failure) fail(`${failure} (${via === direct ? 'direct' : 'proxy'}) ${describeRequest(r)}`)
      })
      for (const [name, base] of [
        ['direct', direct],
        ['proxy', proxy.baseUrl],
      ] as const) {
        const broken = (await stillWorks(base, agent, issued)) ?? (await wayOutStillWorks(base, agent))
        if (broken) fail(`after batch ${batch} (${name}): ${broken}`)
      }
      options.log?.(`${result.tried} requests, ${result.failureCount} failures`)
    }
  } finally {
    agent.destroy()
    await proxy.close()
    await lab.close()
    rmSync(dir, { recursive: true, force: true })
  }
  result.seconds = (Date.now() - started) / 1000
  return result
}
