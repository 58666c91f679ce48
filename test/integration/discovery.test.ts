// The one target discovery over real HTTP on 127.0.0.1: bounded in bytes and in time for the whole
// answer (a server dripping one byte every 2 s, or sending a body without end, fails with a clear
// message instead of holding the run), connection failures said as what happened, and endpoints
// given explicitly winning over the metadata.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { discoverEndpoints, DiscoveryTransportError, fetchTransport } from '../../src/lab/discovery/index'

let servers: Server[] = []
afterEach(async () => {
  for (const s of servers) s.closeAllConnections()
  await Promise.all(servers.map((s) => new Promise((done) => s.close(done))))
  servers = []
})

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler)
  servers.push(server)
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('bounded discovery transport', () => {
  it('a server sending one byte every 2 s fails on the total time limit, saying so', async () => {
    const base = await listen((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.write('{')
      const drip = setInterval(() => res.write(' '), 2000)
      res.on('close', () => clearInterval(drip))
    })
    const get = fetchTransport({ timeoutMs: 300 })
    await expect(get(`${base}/.well-known/oauth-authorization-server`)).rejects.toThrow(
      /no complete answer within 0\.3 s/,
    )
  })

  it('an endless body fails on the total byte limit', async () => {
    const base = await listen((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      const chunk = Buffer.alloc(16 * 1024, 0x20)
      const pump = () => {
        while (res.write(chunk)) {
          /* until the socket pushes back */
        }
      }
      res.on('drain', pump)
      pump()
    })
    const get = fetchTransport({ maxBytes: 64 * 1024, timeoutMs: 5000 })
    await expect(get(`${base}/x`)).rejects.toThrow(/the answer is over 65536 bytes/)
  })

  it('tells "nothing is listening" from "the connection was closed after the request was sent"', async () => {
    const closed = await listen((req) => req.socket.destroy())
    const refused = await listen(() => undefined)
    const refusedServer = servers.pop()!
    await new Promise((done) => refusedServer.close(done))
    const get = fetchTransport({ timeoutMs: 5000 })
    const hangUp = await get(`${closed}/x`).catch((e: unknown) => e)
    expect(hangUp).toBeInstanceOf(DiscoveryTransportError)
    expect((hangUp as DiscoveryTransportError).why).toMatch(/^the connection was closed after the request was sent/)
    const nobody = await get(`${refused}/x`).catch((e: unknown) => e)
    expect((nobody as DiscoveryTransportError).why).toMatch(/^nothing is listening there/)
  })
})

describe('discoverEndpoints', () => {
  it('endpoints given explicitly win over the metadata; without metadata they are the target', async () => {
    const base = await listen((req, res) => {
      if (req.url === '/.well-known/oauth-authorization-server') {
        res.writeHead(200, { 'Content-Type': 'application/json' })
        return void res.end(JSON.stringify({ issuer: base, token_endpoint: `${base}/token` }))
      }
      res.writeHead(404)
      res.end()
    })
    const get = fetchTransport()
    const withMetadata = await discoverEndpoints(base, get, { introspectionEndpoint: `${base}/o/introspect/` })
    expect(withMetadata).toMatchObject({
      tokenEndpoint: `${base}/token`,
      introspectionEndpoint: `${base}/o/introspect/`,
      metadataUrl: `${base}/.well-known/oauth-authorization-server`,
    })
    expect(withMetadata.revocationEndpoint).toBeUndefined()
    const explicit = await discoverEndpoints(undefined, get, {
      tokenEndpoint: `${base}/o/token/`,
      revocationEndpoint: `${base}/o/revoke_token/`,
    })
    expect(explicit).toMatchObject({
      kind: 'explicit',
      tokenEndpoint: `${base}/o/token/`,
      revocationEndpoint: `${base}/o/revoke_token/`,
    })
    const viaMetadataFlag = await discoverEndpoints(undefined, get, {
      metadataUrl: `${base}/.well-known/oauth-authorization-server`,
    })
    expect(viaMetadataFlag.tokenEndpoint).toBe(`${base}/token`)
    await expect(discoverEndpoints(undefined, get, { tokenEndpoint: 'not a url' })).rejects.toThrow(
      /tokenEndpoint must be an absolute http\(s\) URL/,
    )
  })
})
