// Debian's python3-requests-oauthlib (OAuth2Session + LegacyApplicationClient) as a real ROPC client,
// in a real Python process (test/interop/fixtures/requests_oauthlib_client.py), against the token server.
// fetch_token(client_id, client_secret) sends requests.auth.HTTPBasicAuth(id, secret): base64 of the raw
// "id:secret", WITHOUT the application/x-www-form-urlencoded step of RFC 6749 §2.3.1.
import { execFile, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AWKWARD_SECRET,
  DEMO,
  findingCodes,
  LENIENT_AMBIGUOUS_CLIENT,
  LENIENT_CLIENT,
  noProxyEnv,
  startLab,
  STRICT_AMBIGUOUS_CLIENT,
  AMBIGUOUS_SECRET,
  STRICT_CLIENT,
  UNICODE_PASSWORD,
  type RunningLab,
} from './fixtures/lab'
import { requiresTool } from '../helpers/requires-tool'

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3'
const SCRIPT = fileURLToPath(new URL('./fixtures/requests_oauthlib_client.py', import.meta.url))

const unavailable = (() => {
  const probe = spawnSync(PYTHON, ['-c', 'import requests_oauthlib'], { encoding: 'utf8', timeout: 20_000 })
  if (probe.error) return `${PYTHON} cannot run (${probe.error.message})`
  if (probe.status !== 0) {
    const last = probe.stderr.trim().split('\n').pop() ?? ''
    return `${PYTHON} -c 'import requests_oauthlib' failed (${last}); .ci/run installs python3-requests-oauthlib (set $PYTHON to another interpreter)`
  }
  return null
})()
const hasRequestsOauthlib = requiresTool('requests-oauthlib', unavailable)

interface PyResponse {
  status: number
  www_authenticate: string | null
  cache_control: string | null
}
interface PyResult {
  ok: boolean
  token?: Record<string, unknown>
  refreshed?: Record<string, unknown>
  error?: string
  description?: string
  stage?: 'fetch' | 'refresh'
  responses: PyResponse[]
}

interface PyArgs {
  client_id: string
  client_secret: string
  username?: string
  password?: string
  mode?: 'basic' | 'body'
  refresh?: boolean
}

function runPython(tokenUrl: string, args: PyArgs): Promise<PyResult> {
  const input = JSON.stringify({ token_url: tokenUrl, username: DEMO.username, password: DEMO.password, ...args })
  return new Promise((resolve, reject) => {
    const child = execFile(
      PYTHON,
      [SCRIPT],
      {
        env: noProxyEnv({ OAUTHLIB_INSECURE_TRANSPORT: '1', PYTHONIOENCODING: 'utf-8' }),
        timeout: 20_000,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`python failed: ${err.message}\n${stderr}`))
        try {
          resolve(JSON.parse(stdout) as PyResult)
        } catch {
          reject(new Error(`python printed no JSON: ${stdout}\n${stderr}`))
        }
      },
    )
    child.stdin!.end(input)
  })
}

