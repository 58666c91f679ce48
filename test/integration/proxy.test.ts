// The recording proxy (cli.md `proxy`) in front of a second lab instance, as a QA engineer uses it: a
// legacy client (curl -u, which skips RFC 6749 §2.3.1's form-encoding) talks to the proxy, the proxy
// relays each request unchanged to the real server and its answer back, and every exchange is
// recorded with origin "proxy", findings on the client's side, tokens masked. An upstream that is down
// or slow gets 502 / 504 with a clear body, and an exchange that says so.
import { execFile } from 'node:child_process'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import type { Lab } from '../../src/lab/lab-types'
import type { RecordingProxy } from '../../src/lab/proxy/index'
import type { Exchange } from '../../src/shared/exchange'
import { ENDPOINT_PATHS } from '../../src/shared/wire'
import { assertCliBuilt, startListening } from '../helpers/cli-process'

const run = promisify(execFile)
/** A secret with characters form-encoding changes: curl -u sends it raw. */
const CLIENT = { id: 'proxied-legacy', secret: 'pr0xy sec+ret/x' }
const USER = { username: 'proxied-alice', password: 'proxied-password-1' }

let real: Lab
let lab: Lab
let proxy: RecordingProxy
let realBase: string
const recorded: Exchange[] = []

async function curl(args: string[]): Promise<{ status: number; body: string; headers: string }> {
  const { stdout } = await run('curl', ['-s', '-i', '--noproxy', '*', ...args])
  const [head = '', ...rest] = stdout.split('\r\n\r\n')
  return { status: Number(/^HTTP\/[\d.]+ (\d+)/.exec(head)?.[1]), headers: head, body: rest.join('\r\n\r\n') }
}

beforeAll(async () => {
  real = await createLab({
    dbPath: ':memory:',
    workspace: {
      version: 1,
      settings: { bcryptCost: 4, tokenFormat: 'opaque' },
      scopes: [{ name: 'read', default: true }],
      clients: [{ clientId: CLIENT.id, secret: CLIENT.secret, scopes: ['read'], lenientBasicAuth: true }],
      users: [USER],
    },
  })
  realBase = (await real.start({ port: 0 })).baseUrl!
  lab = await createLab({ dbPath: ':memory:', workspace: { version: 1, settings: { bcryptCost: 4 } } })
  lab.events.on('exchange.recorded', async (s) => {
    recorded.push(await lab.handlers['exchanges.get']({ id: s.id, reveal: false }))
  })
  proxy = await lab.proxy({ upstream: realBase })
})

afterAll(async () => {
  await proxy?.close()
  await lab?.close()
  await real?.close()
})

const latest = async (): Promise<Exchange> => {
  await new Promise((r) => setTimeout(r, 20))
  return recorded.at(-1)!
}

