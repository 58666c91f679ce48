// --target resolution (RFC 8414 §3): a base URL whose metadata names the endpoints, the appended and
// OpenID Connect forms real servers use, a token endpoint URL, and a target that does not answer.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { discoverTarget, embeddedTarget, endpointUrl, TargetError } from '../../../src/lab/scenarios/target'
import { startScenarioLab, type ScenarioLab } from '../../helpers/scenario-lab'

let env: ScenarioLab
beforeAll(async () => {
  env = await startScenarioLab()
})
afterAll(() => env.close())

let server: Server | null = null
afterEach(async () => {
  await new Promise((done) => (server ? server.close(done) : done(undefined)))
  server = null
})

/** A server that answers JSON at the given paths and 404 elsewhere; records the paths asked for. */
async function serve(routes: (base: string) => Record<string, unknown>): Promise<{ base: string; asked: string[] }> {
  const asked: string[] = []
  let base = ''
  server = createServer((req, res) => {
    asked.push(req.url!)
    const body = routes(base)[req.url!]
    res.writeHead(body === undefined ? 404 : 200, { 'Content-Type': 'application/json' })
    res.end(body === undefined ? '{"error":"not_found"}' : JSON.stringify(body))
  })
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { base, asked }
}

describe('discoverTarget', () => {
  it('a base URL: the endpoints its RFC 8414 metadata names', async () => {
    const t = await discoverTarget(env.baseUrl)
    expect(t).toEqual({
      kind: 'base-url',
      url: env.baseUrl,
      endpoints: embeddedTarget(env.baseUrl).endpoints,
      source: `metadata at ${env.baseUrl}/.well-known/oauth-authorization-server`,
    })
  })

  it('an issuer with a path: the well-known path goes between host and path (RFC 8414 §3.1)', async () => {
    const { base, asked } = await serve((b) => ({
      '/.well-known/oauth-authorization-server/tenant/a': {
        issuer: `${b}/tenant/a`,
        token_endpoint: `${b}/tenant/a/token`,
        revocation_endpoint: `${b}/tenant/a/revoke`,
      },
    }))
    const t = await discoverTarget(`${base}/tenant/a`)
    expect(t.kind).toBe('base-url')
    expect(t.endpoints).toEqual({
      token: `${base}/tenant/a/token`,
      revoke: `${base}/tenant/a/revoke`,
      metadata: `${base}/.well-known/oauth-authorization-server/tenant/a`,
    })
    expect(asked).toEqual(['/.well-known/oauth-authorization-server/tenant/a'])
    expect(endpointUrl(t, 'introspect')).toEqual({
      missing: expect.stringMatching(/^the target has no known introspection endpoint \(RFC 7662\)/),
    })
  })

  it('also finds metadata appended to the path, and OpenID Connect discovery (RFC 8414 §5)', async () => {
    const appended = await serve((b) => ({
      '/realm/.well-known/oauth-authorization-server': { token_endpoint: `${b}/realm/token` },
    }))
    expect((await discoverTarget(`${appended.base}/realm`)).endpoints.token).toBe(`${appended.base}/realm/token`)
    await new Promise((done) => server!.close(done))
    const oidc = await serve((b) => ({
      '/realms/x/.well-known/openid-configuration': {
        token_endpoint: `${b}/realms/x/protocol/openid-connect/token`,
        jwks_uri: `${b}/certs`,
      },
    }))
    const t = await discoverTarget(`${oidc.base}/realms/x/`)
    expect(t.endpoints).toMatchObject({
      token: `${oidc.base}/realms/x/protocol/openid-connect/token`,
      jwks: `${oidc.base}/certs`,
    })
  })

  it('a token endpoint URL of a server whose metadata names it: every endpoint of that metadata', async () => {
    const tokenUrl = `${env.baseUrl}/oauth/v2/oauth-token`
    const t = await discoverTarget(tokenUrl)
    expect(t.kind).toBe('token-endpoint')
    expect(t.endpoints).toEqual(embeddedTarget(env.baseUrl).endpoints)
  })

  it('a token endpoint URL without metadata: the token endpoint only', async () => {
    const { base } = await serve(() => ({}))
    const t = await discoverTarget(`${base}/oauth/token`)
    expect(t).toEqual({
      kind: 'token-endpoint',
      url: `${base}/oauth/token`,
      endpoints: { token: `${base}/oauth/token` },
      source: 'a token endpoint URL (no RFC 8414 metadata found)',
    })
  })

  it('a bare origin without metadata: refused, naming --token-endpoint (as the pack and the proxy do)', async () => {
    const { base } = await serve(() => ({}))
    await expect(discoverTarget(base)).rejects.toMatchObject({
      name: 'TargetError',
      reason: 'invalid',
      message: expect.stringMatching(/^no RFC 8414 metadata at .*--token-endpoint/),
    })
    // With the token endpoint named, the same origin is a target.
    const t = await discoverTarget(base, undefined, { tokenEndpoint: `${base}/o/token` })
    expect(t.endpoints.token).toBe(`${base}/o/token`)
  })

  it('refuses a target that does not answer, and one that is not an http(s) URL', async () => {
    const { base } = await serve(() => ({}))
    await new Promise((done) => server!.close(done))
    server = null
    await expect(discoverTarget(`${base}/token`)).rejects.toMatchObject({
      name: 'TargetError',
      reason: 'unreachable',
      message: `target ${base}/token is unreachable (nothing is listening there (connection refused, ECONNREFUSED) at ${base}/.well-known/oauth-authorization-server/token)`,
    })
    await expect(discoverTarget('127.0.0.1:8443')).rejects.toBeInstanceOf(TargetError)
    await expect(discoverTarget('ftp://example.com/')).rejects.toMatchObject({ reason: 'invalid' })
  })
})
