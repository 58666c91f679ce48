// curl against the real token server: the README's request exactly as printed, then `-u` (Basic) and
// `--data-urlencode`. curl is spawned with execFile (no shell), so every argument reaches curl as
// written in the README. curl -u does NOT form-encode the id and secret (RFC 6749 §2.3.1 asks for it),
// which only matters when the secret holds characters the encoding changes.
import { execFile, execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AMBIGUOUS_SECRET,
  AWKWARD_SECRET,
  DEMO,
  findingCodes,
  LENIENT_AMBIGUOUS_CLIENT,
  LENIENT_CLIENT,
  noProxyEnv,
  REPO_ROOT,
  startLab,
  STRICT_AMBIGUOUS_CLIENT,
  STRICT_CLIENT,
  TOKEN_PATH,
  UNICODE_PASSWORD,
  type RunningLab,
} from './fixtures/lab'
import { requiresTool } from '../helpers/requires-tool'

const CURL = process.env.CURL ?? 'curl'
const curlMissing = (() => {
  try {
    execFileSync(CURL, ['--version'], { stdio: 'ignore' })
    return null
  } catch (err) {
    return `curl not runnable (${(err as Error).message}); .ci/run installs it with apt-get`
  }
})()
const hasCurl = requiresTool('curl', curlMissing)

/** The request of the README (Curity's ROPC tutorial) with the demo secret and user filled in. */
const README_BODY = `grant_type=password&client_id=${DEMO.clientId}&client_secret=${DEMO.secret}&username=${DEMO.username}&password=${DEMO.password}`
const readmeArgs = (base: string): string[] => [
  '-X',
  'POST',
  `${base}${TOKEN_PATH}`,
  '-H',
  'Content-Type: application/x-www-form-urlencoded',
  '-d',
  README_BODY,
]

function curl(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(CURL, args, { env: noProxyEnv(), timeout: 15_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`curl ${args.join(' ')} failed: ${err.message}\n${stderr}`))
      else resolve({ stdout, stderr })
    })
  })
}

interface CurlReply {
  status: number
  headers: Record<string, string>
  json: Record<string, unknown>
}

/** curl -sS -i …: status line, headers, blank line, body. */
async function curlI(args: string[]): Promise<CurlReply> {
  const { stdout } = await curl(['-sS', '-i', ...args])
  const split = stdout.indexOf('\r\n\r\n')
  const head = stdout.slice(0, split).split('\r\n')
  const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(head[0] ?? '')?.[1])
  const headers: Record<string, string> = {}
  for (const line of head.slice(1)) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const body = stdout.slice(split + 4)
  let json: Record<string, unknown>
  try {
    json = JSON.parse(body)
  } catch {
    throw new Error(`not JSON (status ${status}): ${body}`)
  }
  return { status, headers, json }
}

const form = (...pairs: Array<[string, string]>): string[] => pairs.flatMap(([k, v]) => ['-d', `${k}=${v}`])
const urlencoded = (...pairs: Array<[string, string]>): string[] =>
  pairs.flatMap(([k, v]) => ['--data-urlencode', `${k}=${v}`])

function expectTokenResponse(json: Record<string, unknown>, scope = 'read'): void {
  expect(json).toMatchObject({ token_type: 'Bearer', scope })
  expect(typeof json.access_token).toBe('string')
  expect(typeof json.refresh_token).toBe('string')
  expect(json.expires_in).toEqual(expect.any(Number))
}

function expectInvalidClientBasic(reply: CurlReply): void {
  expect(reply.status).toBe(401)
  expect(reply.json.error).toBe('invalid_client')
  expect(reply.headers['www-authenticate']).toMatch(/^Basic realm="[^"]*"/)
  expect(reply.headers['cache-control']).toBe('no-store')
}