describe('the recording proxy in front of a real server', () => {
  it('finds the endpoints through the upstream RFC 8414 metadata', () => {
    expect([...proxy.upstream.endpoints.entries()]).toEqual(
      expect.arrayContaining([
        [ENDPOINT_PATHS.token, 'token'],
        [ENDPOINT_PATHS.introspect, 'introspect'],
        [ENDPOINT_PATHS.revoke, 'revoke'],
        [ENDPOINT_PATHS.metadata, 'metadata'],
      ]),
    )
  })

  it('relays a curl -u password grant unchanged, and records raw Basic credentials as a §2.3.1 finding', async () => {
    const viaProxy = await curl([
      '-u',
      `${CLIENT.id}:${CLIENT.secret}`,
      '-d',
      `grant_type=password&username=${USER.username}&password=${USER.password}`,
      `${proxy.baseUrl}${ENDPOINT_PATHS.token}`,
    ])
    expect(viaProxy.status).toBe(200)
    const token = JSON.parse(viaProxy.body) as { access_token: string; token_type: string }
    expect(token.token_type).toBe('Bearer')
    expect(viaProxy.headers).toMatch(/cache-control: no-store/i)

    const e = await latest()
    expect(e).toMatchObject({ origin: 'proxy', endpoint: ENDPOINT_PATHS.token, status: 200, clientId: CLIENT.id })
    expect(e.grantType).toBe('password')
    const finding = e.findings.find((f) => f.code === 'basic_not_form_encoded')
    expect(finding?.rfc).toContain('§2.3.1')
    // Masked as stored, whatever server issued the token.
    expect(e.response.body).not.toContain(token.access_token)
    expect(e.request.headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1]).toBe('Basic ***')
    expect(e.trace.find((s) => s.step === 'proxy.relay')?.detail).toContain(realBase)

    // The real server saw the request as curl sent it: its own exchange carries the same finding.
    const upstreamSide = (await real.handlers['exchanges.list']({ limit: 1, offset: 0 })).items[0]!
    const full = await real.handlers['exchanges.get']({ id: upstreamSide.id, reveal: false })
    expect(full.findings.map((f) => f.code)).toContain('basic_not_form_encoded')
  })

  it('relays errors unchanged: a wrong password is the real server’s invalid_grant', async () => {
    const direct = await curl([
      '-d',
      `grant_type=password&username=${USER.username}&password=wrong&client_id=${CLIENT.id}&client_secret=x`,
      `${realBase}${ENDPOINT_PATHS.token}`,
    ])
    const viaProxy = await curl([
      '-d',
      `grant_type=password&username=${USER.username}&password=wrong&client_id=${CLIENT.id}&client_secret=x`,
      `${proxy.baseUrl}${ENDPOINT_PATHS.token}`,
    ])
    expect(viaProxy.status).toBe(direct.status)
    expect(viaProxy.body).toBe(direct.body)
  })

  it('RFC 8414: relayed metadata points the client at the proxy, issuer the proxy’s own by default', async () => {
    const res = await fetch(`${proxy.baseUrl}${ENDPOINT_PATHS.metadata}`)
    const doc = (await res.json()) as Record<string, string>
    expect(doc.token_endpoint).toBe(`${proxy.baseUrl}${ENDPOINT_PATHS.token}`)
    expect(doc.issuer).toBe(proxy.baseUrl)
    const e = await latest()
    const step = e.trace.find((s) => s.step === 'proxy.metadata')
    expect(step?.detail).toContain(`issuer rewritten from ${realBase} to ${proxy.baseUrl}`)
  })

  it('RFC 8414: with keepIssuer the relayed metadata keeps the upstream issuer, and the trace says so', async () => {
    const keeping = await lab.proxy({ upstream: realBase, keepIssuer: true })
    try {
      const res = await fetch(`${keeping.baseUrl}${ENDPOINT_PATHS.metadata}`)
      const doc = (await res.json()) as Record<string, string>
      expect(doc.token_endpoint).toBe(`${keeping.baseUrl}${ENDPOINT_PATHS.token}`)
      expect(doc.issuer).toBe(realBase)
      const e = await latest()
      expect(e.trace.find((s) => s.step === 'proxy.metadata')?.detail).toContain(
        `issuer kept as the upstream's ${realBase}`,
      )
    } finally {
      await keeping.close()
    }
  })
})

describe('when the upstream gives no answer', () => {
  it('502 with a clear body when the upstream is down, and an exchange that says so', async () => {
    const down = http.createServer()
    await new Promise<void>((r) => down.listen(0, '127.0.0.1', r))
    const port = (down.address() as AddressInfo).port
    await new Promise<void>((r) => down.close(() => r()))
    const p = await lab.proxy({ upstream: `http://127.0.0.1:${port}/token` })
    expect(p.upstream.note).toContain('ECONNREFUSED')
    try {
      const res = await fetch(`${p.baseUrl}/token`, { method: 'POST', body: 'grant_type=password' })
      expect(res.status).toBe(502)
      const body = (await res.json()) as { error: string; error_description: string }
      expect(body.error).toBe('upstream_unreachable')
      expect(body.error_description).toContain(`127.0.0.1:${port}`)
      const e = await latest()
      expect(e).toMatchObject({ origin: 'proxy', status: 502 })
      expect(e.trace.find((s) => s.step === 'proxy.relay')?.outcome).toBe('fail')
    } finally {
      await p.close()
    }
  })

  it('504 when the upstream is slower than the timeout', async () => {
    const slow = http.createServer((_req, res) => {
      setTimeout(() => res.end('{}'), 2_000).unref()
    })
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r))
    const port = (slow.address() as AddressInfo).port
    // Token endpoint URL: metadata lookups answer slowly too, so give them a short timeout as well.
    const p = await lab.proxy({ upstream: `http://127.0.0.1:${port}/token`, timeoutMs: 300 }).catch((e: Error) => e)
    try {
      expect(p).not.toBeInstanceOf(Error)
      const proxyUp = p as RecordingProxy
      const res = await fetch(`${proxyUp.baseUrl}/token`, { method: 'POST', body: 'grant_type=password' })
      expect(res.status).toBe(504)
      expect(((await res.json()) as { error: string }).error).toBe('upstream_timeout')
      await proxyUp.close()
    } finally {
      slow.closeAllConnections()
      await new Promise<void>((r) => slow.close(() => r()))
    }
  })
})

