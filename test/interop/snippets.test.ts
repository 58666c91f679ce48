// Code snippets (src/lab/snippets.ts, made by @readme/httpsnippet) run for real against a real lab on
// 127.0.0.1:0: curl, Python requests (/usr/bin/python3) and Node 20's fetch run here; HTTPie and
// PowerShell run where they are installed. With secrets included each one gets the token; with
// placeholders no secret, password or Basic credential appears in any of the five.
import { execFile, spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestSnippet, requestSnippets, SNIPPET_LANGUAGES, type SnippetLanguage } from '../../src/lab/snippets'
import type { RunnerRequest } from '../../src/shared/lab-api'
import { buildTokenRequest, type BuiltRequest } from '../../src/shared/token-request'
import {
  AWKWARD_SECRET,
  DEMO,
  findingCodes,
  noProxyEnv,
  startLab,
  STRICT_CLIENT,
  UNICODE_PASSWORD,
  type RunningLab,
} from './fixtures/lab'
import { requiresTool } from '../helpers/requires-tool'

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3'
const UNICODE_USER = 'ünïcode user'

interface Runner {
  /** Why the tool cannot run here, or null. */
  missing: string | null
  run(code: string): Promise<string>
}

function spawnOutput(cmd: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      cmd,
      args,
      { env: noProxyEnv(), timeout: 20_000, encoding: 'utf8' },
      (err, stdout, stderr) => (err ? reject(new Error(`${cmd} failed: ${err.message}\n${stderr}`)) : resolve(stdout)),
    )
    if (input !== undefined) child.stdin?.end(input)
  })
}

function probe(cmd: string, args: string[], hint: string): string | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20_000 })
  if (r.error) return `${cmd} not runnable (${r.error.message}); ${hint}`
  if (r.status !== 0) return `${cmd} ${args.join(' ')} failed (${r.stderr.trim().split('\n').pop() ?? ''}); ${hint}`
  return null
}

const RUNNERS: Record<SnippetLanguage, Runner> = {
  curl: {
    missing: probe('curl', ['--version'], '.ci/run installs it (apt-get install curl)'),
    run: (code) => spawnOutput('sh', ['-c', code]),
  },
  httpie: {
    missing: probe('http', ['--version'], '.ci/run installs it (apt-get install httpie)'),
    run: (code) => spawnOutput('sh', ['-c', code.replace(/^http /m, 'http --ignore-stdin ')]),
  },
  python: {
    missing: probe(
      PYTHON,
      ['-c', 'import requests'],
      `${PYTHON} cannot import requests (set $PYTHON); .ci/run installs python3-requests`,
    ),
    run: (code) => spawnOutput(PYTHON, ['-c', code]),
  },
  javascript: {
    missing: null,
    run: (code) => spawnOutput(process.execPath, ['--input-type=module', '-e', code]),
  },
  powershell: {
    missing: probe('pwsh', ['-NoProfile', '-Command', '$PSVersionTable.PSVersion'], 'PowerShell is not installed here'),
    run: (code) => spawnOutput('pwsh', ['-NoProfile', '-Command', `${code}\n$response | ConvertTo-Json -Compress`]),
  },
}
/** CI cannot install PowerShell, so its snippet alone may skip there. */
const POWERSHELL_EXCEPTION = "not in Debian; npm's pwsh package only downloads it from GitHub when installed"
const CAN_RUN = Object.fromEntries(
  SNIPPET_LANGUAGES.map((language) => [
    language,
    requiresTool(
      `the ${language} snippet's runner`,
      RUNNERS[language].missing,
      language === 'powershell' ? POWERSHELL_EXCEPTION : undefined,
    ),
  ]),
) as Record<SnippetLanguage, boolean>

let srv: RunningLab
beforeAll(async () => {
  srv = await startLab()
})
afterAll(async () => {
  await srv?.stop()
})

const built = (req: RunnerRequest): BuiltRequest => buildTokenRequest(req, srv.baseUrl)
const basicUnicode = (): BuiltRequest =>
  built({
    target: 'token',
    auth: { method: 'basic', clientId: STRICT_CLIENT, clientSecret: AWKWARD_SECRET, formEncodeBasic: true },
    params: [
      ['grant_type', 'password'],
      ['username', UNICODE_USER],
      ['password', UNICODE_PASSWORD],
    ],
  })
const postDemo = (extra: Array<[string, string]> = []): BuiltRequest =>
  built({
    target: 'token',
    auth: { method: 'body', clientId: DEMO.clientId, clientSecret: DEMO.secret },
    params: [['grant_type', 'password'], ['username', DEMO.username], ['password', DEMO.password], ...extra],
  })