describe.skipIf(!hasCurl)('curl (real process) against the token server', () => {
  let srv: RunningLab

  beforeAll(async () => {
    srv = await startLab()
  })
  afterAll(async () => {
    await srv?.stop()
  })

  it('RFC 6749 §4.3.2: the README request, exactly as printed, gets a token (scope "read" by default, §3.3)', async () => {
    // No -i / -s added: the very argv of the README. The status comes from the recorded exchange.
    const { stdout } = await curl(readmeArgs(srv.baseUrl))
    const json = JSON.parse(stdout) as Record<string, unknown>
    expectTokenResponse(json)
    expect(json.expires_in).toBe(300)
    const exchange = await srv.nextExchange()
    expect(exchange.status).toBe(200)
    expect(exchange.grantType).toBe('password')
    expect(exchange.clientId).toBe(DEMO.clientId)
    expect(exchange.username).toBe(DEMO.username)
    // The secret and the password travelled in the body; what the server stores is masked.
    expect(exchange.request.body).not.toContain(DEMO.secret)
    expect(exchange.request.body).not.toContain(DEMO.password)
  })

  it('RFC 6749 §5.1: the README request answers 200 with Cache-Control: no-store and Pragma: no-cache', async () => {
    const reply = await curlI(readmeArgs(srv.baseUrl))
    expect(reply.status).toBe(200)
    expect(reply.headers['content-type']).toMatch(/^application\/json/)
    expect(reply.headers['cache-control']).toBe('no-store')
    expect(reply.headers.pragma).toBe('no-cache')
    expectTokenResponse(reply.json)
    await srv.newExchanges()
  })

  it("RFC 6749 §4.3.2 (README): the curl request of Curity's tutorial printed in README.md runs as printed and gets a token", async () => {
    const readme = join(REPO_ROOT, 'README.md')
    expect(existsSync(readme), 'README.md is missing').toBe(true)
    const argv = readmeCurlArgv(readFileSync(readme, 'utf8'))
    expect(
      argv,
      'no `curl -X POST …/oauth/v2/oauth-token` command with grant_type=password in README.md',
    ).not.toBeNull()
    // The README targets the default port; the test server listens on a free one.
    const run = argv!.map((a) => a.replace(/^https?:\/\/(127\.0\.0\.1|localhost):\d+/, srv.baseUrl))
    expect(run).toContain(`${srv.baseUrl}${TOKEN_PATH}`)
    const { stdout } = await curl(run)
    expectTokenResponse(JSON.parse(stdout))
    await srv.newExchanges()
  })

  it('RFC 6749 §2.3.1: curl -u with the demo secret (nothing to encode) is accepted and raises no finding', async () => {
    const reply = await curlI([
      '-u',
      `${DEMO.clientId}:${DEMO.secret}`,
      ...form(['grant_type', 'password'], ['username', DEMO.username], ['password', DEMO.password]),
      srv.tokenUrl,
    ])
    expect(reply.status).toBe(200)
    expectTokenResponse(reply.json)
    const exchange = await srv.nextExchange()
    expect(exchange.clientId).toBe(DEMO.clientId)
    expect(findingCodes(exchange)).not.toContain('basic_not_form_encoded')
    expect(JSON.stringify(exchange.trace)).toContain('client_secret_basic')
  })

  it('RFC 6749 §2.3.1: curl -u does not form-encode — strict client answers 401 invalid_client + WWW-Authenticate (§5.2) with finding basic_not_form_encoded', async () => {
    const reply = await curlI([
      '-u',
      `${STRICT_CLIENT}:${AWKWARD_SECRET}`,
      ...form(['grant_type', 'password'], ['username', DEMO.username], ['password', DEMO.password]),
      srv.tokenUrl,
    ])
    expectInvalidClientBasic(reply)
    expect(reply.json.access_token).toBeUndefined()
    const exchange = await srv.nextExchange()
    expect(exchange.status).toBe(401)
    const finding = exchange.findings.find((f) => f.code === 'basic_not_form_encoded')
    expect(finding, JSON.stringify(exchange.findings)).toBeDefined()
    expect(finding!.rfc).toContain('6749')
    expect(finding!.rfc).toContain('2.3.1')
  })

  it('RFC 6749 §2.3.1: curl -u to a client with lenientBasicAuth is accepted, and the finding basic_not_form_encoded is still recorded', async () => {
    const reply = await curlI([
      '-u',
      `${LENIENT_CLIENT}:${AWKWARD_SECRET}`,
      ...form(['grant_type', 'password'], ['username', DEMO.username], ['password', DEMO.password]),
      srv.tokenUrl,
    ])
    expect(reply.status).toBe(200)
    expectTokenResponse(reply.json)
    const exchange = await srv.nextExchange()
    expect(exchange.status).toBe(200)
    expect(findingCodes(exchange)).toContain('basic_not_form_encoded')
  })

  it('RFC 6749 §2.3.1: a raw secret that also form-decodes (a+b%41c → "a bAc") is read as encoded: strict 401 with the finding, lenient 200 with the finding', async () => {
    const args = (clientId: string) => [
      '-u',
      `${clientId}:${AMBIGUOUS_SECRET}`,
      ...form(['grant_type', 'password'], ['username', DEMO.username], ['password', DEMO.password]),
      srv.tokenUrl,
    ]
    expectInvalidClientBasic(await curlI(args(STRICT_AMBIGUOUS_CLIENT)))
    expect(findingCodes(await srv.nextExchange())).toContain('basic_not_form_encoded')
    const lenient = await curlI(args(LENIENT_AMBIGUOUS_CLIENT))
    expect(lenient.status).toBe(200)
    expect(findingCodes(await srv.nextExchange())).toContain('basic_not_form_encoded')
  })

  it('RFC 6749 §2.3.1: curl -u with the id and secret form-encoded by hand is accepted by a strict client, no finding', async () => {
    const encoded = new URLSearchParams({ s: AWKWARD_SECRET }).toString().slice(2) // s3cr%2Bt%3A%2F%25
    expect(encoded).toBe('s3cr%2Bt%3A%2F%25')
    const reply = await curlI([
      '-u',
      `${STRICT_CLIENT}:${encoded}`,
      ...form(['grant_type', 'password'], ['username', DEMO.username], ['password', DEMO.password]),
      srv.tokenUrl,
    ])
    expect(reply.status).toBe(200)
    expectTokenResponse(reply.json)
    expect(findingCodes(await srv.nextExchange())).not.toContain('basic_not_form_encoded')
  })

  it('RFC 6749 §2.3.1 / Appendix B: --data-urlencode puts the awkward secret in the body correctly (client_secret_post) and it is accepted', async () => {
    const reply = await curlI([
      ...urlencoded(
        ['grant_type', 'password'],
        ['client_id', STRICT_CLIENT],
        ['client_secret', AWKWARD_SECRET],
        ['username', DEMO.username],
        ['password', DEMO.password],
      ),
      srv.tokenUrl,
    ])
    expect(reply.status).toBe(200)
    expectTokenResponse(reply.json)
    const exchange = await srv.nextExchange()
    expect(exchange.clientId).toBe(STRICT_CLIENT)
    expect(findingCodes(exchange)).not.toContain('basic_not_form_encoded')
    expect(JSON.stringify(exchange.trace)).toContain('client_secret_post')
  })

  it('Appendix B: -d with the awkward secret unencoded ends in "%" — bad percent-encoding is 400 invalid_request, never a 500', async () => {
    const reply = await curlI([
      '-d',
      `grant_type=password&client_id=${STRICT_CLIENT}&client_secret=${AWKWARD_SECRET}&username=${DEMO.username}&password=${DEMO.password}`,
      srv.tokenUrl,
    ])
    expect(reply.status).toBe(400)
    expect(reply.json.error).toBe('invalid_request')
    expect(reply.headers['cache-control']).toBe('no-store')
    await srv.newExchanges()
  })

  it('RFC 6749 §2.3.1: -d with the a+b%41c secret unencoded is form-decoded to "a bAc": 401 invalid_client (no Basic tried, so no WWW-Authenticate needed)', async () => {
    const reply = await curlI([
      '-d',
      `grant_type=password&client_id=${STRICT_AMBIGUOUS_CLIENT}&client_secret=${AMBIGUOUS_SECRET}&username=${DEMO.username}&password=${DEMO.password}`,
      srv.tokenUrl,
    ])
    expect([400, 401]).toContain(reply.status)
    expect(reply.json.error).toBe('invalid_client')
    await srv.newExchanges()
  })

  it('Appendix A/B: --data-urlencode carries a Unicode password with space, +, %, &, = and an emoji; with -u (Basic) and write scope', async () => {
    const reply = await curlI([
      '-u',
      `${DEMO.clientId}:${DEMO.secret}`,
      ...urlencoded(
        ['grant_type', 'password'],
        ['username', 'ünïcode user'],
        ['password', UNICODE_PASSWORD],
        ['scope', 'read write'],
      ),
      srv.tokenUrl,
    ])
    expect(reply.status).toBe(200)
    expectTokenResponse(reply.json, 'read write')
    const exchange = await srv.nextExchange()
    expect(exchange.username).toBe('ünïcode user')
    expect(exchange.request.body).not.toContain(encodeURIComponent(UNICODE_PASSWORD))
  })

  it('RFC 6749 §6: curl refreshes with --data-urlencode and -u; the rotated refresh token is refused afterwards (RFC 9700 §4.14.2)', async () => {
    const first = await curlI(readmeArgs(srv.baseUrl))
    expect(first.status).toBe(200)
    const refreshToken = first.json.refresh_token as string
    const refresh = () =>
      curlI([
        '-u',
        `${DEMO.clientId}:${DEMO.secret}`,
        ...urlencoded(['grant_type', 'refresh_token'], ['refresh_token', refreshToken]),
        srv.tokenUrl,
      ])
    const second = await refresh()
    expect(second.status).toBe(200)
    expectTokenResponse(second.json)
    expect(second.json.refresh_token).not.toBe(refreshToken)
    const reused = await refresh()
    expect(reused.status).toBe(400)
    expect(reused.json.error).toBe('invalid_grant')
    await srv.newExchanges(3)
  })

  it('RFC 6749 §4.3.2: wrong password through curl is 400 invalid_grant', async () => {
    const reply = await curlI([
      '-u',
      `${DEMO.clientId}:${DEMO.secret}`,
      ...form(['grant_type', 'password'], ['username', DEMO.username], ['password', 'not-the-password']),
      srv.tokenUrl,
    ])
    expect(reply.status).toBe(400)
    expect(reply.json.error).toBe('invalid_grant')
    await srv.newExchanges()
  })
})

