// Fault injection (workspace-format.md "Faults"), each effect observed by a real client: simple-oauth2
// sees the 503 and its Retry-After; curl sees the HTML gateway page and the dropped connection; a Node
// client with a timeout gives up on the delay; the token lifetimes and the skewed clock show in what is
// issued. Every faulted exchange names the rule in its trace; a spent `times` rule stays listed with 0.
import { execFile } from 'node:child_process'
import http from 'node:http'
import { promisify } from 'node:util'
import { decodeJwt } from 'jose'
import { ResourceOwnerPassword } from 'simple-oauth2'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { FaultRule } from '../../src/shared/fault-rules'
import { ENDPOINT_PATHS } from '../../src/shared/wire'
import { basic, form, type Harness, startHarness } from '../helpers/token-server-harness'

const run = promisify(execFile)
const SECRET = 'faults-secret'
const GRANT = { grant_type: 'password', username: 'alice', password: 'alice-password-1' }

let h: Harness
beforeAll(async () => {
  h = await startHarness({ tokenFormat: 'jwt' })
  await h.addClient({ clientId: 'legacy', secret: SECRET })
  await h.addUser({ username: 'alice', password: GRANT.password })
})
afterAll(() => h.close())
afterEach(() => h.server.faults.replace([]))

const rule = (r: Partial<FaultRule> & Pick<FaultRule, 'effect'>): FaultRule =>
  ({ name: 'rule', enabled: true, match: {}, trigger: { always: true }, ...r }) as FaultRule
const faultStep = () => h.lastExchange().trace.find((s) => s.step === 'fault')

describe('fault effects, seen by real clients', () => {
  it('error: simple-oauth2 gets the 503 temporarily_unavailable with Retry-After; spent after times', async () => {
    h.server.faults.replace([
      rule({
        name: 'token endpoint overloaded',
        match: { endpoint: 'token', clientId: 'legacy' },
        trigger: { times: 1 },
        effect: { type: 'error', status: 503, error: 'temporarily_unavailable', headers: { 'Retry-After': '5' } },
      }),
    ])
    const client = new ResourceOwnerPassword({
      client: { id: 'legacy', secret: SECRET },
      auth: { tokenHost: h.baseUrl, tokenPath: ENDPOINT_PATHS.token },
    })
    const failure = await client.getToken({ username: 'alice', password: GRANT.password }).catch((e: unknown) => e)
    const boom = failure as {
      output?: { statusCode: number }
      data?: { payload?: { error?: string }; headers?: Record<string, string> }
    }
    expect(boom.output?.statusCode).toBe(503)
    expect(boom.data?.payload?.error).toBe('temporarily_unavailable')
    expect(boom.data?.headers?.['retry-after']).toBe('5')
    expect(faultStep()?.detail).toContain('token endpoint overloaded')
    // The next request is normal again; the rule stays listed with 0 left.
    const token = await client.getToken({ username: 'alice', password: GRANT.password })
    expect(token.token.access_token).toBeTruthy()
    expect(h.server.faults.list()).toMatchObject([{ name: 'token endpoint overloaded', remaining: 0, fired: 1 }])
  })

  it('body: curl receives the HTML error page a gateway would send', async () => {
    h.server.faults.replace([
      rule({
        name: 'gateway page',
        effect: { type: 'body', status: 502, contentType: 'text/html', body: '<html><h1>502 Bad Gateway</h1></html>' },
      }),
    ])
    const { stdout } = await run('curl', [
      '-s',
      '-i',
      '--noproxy',
      '*',
      '-d',
      form(GRANT),
      `${h.baseUrl}${ENDPOINT_PATHS.token}`,
    ])
    expect(stdout).toMatch(/^HTTP\/1\.1 502/)
    expect(stdout).toMatch(/content-type: text\/html/i)
    expect(stdout).toContain('<h1>502 Bad Gateway</h1>')
  })

  it('drop: curl sees the connection closed with no answer (exit 52), and the exchange says so', async () => {
    h.server.faults.replace([rule({ name: 'crash', effect: { type: 'drop' } })])
    const result = await run('curl', [
      '-s',
      '--noproxy',
      '*',
      '-d',
      form(GRANT),
      `${h.baseUrl}${ENDPOINT_PATHS.token}`,
    ]).then(
      () => 0,
      (e: { code: number }) => e.code,
    )
    expect(result).toBe(52) // curl: "Empty reply from server"
    await new Promise((r) => setTimeout(r, 30))
    expect(h.lastExchange().status).toBe(0)
    expect(faultStep()?.detail).toContain('crash')
  })

  it('delay: a Node client with a 200 ms timeout gives up; without a timeout it gets the normal answer', async () => {
    h.server.faults.replace([rule({ name: 'slow', effect: { type: 'delay', ms: 600 } })])
    const timedOut = await new Promise<string>((resolve) => {
      const req = http.request(`${h.baseUrl}${ENDPOINT_PATHS.metadata}`, { timeout: 200 }, (res) => {
        res.resume()
        resolve(`answered ${res.statusCode}`)
      })
      req.on('timeout', () => {
        req.destroy()
        resolve('timed out')
      })
      req.on('error', () => undefined)
      req.end()
    })
    expect(timedOut).toBe('timed out')
    const started = performance.now()
    const r = await h.token(GRANT, basic('legacy', SECRET))
    expect(r.status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(550)
  })

  it('ttl: tokens that expire in five seconds, in expires_in and in the JWT', async () => {
    h.server.faults.replace([
      rule({ name: 'short-lived', effect: { type: 'ttl', accessTokenTtl: 5, refreshTokenTtl: 30 } }),
    ])
    const r = await h.token(GRANT, basic('legacy', SECRET))
    const body = r.json() as { access_token: string; expires_in: number }
    expect(body.expires_in).toBe(5)
    const claims = decodeJwt(body.access_token)
    expect(claims.exp! - claims.iat!).toBe(5)
    expect(faultStep()?.detail).toContain('short-lived')
  })

  it('clock: the JWT times are written as if the clock were an hour ahead; expires_in stays relative', async () => {
    h.server.faults.replace([rule({ name: 'skewed', effect: { type: 'clock', skewSeconds: 3600 } })])
    const r = await h.token(GRANT, basic('legacy', SECRET))
    const body = r.json() as { access_token: string; expires_in: number }
    const claims = decodeJwt(body.access_token)
    expect(claims.iat! - Math.floor(h.clock.now / 1000)).toBe(3600)
    expect(body.expires_in).toBe(300)
  })

  it('a rule that does not match leaves the request alone, and costs no trace step', async () => {
    h.server.faults.replace([
      rule({ name: 'other client', match: { clientId: 'someone-else' }, effect: { type: 'drop' } }),
    ])
    const r = await h.token(GRANT, basic('legacy', SECRET))
    expect(r.status).toBe(200)
    expect(faultStep()).toBeUndefined()
  })
})
