// The README's one command: `ropc-lab test resources/demo-workspace.json --pack ropc-conformance …`
// runs the conformance pack against an in-memory server made from the demo workspace, prints a
// readable report and writes a JUnit file a CI reads; against a misconfigured lab it exits 1 and the
// JUnit file names the failed checks with their RFC sections.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { assertCliBuilt, DEMO_WORKSPACE_PATH, runCli } from '../helpers/cli-process'

let dir: string
beforeAll(() => assertCliBuilt())
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-cli-pack-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const DEMO_CREDENTIALS = [
  '--client-id',
  'legacy',
  '--client-secret',
  'legacy-demo-secret',
  '--username',
  'demo',
  '--password',
  'demo-password',
]

interface JUnitCase {
  name: string
  failure?: { message: string; '#text': string }
  skipped?: { message: string }
  properties?: { property: Array<{ name: string; value: string }> }
  'system-out'?: string
}

function parseJUnit(xml: string) {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (n) => ['testsuite', 'testcase', 'property'].includes(n),
  }).parse(xml) as { testsuites: { tests: string; failures: string; testsuite: Array<{ testcase: JUnitCase[] }> } }
}

describe('ropc-lab test --pack ropc-conformance (the README command)', () => {
  it('passes on the demo workspace: exit 0, a readable report, a JUnit file with one testcase per check', async () => {
    const out = join(dir, 'ropc-conformance.xml')
    const r = await runCli([
      'test',
      DEMO_WORKSPACE_PATH,
      '--pack',
      'ropc-conformance',
      ...DEMO_CREDENTIALS,
      '--out',
      out,
    ])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/\d+ passed, 0 failed, 0 warnings, \d+ skipped/)
    const doc = parseJUnit(readFileSync(out, 'utf8'))
    const cases = doc.testsuites.testsuite.flatMap((s) => s.testcase)
    expect(cases.length).toBeGreaterThanOrEqual(25)
    expect(doc.testsuites.failures).toBe('0')
    // Each check cites its section.
    for (const c of cases) expect(c.properties?.property.find((p) => p.name === 'rfc')?.value).toMatch(/^RFC \d+/)
    expect(readFileSync(out, 'utf8')).not.toContain('demo-password')
  })

  it('fails on a misconfigured lab (lenient Basic, no rotation) with the right checks named: exit 1', async () => {
    const ws = JSON.parse(readFileSync(DEMO_WORKSPACE_PATH, 'utf8')) as {
      settings: Record<string, unknown>
      clients: Array<Record<string, unknown>>
    }
    ws.settings = { ...ws.settings, refreshTokenRotation: false, bcryptCost: 4 }
    ws.clients = ws.clients.map((c) =>
      c.clientId === 'legacy' ? { ...c, secret: 'lenient secret+/x', lenientBasicAuth: true } : c,
    )
    const file = join(dir, 'misconfigured.json')
    writeFileSync(file, JSON.stringify(ws))
    const out = join(dir, 'report.xml')
    const args = DEMO_CREDENTIALS.map((a) => (a === 'legacy-demo-secret' ? 'lenient secret+/x' : a))
    const r = await runCli(['test', file, '--pack', 'ropc-conformance', ...args, '--out', out])
    expect(r.code).toBe(1)
    const failed = parseJUnit(readFileSync(out, 'utf8'))
      .testsuites.testsuite.flatMap((s) => s.testcase)
      .filter((c) => c.failure)
      .map((c) => c.name)
    expect(failed).toEqual(['§2.3.1 Basic credentials that are not form-encoded are refused'])
    // No rotation for a confidential client is a warning (RFC 9700 §4.14.2 asks it of public clients):
    // a passing testcase with the warning in system-out.
    const warned = parseJUnit(readFileSync(out, 'utf8'))
      .testsuites.testsuite.flatMap((s) => s.testcase)
      .filter((c) => c.properties?.property.some((p) => p.name === 'warning'))
    expect(warned.map((c) => c.name)).toEqual([
      'RFC 9700 §4.14.2 a refresh token is rotated and the used one is refused',
    ])
    expect(warned[0]!.failure).toBeUndefined()
    expect(String(warned[0]!['system-out'])).toMatch(/^WARNING: /)
  })
})