describe('requests-oauthlib (Debian python3-requests-oauthlib) LegacyApplicationClient against the token server', () => {
  let srv: RunningLab

  beforeAll(async () => {
    if (hasRequestsOauthlib) srv = await startLab()
  })
  afterAll(async () => {
    await srv?.stop()
  })

  it.skipIf(!hasRequestsOauthlib)(
    'RFC 6749 §4.3.2: fetch_token() with the demo client (raw Basic; nothing to encode) gets a token, then refresh_token() (§6)',
    async () => {
      const result = await runPython(srv.tokenUrl, {
        client_id: DEMO.clientId,
        client_secret: DEMO.secret,
        refresh: true,
      })
      expect(result.ok, JSON.stringify(result)).toBe(true)
      expect(result.token).toMatchObject({ token_type: 'Bearer', scope: ['read'], expires_in: 300 })
      expect(typeof result.token!.access_token).toBe('string')
      expect(typeof result.refreshed!.access_token).toBe('string')
      expect(result.refreshed!.refresh_token).not.toBe(result.token!.refresh_token)
      expect(result.responses.map((r) => r.status)).toEqual([200, 200])
      expect(result.responses.every((r) => r.cache_control === 'no-store')).toBe(true)
      const [issued, refreshed] = await srv.newExchanges(2)
      expect(issued!.grantType).toBe('password')
      expect(JSON.stringify(issued!.trace)).toContain('client_secret_basic')
      expect(findingCodes(issued!)).not.toContain('basic_not_form_encoded')
      expect(refreshed!.grantType).toBe('refresh_token')
      expect(refreshed!.status).toBe(200)
    },
  )

  it.skipIf(!hasRequestsOauthlib)(
    'RFC 6749 §2.3.1: requests-oauthlib sends the awkward secret raw in Basic — strict client: 401 invalid_client + WWW-Authenticate, finding basic_not_form_encoded',
    async () => {
      const result = await runPython(srv.tokenUrl, { client_id: STRICT_CLIENT, client_secret: AWKWARD_SECRET })
      expect(result.ok).toBe(false)
      expect(result.error).toBe('invalid_client')
      expect(result.responses[0]!.status).toBe(401)
      expect(result.responses[0]!.www_authenticate).toMatch(/^Basic realm="/)
      const exchange = await srv.nextExchange()
      expect(exchange.status).toBe(401)
      expect(findingCodes(exchange)).toContain('basic_not_form_encoded')
    },
  )

  it.skipIf(!hasRequestsOauthlib)(
    'RFC 6749 §2.3.1: the same raw Basic to a lenientBasicAuth client is accepted, finding basic_not_form_encoded still recorded',
    async () => {
      const result = await runPython(srv.tokenUrl, {
        client_id: LENIENT_CLIENT,
        client_secret: AWKWARD_SECRET,
        refresh: true,
      })
      expect(result.ok, JSON.stringify(result)).toBe(true)
      expect(result.token!.token_type).toBe('Bearer')
      expect(result.refreshed!.token_type).toBe('Bearer')
      const [issued, refreshed] = await srv.newExchanges(2)
      expect(issued!.status).toBe(200)
      expect(findingCodes(issued!)).toContain('basic_not_form_encoded')
      expect(findingCodes(refreshed!)).toContain('basic_not_form_encoded')
    },
  )

  it.skipIf(!hasRequestsOauthlib)(
    'RFC 6749 §2.3.1: a raw "a+b%41c" secret (decodes to "a bAc") — strict refuses with the finding, lenient accepts with it',
    async () => {
      const strict = await runPython(srv.tokenUrl, {
        client_id: STRICT_AMBIGUOUS_CLIENT,
        client_secret: AMBIGUOUS_SECRET,
      })
      expect(strict.error).toBe('invalid_client')
      expect(findingCodes(await srv.nextExchange())).toContain('basic_not_form_encoded')
      const lenient = await runPython(srv.tokenUrl, {
        client_id: LENIENT_AMBIGUOUS_CLIENT,
        client_secret: AMBIGUOUS_SECRET,
      })
      expect(lenient.ok, JSON.stringify(lenient)).toBe(true)
      expect(findingCodes(await srv.nextExchange())).toContain('basic_not_form_encoded')
    },
  )

  it.skipIf(!hasRequestsOauthlib)(
    'RFC 6749 §2.3.1 (client_secret_post): include_client_id=True puts the awkward secret in the form body, accepted by a strict client',
    async () => {
      const result = await runPython(srv.tokenUrl, {
        client_id: STRICT_CLIENT,
        client_secret: AWKWARD_SECRET,
        mode: 'body',
        refresh: true,
      })
      expect(result.ok, JSON.stringify(result)).toBe(true)
      const [issued] = await srv.newExchanges(2)
      expect(JSON.stringify(issued!.trace)).toContain('client_secret_post')
      expect(findingCodes(issued!)).not.toContain('basic_not_form_encoded')
    },
  )

  it.skipIf(!hasRequestsOauthlib)(
    'Appendix B: a Unicode password with space, +, %, &, = and an emoji (Content-Type with ;charset=UTF-8) gets a token',
    async () => {
      const result = await runPython(srv.tokenUrl, {
        client_id: DEMO.clientId,
        client_secret: DEMO.secret,
        username: 'ünïcode user',
        password: UNICODE_PASSWORD,
      })
      expect(result.ok, JSON.stringify(result)).toBe(true)
      expect((await srv.nextExchange()).username).toBe('ünïcode user')
    },
  )

  it.skipIf(!hasRequestsOauthlib)('RFC 6749 §4.3.2 / §5.2: a wrong password is invalid_grant (400)', async () => {
    const result = await runPython(srv.tokenUrl, {
      client_id: DEMO.clientId,
      client_secret: DEMO.secret,
      password: 'wrong',
    })
    expect(result.ok).toBe(false)
    expect(result.error).toBe('invalid_grant')
    expect(result.responses[0]!.status).toBe(400)
    await srv.newExchanges()
  })
})