/**
 * Finds the README's `curl -X POST …oauth-token …grant_type=password…` command (possibly split over
 * lines with `\`) and splits it like a POSIX shell would for single/double quotes. Returns the argv
 * after `curl`, or null.
 */
function readmeCurlArgv(markdown: string): string[] | null {
  const joined = markdown.replace(/\\\r?\n\s*/g, ' ')
  for (const line of joined.split(/\r?\n/)) {
    const at = line.indexOf('curl ')
    if (at === -1 || !line.includes('oauth-token') || !line.includes('grant_type=password')) continue
    const words = shellWords(line.slice(at).replace(/`+\s*$/, ''))
    if (words[0] === 'curl' && words.includes('-X')) return words.slice(1)
  }
  return null
}

function shellWords(command: string): string[] {
  const words: string[] = []
  let word: string | null = null
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!
    if (c === "'") {
      const end = command.indexOf("'", i + 1)
      word = (word ?? '') + command.slice(i + 1, end === -1 ? undefined : end)
      i = end === -1 ? command.length : end
    } else if (c === '"') {
      let j = i + 1
      let text = ''
      while (j < command.length && command[j] !== '"') {
        if (command[j] === '\\' && j + 1 < command.length) j++
        text += command[j]
        j++
      }
      word = (word ?? '') + text
      i = j
    } else if (c === ' ' || c === '\t') {
      if (word !== null) words.push(word)
      word = null
    } else if (c === '\\' && i + 1 < command.length) {
      word = (word ?? '') + command[++i]
    } else {
      word = (word ?? '') + c
    }
  }
  if (word !== null) words.push(word)
  return words
}
