// RFC 6749 §4.4: the client credentials grant on the embedded server, over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { basic, expectOAuthError, type Harness, startHarness } from '../../helpers/token-server-harness'

let h: Harness

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({ clientId: 'batch', secret: 'batch-secret', grantTypes: ['client_credentials', 'refresh_token'] })
  await h.addClient({ clientId: 'legacy', secret: 'legacy-secret' })
  await h.addClient({ clientId: 'mobile', public: true, grantTypes: ['client_credentials'] })
})
afterAll(async () => {
  await h.close()
})

describe('client credentials (RFC 6749 §4.4)', () => {
  it('RFC 6749 §4.4.3: a confidential client gets an access token and no refresh token, even when allowed refresh_token', async () => {
    const r = await h.token({ grant_type: 'client_credentials', scope: 'read write' }, basic('batch', 'batch-secret'))
    expect(r.status).toBe(200)
    expect(r.headers['cache-control']).toBe('no-store')
    const body = r.json()
    expect(body).toMatchObject({ token_type: 'Bearer', scope: 'read write' })
    expect(body.refresh_token).toBeUndefined()
    const e = h.lastExchange()
    expect(e.grantType).toBe('client_credentials')
    expect(e.request.body).toBe('grant_type=client_credentials&scope=read+write')
    expect(e.response.body).not.toContain(body.access_token)

    // RFC 7662 §2.2: active, sub is the client, no username (there is no user).
    const i = await h.post(ENDPOINT_PATHS.introspect, { token: body.access_token }, basic('batch', 'batch-secret'))
    const info = i.json()
    expect(info).toMatchObject({ active: true, client_id: 'batch', sub: 'batch', scope: 'read write' })
    expect(info.username).toBeUndefined()
  })

  it('RFC 6749 §4.4.2: a wrong secret is invalid_client (401 with Basic)', async () => {
    const r = await h.token({ grant_type: 'client_credentials' }, basic('batch', 'wrong'))
    expectOAuthError(r, 401, 'invalid_client')
  })

  it('RFC 6749 §5.2: a client not allowed the grant is unauthorized_client', async () => {
    const r = await h.token({ grant_type: 'client_credentials' }, basic('legacy', 'legacy-secret'))
    expectOAuthError(r, 400, 'unauthorized_client')
  })

  it('RFC 6749 §4.4: a public client may not use it, even when the grant is listed', async () => {
    const r = await h.token({ grant_type: 'client_credentials', client_id: 'mobile' })
    expectOAuthError(r, 400, 'unauthorized_client', 'The client_credentials grant is for confidential clients only.')
    expect(h.lastExchange().trace.map((s) => s.step)).toContain('grant.client_type')
  })

  it('RFC 6749 §3.3: a scope the client may not have is invalid_scope', async () => {
    const r = await h.token({ grant_type: 'client_credentials', scope: 'admin' }, basic('batch', 'batch-secret'))
    expectOAuthError(r, 400, 'invalid_scope')
  })

  it('RFC 8414 §2: the metadata announces client_credentials once a client holds it', async () => {
    const body = (await h.request('GET', ENDPOINT_PATHS.metadata)).json()
    expect(body.grant_types_supported).toEqual(['password', 'refresh_token', 'client_credentials'])
  })
})