describe('ropc-lab proxy (the CLI)', () => {
  it('prints where it listens and where it forwards, relays, and stops with exit code 0', async () => {
    assertCliBuilt()
    const cli = await startListening('proxy', ['--upstream', realBase, '--port', '0', '--db', ':memory:'])
    try {
      // The lines after `listening on` may arrive in a later chunk of the pipe.
      await vi.waitFor(() => expect(cli.output()).toContain(`forwarding to ${realBase}`))
      const res = await curl([
        '-u',
        `${CLIENT.id}:${CLIENT.secret}`,
        '-d',
        `grant_type=password&username=${USER.username}&password=${USER.password}`,
        `${cli.baseUrl}${ENDPOINT_PATHS.token}`,
      ])
      expect(res.status).toBe(200)
    } finally {
      expect(await cli.stop()).toBe(0)
    }
  })

  it('--keep-issuer: the relayed metadata keeps the upstream issuer, and the CLI says which it does', async () => {
    const cli = await startListening('proxy', ['--upstream', realBase, '--keep-issuer', '--db', ':memory:'])
    try {
      await vi.waitFor(() => expect(cli.output()).toContain('keeps the upstream issuer (--keep-issuer)'))
      const doc = (await (await fetch(`${cli.baseUrl}${ENDPOINT_PATHS.metadata}`)).json()) as Record<string, string>
      expect(doc.issuer).toBe(realBase)
      expect(doc.token_endpoint).toBe(`${cli.baseUrl}${ENDPOINT_PATHS.token}`)
    } finally {
      expect(await cli.stop()).toBe(0)
    }
  })

  it('credentials typed into --upstream are masked in what it prints and in the Relay status', async () => {
    const upstream = `${realBase.replace('://', '://leaky-id:Leaky-S3cret@')}/token?client_secret=Leaky-Q5ecret`
    const cli = await startListening('proxy', ['--upstream', upstream, '--db', ':memory:'])
    try {
      await vi.waitFor(() => expect(cli.output()).toContain('forwarding to http://***:***@'))
      expect(cli.output()).toContain('client_secret=***')
      expect(cli.output()).not.toMatch(/Leaky-S3cret|Leaky-Q5ecret/)
    } finally {
      expect(await cli.stop()).toBe(0)
    }
    const status = await lab.handlers['relay.start']({ upstream, port: 0, keepIssuer: false })
    await lab.handlers['relay.stop']({})
    expect(JSON.stringify(status)).not.toMatch(/Leaky-S3cret|Leaky-Q5ecret/)
  })

  it('refuses an upstream that is its own listening address with exit code 2', async () => {
    const probe = http.createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
    const port = (probe.address() as AddressInfo).port
    await new Promise<void>((r) => probe.close(() => r()))
    const cli = await startListening('proxy', [
      ...['--upstream', `http://localhost:${port}`, '--port', String(port), '--db', ':memory:'],
    ]).catch((e: Error) => e)
    expect(cli).toBeInstanceOf(Error)
    expect((cli as Error).message).toMatch(/exited with 2/)
    expect((cli as Error).message).toContain("this proxy's own address")
  })

  it('refuses an upstream that is not a URL with exit code 2', async () => {
    const cli = await startListening('proxy', ['--upstream', 'not a url', '--db', ':memory:']).catch((e: Error) => e)
    expect(cli).toBeInstanceOf(Error)
    expect((cli as Error).message).toMatch(/exited with 2/)
    expect((cli as Error).message).toContain('--upstream must be an absolute http(s) URL')
  })
})
