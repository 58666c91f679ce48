// `ropc-lab test` prints what a scenario file and the tested server say: both may come from someone
// else (a shared pack, a hostile or broken server). Their control characters reach the terminal
// inert (shown as `\x1b`), so an ESC sequence cannot retitle the window, clear or rewrite lines (a
// FAIL shown as PASS) or, in some terminals, set the clipboard (OSC 52). The built CLI, real HTTP.
import { createServer, type Server } from 'node:http'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { assertCliBuilt, runCli } from '../helpers/cli-process'

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