describe.each(SNIPPET_LANGUAGES)('the %s snippet, with secrets included, run for real', (language) => {
  const runner = RUNNERS[language]

  it.skipIf(!CAN_RUN[language])(
    'gets a token with Basic auth, an awkward secret and a Unicode password (RFC 6749 §2.3.1, §4.3.2)',
    async () => {
      const out = await runner.run(requestSnippet(basicUnicode(), language, { includeSecrets: true }))
      expect(out).toMatch(/access_token/)
      const e = await srv.nextExchange()
      expect(e).toMatchObject({ status: 200, grantType: 'password', clientId: STRICT_CLIENT, username: UNICODE_USER })
      expect(findingCodes(e)).not.toContain('basic_not_form_encoded')
    },
  )

  it.skipIf(!CAN_RUN[language])('gets a token with client_secret_post', async () => {
    const out = await runner.run(requestSnippet(postDemo(), language, { includeSecrets: true }))
    expect(out).toMatch(/access_token/)
    expect(await srv.nextExchange()).toMatchObject({ status: 200, clientId: DEMO.clientId, username: DEMO.username })
  })

  it.skipIf(!CAN_RUN[language])(
    'sends a repeated parameter twice, as the composer built it (RFC 6749 §3.1 refuses it)',
    async () => {
      await runner.run(
        requestSnippet(
          postDemo([
            ['scope', 'read'],
            ['scope', 'write'],
          ]),
          language,
          { includeSecrets: true },
        ),
      )
      const e = await srv.nextExchange()
      expect(e.status).toBe(400)
      expect(e.error).toBe('invalid_request')
      expect(e.request.body).toMatch(/(^|&)scope=read&scope=write($|&)/)
    },
  )
})

describe('snippets with placeholders (the default)', () => {
  const formEncode = (s: string): string => new URLSearchParams({ v: s }).toString().slice(2)
  const basicOf = (id: string, secret: string): string =>
    Buffer.from(`${formEncode(id)}:${formEncode(secret)}`).toString('base64')

  it('hold no secret, password or Basic credential, in any language and encoding', () => {
    const all = [...Object.values(requestSnippets(basicUnicode())), ...Object.values(requestSnippets(postDemo()))]
    expect(all).toHaveLength(10)
    for (const code of all) {
      for (const secret of [AWKWARD_SECRET, UNICODE_PASSWORD, DEMO.secret, DEMO.password])
        for (const form of [secret, formEncode(secret), encodeURIComponent(secret)]) expect(code).not.toContain(form)
      expect(code).not.toContain(basicOf(STRICT_CLIENT, AWKWARD_SECRET))
    }
  })

  it('put $CLIENT_SECRET and $PASSWORD where the values go, and show how Basic is built', () => {
    for (const [language, code] of Object.entries(requestSnippets(basicUnicode()))) {
      expect(code, language).toContain(`Basic base64(${formEncode(STRICT_CLIENT)}:$CLIENT_SECRET)`)
      expect(code, language).toContain('$PASSWORD')
      expect(code, language).toMatch(/(#|\/\/) Replace \$CLIENT_SECRET, \$PASSWORD with the real values\./)
      expect(code, language).toContain('RFC 6749 §2.3.1')
    }
    for (const [language, code] of Object.entries(requestSnippets(postDemo()))) {
      expect(code, language).toMatch(/client_secret.{0,4}\$CLIENT_SECRET/)
      expect(code, language).toMatch(/password.{0,4}\$PASSWORD/)
    }
  })

  it('use $REFRESH_TOKEN for a refresh token', () => {
    const refresh = built({
      target: 'token',
      auth: { method: 'basic', clientId: DEMO.clientId, clientSecret: DEMO.secret },
      params: [
        ['grant_type', 'refresh_token'],
        ['refresh_token', 'rt-0123456789abcdef'],
      ],
    })
    for (const code of Object.values(requestSnippets(refresh))) {
      expect(code).toContain('$REFRESH_TOKEN')
      expect(code).not.toContain('rt-0123456789abcdef')
    }
  })

  it('hide a header named like a credential (X-Api-Key) behind a placeholder, as masking hides it', () => {
    const withKey = built({
      target: 'token',
      auth: { method: 'body', clientId: DEMO.clientId, clientSecret: DEMO.secret },
      params: [['grant_type', 'client_credentials']],
      extraHeaders: [['X-Api-Key', 'key-0123456789abcdef']],
    })
    for (const code of Object.values(requestSnippets(withKey))) {
      expect(code).toContain('$X_API_KEY')
      expect(code).not.toContain('key-0123456789abcdef')
    }
  })

  it('keep PowerShell from expanding a placeholder: header values and the body are single-quoted', () => {
    const code = requestSnippet(basicUnicode(), 'powershell')
    expect(code).toContain(`$headers.Add('Authorization', 'Basic base64(${formEncode(STRICT_CLIENT)}:$CLIENT_SECRET)')`)
    expect(code).toMatch(/-Body 'grant_type=password&username=[^']+&password=\$PASSWORD'$/)
  })

  it.skipIf(!CAN_RUN.curl)(
    'are still valid code: the curl one runs, and the server refuses the placeholder secret',
    async () => {
      const out = await RUNNERS.curl.run(requestSnippet(postDemo(), 'curl'))
      expect(JSON.parse(out)).toMatchObject({ error: 'invalid_client' })
      const e = await srv.nextExchange()
      // RFC 6749 §5.2: 400, since the client did not try Basic.
      expect(e.status).toBe(400)
      expect(e.clientId).toBe(DEMO.clientId)
    },
  )
})
