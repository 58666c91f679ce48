// simple-oauth2 5 (npm) as a real ROPC client of the token server, over real HTTP.
//
// What it sends (node_modules/simple-oauth2/lib/client/request-options.js, credentials-encoding.js):
// - options.authorizationMethod 'header' (the default): `Authorization: Basic base64(id:secret)` where,
//   with options.credentialsEncodingMode 'strict' (the default), id and secret are each
//   application/x-www-form-urlencoded first (encodeURIComponent, %20 → '+', and !'()* escaped), as
//   RFC 6749 §2.3.1 asks; with 'loose' they are sent raw, like curl -u.
// - 'body': client_id and client_secret join the form body (querystring.stringify).
// - refresh() posts grant_type=refresh_token with the same client authentication.
import { createRequire } from 'node:module'
import { ResourceOwnerPassword, type ModuleOptions } from 'simple-oauth2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AMBIGUOUS_SECRET,
  AWKWARD_SECRET,
  DEMO,
  findingCodes,
  LENIENT_CLIENT,
  startLab,
  STRICT_AMBIGUOUS_CLIENT,
  STRICT_CLIENT,
  TOKEN_PATH,
  UNICODE_PASSWORD,
  type RunningLab,
} from './fixtures/lab'

interface BoomLike {
  isBoom?: boolean
  output?: { statusCode: number }
  data?: { payload?: unknown; headers?: Record<string, string | string[] | undefined> }
}

function client(
  baseUrl: string,
  id: string,
  secret: string,
  options: NonNullable<ModuleOptions['options']> = {},
): ResourceOwnerPassword {
  return new ResourceOwnerPassword({
    client: { id, secret },
    auth: { tokenHost: baseUrl, tokenPath: TOKEN_PATH },
    options,
  })
}

async function rejection(
  promise: Promise<unknown>,
): Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, unknown> }> {
  try {
    await promise
  } catch (err) {
    const boom = err as BoomLike
    expect(boom.isBoom, String(err)).toBe(true)
    return {
      status: boom.output!.statusCode,
      body: boom.data!.payload as Record<string, unknown>,
      headers: (boom.data!.headers ?? {}) as Record<string, unknown>,
    }
  }
  throw new Error('expected the request to be refused')
}

