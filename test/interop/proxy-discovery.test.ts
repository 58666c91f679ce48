// openid-client 6 (npm), a real client that checks RFC 8414 §3.3 on discovery, discovers a real server
// (a second lab) through the recording proxy and then gets a token from it. By default the relayed
// metadata names the proxy as issuer, so discovery succeeds and the grant goes through the proxy; with
// keepIssuer the upstream's issuer is kept, and openid-client refuses the document, as §3.3 tells it to.
import * as oidc from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import type { Lab } from '../../src/lab/lab-types'
import { ENDPOINT_PATHS } from '../../src/shared/wire'

const CLIENT = { id: 'discovering-app', secret: 'discovery-secret-1' }
const USER = { username: 'discovering-alice', password: 'discovering-password-1' }

let real: Lab
let lab: Lab
let realBase: string

beforeAll(async () => {
  real = await createLab({
    dbPath: ':memory:',
    hashThreads: 1,
    workspace: {
      version: 1,
      settings: { bcryptCost: 4, tokenFormat: 'opaque' },
      scopes: [{ name: 'read', default: true }],
      clients: [{ clientId: CLIENT.id, secret: CLIENT.secret, scopes: ['read'] }],
      users: [USER],
    },
  })
  realBase = (await real.start({ port: 0 })).baseUrl!
  lab = await createLab({ dbPath: ':memory:', hashThreads: 1, workspace: { version: 1, settings: { bcryptCost: 4 } } })
})
afterAll(async () => {
  await lab?.close()
  await real?.close()
})

const discover = (base: string) =>
  oidc.discovery(new URL(base), CLIENT.id, undefined, oidc.ClientSecretBasic(CLIENT.secret), {
    algorithm: 'oauth2',
    execute: [oidc.allowInsecureRequests],
  })

describe('openid-client discovering through the proxy', () => {
  it('accepts the relayed metadata (issuer = the proxy) and gets a token through the proxy', async () => {
    const proxy = await lab.proxy({ upstream: realBase })
    try {
      const config = await discover(proxy.baseUrl)
      expect(config.serverMetadata().issuer).toBe(proxy.baseUrl)
      expect(config.serverMetadata().token_endpoint).toBe(`${proxy.baseUrl}${ENDPOINT_PATHS.token}`)
      const tokens = await oidc.genericGrantRequest(config, 'password', {
        username: USER.username,
        password: USER.password,
      })
      expect(tokens.token_type.toLowerCase()).toBe('bearer')
      const { items } = await lab.handlers['exchanges.list']({ limit: 2, offset: 0 })
      expect(items.map((e) => [e.origin, e.endpoint, e.status])).toEqual([
        ['proxy', ENDPOINT_PATHS.token, 200],
        ['proxy', ENDPOINT_PATHS.metadata, 200],
      ])
      const metadata = await lab.handlers['exchanges.get']({ id: items[1]!.id, reveal: false })
      expect(metadata.trace.find((s) => s.step === 'proxy.metadata')?.detail).toContain(
        `issuer rewritten from ${realBase} to ${proxy.baseUrl}`,
      )
    } finally {
      await proxy.close()
    }
  })

  it('with keepIssuer, refuses the metadata: its issuer is not the URL it was fetched from (§3.3)', async () => {
    const proxy = await lab.proxy({ upstream: realBase, keepIssuer: true })
    try {
      const refused = await discover(proxy.baseUrl).then(
        () => null,
        (err: Error) => err,
      )
      expect(refused).toBeInstanceOf(Error)
      expect((refused as { code?: string }).code).toBe('OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED')
      expect(refused?.message).toContain('issuer')
    } finally {
      await proxy.close()
    }
  })
})
