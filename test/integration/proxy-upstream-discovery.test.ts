// The proxy reads its upstream with the one discovery (src/lab/discovery) over its own client: the
// same endpoints, and the same answer to a base URL without RFC 8414 metadata, as the pack.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveUpstream } from '../../src/lab/proxy/upstream'
import { resolvePackTarget } from '../../src/lab/scenarios/packs/resolve-target'
import type { PackContext } from '../../src/lab/scenarios/packs/pack-types'

const RELAY = { timeoutMs: 5_000 }

/** A server with metadata at /.well-known/oauth-authorization-server when `withMetadata`. */
async function upstream(withMetadata: boolean): Promise<{ base: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    if (withMetadata && req.url === '/.well-known/oauth-authorization-server') {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(
        JSON.stringify({
          issuer: base,
          token_endpoint: `${base}/o/token`,
          introspection_endpoint: `${base}/o/introspect`,
          revocation_endpoint: `${base}/o/revoke`,
        }),
      )
      return
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' })
    res.end('not found')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { base, close: () => new Promise<void>((r) => server.close(() => r())) }
}

/** The pack's transport, over plain fetch (the runner is not needed to compare the messages). */
const send: PackContext['send'] = async (req) => {
  const res = await fetch(req.target)
  return { response: { status: res.status, body: await res.text() } } as Awaited<ReturnType<PackContext['send']>>
}

describe('the proxy reads its upstream with the one discovery', () => {
  let withMeta: Awaited<ReturnType<typeof upstream>>
  let without: Awaited<ReturnType<typeof upstream>>
  beforeAll(async () => {
    withMeta = await upstream(true)
    without = await upstream(false)
  })
  afterAll(async () => {
    await withMeta.close()
    await without.close()
  })

  it('RFC 8414 §3: a base URL maps each endpoint the metadata names to its path', async () => {
    const u = await resolveUpstream(withMeta.base, RELAY)
    expect(Object.fromEntries(u.endpoints)).toEqual({
      '/.well-known/oauth-authorization-server': 'metadata',
      '/o/token': 'token',
      '/o/introspect': 'introspect',
      '/o/revoke': 'revoke',
    })
    expect(u.note).toBeUndefined()
  })

  it('a token endpoint URL its server metadata names gets the other endpoints too', async () => {
    const u = await resolveUpstream(`${withMeta.base}/o/token`, RELAY)
    expect(u.endpoints.get('/o/introspect')).toBe('introspect')
    expect(u.endpoints.get('/o/token')).toBe('token')
  })

  it('a token endpoint URL without metadata is the token endpoint', async () => {
    const u = await resolveUpstream(`${without.base}/token`, RELAY)
    expect(Object.fromEntries(u.endpoints)).toEqual({ '/token': 'token' })
    expect(u.note).toBeUndefined()
  })

  it('a base URL without metadata: no guessed token path, and the message the pack gives', async () => {
    const u = await resolveUpstream(without.base, RELAY)
    expect(u.endpoints.size).toBe(0)
    expect(u.note).toContain('--token-endpoint')
    const pack = await resolvePackTarget(without.base, send).catch((err: Error) => err.message)
    expect(typeof pack).toBe('string')
    expect(u.note).toContain(pack as string)
  })
})