describe('simple-oauth2 (npm) ResourceOwnerPassword against the token server', () => {
  let srv: RunningLab

  beforeAll(async () => {
    srv = await startLab()
  })
  afterAll(async () => {
    await srv?.stop()
  })

  it('RFC 6749 §2.3.1: simple-oauth2 form-encodes Basic credentials by default (credentialsEncodingMode "strict"), raw with "loose"', () => {
    // The library's own encoder, to pin down what goes on the wire for the assertions below.
    const require = createRequire(import.meta.url)
    const { CredentialsEncoding } = require('simple-oauth2/lib/client/credentials-encoding.js') as {
      CredentialsEncoding: new (mode: string) => { getAuthorizationHeaderToken(id: string, secret: string): string }
    }
    const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8')
    expect(decode(new CredentialsEncoding('strict').getAuthorizationHeaderToken(STRICT_CLIENT, AWKWARD_SECRET))).toBe(
      `${STRICT_CLIENT}:s3cr%2Bt%3A%2F%25`,
    )
    expect(decode(new CredentialsEncoding('loose').getAuthorizationHeaderToken(STRICT_CLIENT, AWKWARD_SECRET))).toBe(
      `${STRICT_CLIENT}:${AWKWARD_SECRET}`,
    )
  })

  it('RFC 6749 §4.3.2 + §2.3.1 (client_secret_basic): getToken() with authorizationMethod "header", then refresh() (§6) rotates the refresh token', async () => {
    const oauth = client(srv.baseUrl, DEMO.clientId, DEMO.secret, { authorizationMethod: 'header' })
    const token = await oauth.getToken({ username: DEMO.username, password: DEMO.password })
    expect(token.token).toMatchObject({ token_type: 'Bearer', scope: 'read', expires_in: 300 })
    expect(typeof token.token.access_token).toBe('string')
    expect(typeof token.token.refresh_token).toBe('string')
    expect(token.token.expires_at).toBeInstanceOf(Date)
    const issued = await srv.nextExchange()
    expect(issued.status).toBe(200)
    expect(JSON.stringify(issued.trace)).toContain('client_secret_basic')
    // Only the lab's standing cautions (info: ROPC itself, plain HTTP); nothing wrong in what the client sent.
    expect(issued.findings.filter((f) => f.severity !== 'info')).toEqual([])
    expect(findingCodes(issued)).not.toContain('basic_not_form_encoded')

    const refreshed = await token.refresh()
    expect(refreshed.token).toMatchObject({ token_type: 'Bearer', scope: 'read' })
    expect(refreshed.token.access_token).not.toBe(token.token.access_token)
    expect(refreshed.token.refresh_token).not.toBe(token.token.refresh_token)
    const refreshExchange = await srv.nextExchange()
    expect(refreshExchange.status).toBe(200)
    expect(refreshExchange.grantType).toBe('refresh_token')

    // RFC 9700 §4.14.2: the rotated-out refresh token no longer works.
    const reuse = await rejection(token.refresh())
    expect(reuse.status).toBe(400)
    expect(reuse.body.error).toBe('invalid_grant')
    await srv.newExchanges()
  })

  it('RFC 6749 §2.3.1 (client_secret_post): getToken() with authorizationMethod "body", scope narrowed on refresh() (§6)', async () => {
    const oauth = client(srv.baseUrl, DEMO.clientId, DEMO.secret, { authorizationMethod: 'body' })
    const token = await oauth.getToken({ username: DEMO.username, password: DEMO.password, scope: ['read', 'write'] })
    expect(token.token).toMatchObject({ token_type: 'Bearer', scope: 'read write' })
    const issued = await srv.nextExchange()
    expect(JSON.stringify(issued.trace)).toContain('client_secret_post')
    expect(issued.request.body).not.toContain(DEMO.secret)
    expect(issued.request.body).not.toContain(DEMO.password)

    const refreshed = await token.refresh({ scope: 'read' })
    expect(refreshed.token.scope).toBe('read')
    await srv.newExchanges()
  })

  it('RFC 6749 §2.3.1: default (strict) encoding of an awkward secret in Basic is accepted by a strict client without a finding', async () => {
    const oauth = client(srv.baseUrl, STRICT_CLIENT, AWKWARD_SECRET)
    const token = await oauth.getToken({ username: DEMO.username, password: DEMO.password })
    expect(token.token.token_type).toBe('Bearer')
    const exchange = await srv.nextExchange()
    expect(exchange.status).toBe(200)
    expect(findingCodes(exchange)).not.toContain('basic_not_form_encoded')
  })

  it('RFC 6749 §2.3.1: "a+b%41c" encoded by simple-oauth2 decodes back to itself on a strict client (no finding)', async () => {
    const token = await client(srv.baseUrl, STRICT_AMBIGUOUS_CLIENT, AMBIGUOUS_SECRET).getToken({
      username: DEMO.username,
      password: DEMO.password,
    })
    expect(token.token.token_type).toBe('Bearer')
    expect(findingCodes(await srv.nextExchange())).not.toContain('basic_not_form_encoded')
  })

  it('RFC 6749 §2.3.1: credentialsEncodingMode "loose" (raw Basic) is 401 invalid_client + WWW-Authenticate on a strict client, with finding basic_not_form_encoded', async () => {
    const oauth = client(srv.baseUrl, STRICT_CLIENT, AWKWARD_SECRET, { credentialsEncodingMode: 'loose' })
    const refused = await rejection(oauth.getToken({ username: DEMO.username, password: DEMO.password }))
    expect(refused.status).toBe(401)
    expect(refused.body.error).toBe('invalid_client')
    expect(String(refused.headers['www-authenticate'])).toMatch(/^Basic realm="/)
    const exchange = await srv.nextExchange()
    expect(findingCodes(exchange)).toContain('basic_not_form_encoded')
  })

  it('RFC 6749 §2.3.1: credentialsEncodingMode "loose" is accepted by a lenientBasicAuth client, finding still recorded', async () => {
    const oauth = client(srv.baseUrl, LENIENT_CLIENT, AWKWARD_SECRET, { credentialsEncodingMode: 'loose' })
    const token = await oauth.getToken({ username: DEMO.username, password: DEMO.password })
    expect(token.token.token_type).toBe('Bearer')
    const exchange = await srv.nextExchange()
    expect(exchange.status).toBe(200)
    expect(findingCodes(exchange)).toContain('basic_not_form_encoded')
  })

  it('RFC 6749 §2.3.1: the awkward secret in the body (authorizationMethod "body") is accepted by a strict client', async () => {
    const token = await client(srv.baseUrl, STRICT_CLIENT, AWKWARD_SECRET, { authorizationMethod: 'body' }).getToken({
      username: 'ünïcode user',
      password: UNICODE_PASSWORD,
    })
    expect(token.token.token_type).toBe('Bearer')
    const exchange = await srv.nextExchange()
    expect(exchange.username).toBe('ünïcode user')
    expect(findingCodes(exchange)).not.toContain('basic_not_form_encoded')
  })

  it('RFC 6749 §4.3.2 / §5.2: a wrong password is 400 invalid_grant, for Basic and for body', async () => {
    for (const authorizationMethod of ['header', 'body'] as const) {
      const oauth = client(srv.baseUrl, DEMO.clientId, DEMO.secret, { authorizationMethod })
      const refused = await rejection(oauth.getToken({ username: DEMO.username, password: 'wrong-password' }))
      expect(refused.status).toBe(400)
      expect(refused.body).toMatchObject({ error: 'invalid_grant' })
      expect(Object.keys(refused.body).every((k) => k === 'error' || k === 'error_description')).toBe(true)
      const exchange = await srv.nextExchange()
      expect(exchange.error).toBe('invalid_grant')
    }
  })

  it('RFC 6749 §5.2: a wrong client secret is invalid_client (401 + WWW-Authenticate for Basic)', async () => {
    const refused = await rejection(
      client(srv.baseUrl, DEMO.clientId, 'not-the-secret').getToken({
        username: DEMO.username,
        password: DEMO.password,
      }),
    )
    expect(refused.status).toBe(401)
    expect(refused.body.error).toBe('invalid_client')
    expect(String(refused.headers['www-authenticate'])).toMatch(/^Basic /)
    await srv.newExchanges()
  })
})
