// RFC 6749 §2.3.1 judged across two exchanges through the recording proxy: in front of a real server
// that does not form-decode Basic credentials (@node-oauth/oauth2-server), curl -u sends the secret
// `p@ss+wo rd:x` raw and is accepted, simple-oauth2 (strict mode) form-encodes it as RFC 6749 asks and
// is refused. Only the pair shows the deviation, so `basic_not_form_decoded` lands on the second
// exchange of the pair, whichever came first. In front of a server that form-decodes (the lab), the
// same pair raises nothing.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { ResourceOwnerPassword } from 'simple-oauth2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import type { Lab } from '../../src/lab/lab-types'
import type { Exchange } from '../../src/shared/exchange'
import { ENDPOINT_PATHS } from '../../src/shared/wire'
import { startNodeOAuthUpstream, type NodeOAuthUpstream } from '../helpers/node-oauth-upstream'

const run = promisify(execFile)
const CLIENT = { id: 'pairing-legacy', secret: 'p@ss+wo rd:x' }
const USER = { username: 'pairing-alice', password: 'pairing-password-1' }
const GRANT = `grant_type=password&username=${USER.username}&password=${USER.password}`

let upstream: NodeOAuthUpstream
let lab: Lab

beforeAll(async () => {
  upstream = await startNodeOAuthUpstream({ client: CLIENT, user: USER })
  lab = await createLab({ dbPath: ':memory:', hashThreads: 1, workspace: { version: 1, settings: { bcryptCost: 4 } } })
})
afterAll(async () => {
  await lab?.close()
  await upstream?.close()
})

/** curl -u: the credentials base64-encoded as typed, without RFC 6749 §2.3.1's form-encoding. */
async function curlRaw(tokenUrl: string): Promise<number> {
  const { stdout } = await run('curl', [
    '-s',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code}',
    '--noproxy',
    '*',
    '-u',
    `${CLIENT.id}:${CLIENT.secret}`,
    '-d',
    GRANT,
    tokenUrl,
  ])
  return Number(stdout)
}

/** simple-oauth2 in its default strict mode: id and secret form-encoded before base64, as §2.3.1 asks. */
async function simpleOAuth2Encoded(baseUrl: string, tokenPath: string): Promise<number> {
  const client = new ResourceOwnerPassword({
    client: { id: CLIENT.id, secret: CLIENT.secret },
    auth: { tokenHost: baseUrl, tokenPath },
  })
  try {
    await client.getToken({ username: USER.username, password: USER.password })
    return 200
  } catch (err) {
    return (err as { output?: { statusCode: number } }).output?.statusCode ?? 0
  }
}

async function latestExchanges(count: number): Promise<Exchange[]> {
  const { items } = await lab.handlers['exchanges.list']({ limit: count, offset: 0 })
  return Promise.all(items.map((s) => lab.handlers['exchanges.get']({ id: s.id, reveal: false })))
}

const pairCodes = (e: Exchange) => e.findings.filter((f) => f.code === 'basic_not_form_decoded')

describe('basic_not_form_decoded through the proxy, in front of @node-oauth/oauth2-server', () => {
  it('raw accepted, then form-encoded refused: the second exchange carries the finding', async () => {
    const proxy = await lab.proxy({ upstream: upstream.tokenUrl })
    try {
      expect(await curlRaw(`${proxy.baseUrl}/token`)).toBe(200)
      const refused = await simpleOAuth2Encoded(proxy.baseUrl, '/token')
      expect([400, 401]).toContain(refused)
      const [encoded, raw] = await latestExchanges(2)
      expect(raw!.status).toBe(200)
      expect(pairCodes(raw!)).toEqual([])
      const [finding] = pairCodes(encoded!)
      expect(finding?.rfc).toBe('RFC 6749 §2.3.1')
      expect(finding?.message).toContain(`Client "${CLIENT.id}"`)
      expect(finding?.message).toContain('secret')
      // The finding names the client, never the secret in any form.
      expect(JSON.stringify(encoded!.findings)).not.toContain('wo rd')
      expect(JSON.stringify(encoded!.findings)).not.toContain('wo+rd')
    } finally {
      await proxy.close()
    }
  })

  it('form-encoded refused first, then raw accepted: the raw exchange carries it', async () => {
    const proxy = await lab.proxy({ upstream: upstream.tokenUrl })
    try {
      expect([400, 401]).toContain(await simpleOAuth2Encoded(proxy.baseUrl, '/token'))
      expect(await curlRaw(`${proxy.baseUrl}/token`)).toBe(200)
      const [raw, encoded] = await latestExchanges(2)
      expect(pairCodes(encoded!)).toEqual([])
      expect(pairCodes(raw!).map((f) => f.code)).toEqual(['basic_not_form_decoded'])
    } finally {
      await proxy.close()
    }
  })
})

describe('in front of a server that form-decodes (the lab)', () => {
  let real: Lab
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
  })
  afterAll(async () => {
    await real?.close()
  })

  it('the same pair (raw refused, encoded accepted) raises no basic_not_form_decoded', async () => {
    const proxy = await lab.proxy({ upstream: realBase })
    try {
      expect(await curlRaw(`${proxy.baseUrl}${ENDPOINT_PATHS.token}`)).not.toBe(200)
      expect(await simpleOAuth2Encoded(proxy.baseUrl, ENDPOINT_PATHS.token)).toBe(200)
      const [encoded, raw] = await latestExchanges(2)
      expect(encoded!.status).toBe(200)
      expect([...pairCodes(encoded!), ...pairCodes(raw!)]).toEqual([])
    } finally {
      await proxy.close()
    }
  })
})
