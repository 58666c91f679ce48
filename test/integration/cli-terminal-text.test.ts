// The CLI prints text that comes from someone else: `ropc-lab test` what a scenario file and the
// tested server say (a shared pack, a hostile or broken server), `ropc-lab report` the client ids
// any client sent the token server (a web page's form can post one). Their control characters reach
// the terminal inert (shown as `\x1b`), so an ESC sequence cannot retitle the window, clear or rewrite
// lines (a FAIL shown as PASS) or, in some terminals, set the clipboard (OSC 52). The built CLI,
// real HTTP, a real database file.
import { createServer, type Server } from 'node:http'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { assertCliBuilt, runCli } from '../helpers/cli-process'
import { basic, startHarness } from '../helpers/token-server-harness'

const ESC = '\u001b'
/** Sets the clipboard (OSC 52), erases the line and the screen: what a hostile text would carry. */
const PAYLOAD = `${ESC}]52;c;cm0gLXJmIH4=\u0007${ESC}[2K${ESC}[2J\r  PASS`

let dir: string
let server: Server
let target: string
beforeAll(async () => {
  assertCliBuilt()
  dir = mkdtempSync(join(tmpdir(), 'ropc-cli-terminal-'))
  // A token endpoint whose error_description carries the payload (RFC 6749 §5.2 forbids it; a
  // hostile server does not care).
  server = createServer((req, res) => {
    req.resume()
    res.writeHead(400, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
    res.end(JSON.stringify({ error: 'invalid_request', error_description: `bad${PAYLOAD}` }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  rmSync(dir, { recursive: true, force: true })
})

it('shows control characters of scenario names and server answers as text, never raw', async () => {
  const file = join(dir, 'hostile.json')
  const scenario = {
    name: `suite${PAYLOAD}`,
    steps: [
      {
        name: `step${PAYLOAD}`,
        request: { endpoint: 'token', params: { grant_type: 'password' } },
        expect: { status: 200 },
      },
    ],
  }
  writeFileSync(file, JSON.stringify({ version: 1, scenarios: [scenario] }))
  const run = await runCli(['test', file, '--token-endpoint', `${target}/token`], { NO_COLOR: '1' })
  const out = run.stdout + run.stderr
  expect(run.code).toBe(1)
  expect(out).toContain('FAIL')
  // The names and the description are there, their control characters spelled out.
  expect(out).toContain('suite\\x1b]52;c;cm0gLXJmIH4=\\x07\\x1b[2K\\x1b[2J\\x0d  PASS')
  expect(out).toContain('bad\\x1b]52')
  // eslint-disable-next-line no-control-regex
  expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/)
}, 60_000)

it('`ropc-lab report` shows control characters of client ids seen on the wire as text, never raw', async () => {
  const h = await startHarness()
  // Refused (RFC 6749 Appendix A.1: a client_id is printable ASCII), and recorded all the same.
  await h.token({ grant_type: 'password', client_id: `form${PAYLOAD}`, username: 'u', password: 'p' })
  await h.token({ grant_type: 'password', username: 'u', password: 'p' }, basic(`basic${PAYLOAD}`, 's'))
  // The exchanges are stored (committed) before their answers are sent; the CLI reads the same file.
  for (const format of ['md', 'json', 'html']) {
    const run = await runCli(['report', '--db', h.dbPath, '--format', format], { NO_COLOR: '1' })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('form')
    expect(run.stdout).toContain('basic')
    // eslint-disable-next-line no-control-regex
    expect(run.stdout, format).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/)
  }
  await h.close()
}, 60_000)
