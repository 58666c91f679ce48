// HTTPS (cli.md `serve --https`, `cert`): the token server over TLS with the lab's own certificate, as a
// legacy client that insists on https:// needs it. curl trusts the exported PEM with --cacert, Node's
// https trusts it with `ca`; the composer trusts it by itself; insecure_transport is not raised over TLS.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import https from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { invokeLab } from '../../src/lab/dispatch'
import { ENDPOINT_PATHS } from '../../src/shared/wire'
import { assertCliBuilt, DEMO_WORKSPACE_PATH, runCli, startServe, type ServingCli } from '../helpers/cli-process'

const run = promisify(execFile)
const GRANT =
  'grant_type=password&client_id=legacy&client_secret=legacy-demo-secret&username=demo&password=demo-password'

let dir: string
beforeAll(() => {
  assertCliBuilt()
  dir = mkdtempSync(join(tmpdir(), 'ropc-https-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('ropc-lab serve --https --cert-out', () => {
  let cli: ServingCli
  let pem: string
  beforeAll(async () => {
    const certFile = join(dir, 'lab.pem')
    cli = await startServe([
      '--workspace',
      DEMO_WORKSPACE_PATH,
      '--port',
      '0',
      '--db',
      join(dir, 'lab.db'),
      '--https',
      '--cert-out',
      certFile,
    ])
    pem = readFileSync(certFile, 'utf8')
  })
  afterAll(async () => {
    expect(await cli.stop()).toBe(0)
  })

  it('prints listening on https://… and writes the PEM certificate (mode 0600, no private key)', () => {
    expect(cli.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----/)
    expect(pem).not.toContain('PRIVATE KEY')
    expect(statSync(join(dir, 'lab.pem')).mode & 0o777).toBe(0o600)
  })

  it('curl --cacert trusts it for 127.0.0.1 and localhost, and gets a token', async () => {
    const port = new URL(cli.baseUrl).port
    for (const host of ['127.0.0.1', 'localhost']) {
      const { stdout } = await run('curl', [
        '-s',
        '--noproxy',
        '*',
        '--cacert',
        join(dir, 'lab.pem'),
        '-d',
        GRANT,
        `https://${host}:${port}${ENDPOINT_PATHS.token}`,
      ])
      expect((JSON.parse(stdout) as { token_type: string }).token_type).toBe('Bearer')
    }
  })

  it('curl without the certificate refuses the connection (exit 60: not trusted)', async () => {
    const code = await run('curl', ['-s', '--noproxy', '*', `${cli.baseUrl}${ENDPOINT_PATHS.metadata}`]).then(
      () => 0,
      (e: { code: number }) => e.code,
    )
    expect(code).toBe(60)
  })

  it('Node https with `ca` reads the metadata; its issuer is the https URL', async () => {
    const doc = await new Promise<Record<string, string>>((resolve, reject) => {
      https
        .get(`${cli.baseUrl}${ENDPOINT_PATHS.metadata}`, { ca: pem }, (res) => {
          let text = ''
          res.on('data', (c: Buffer) => (text += c.toString()))
          res.on('end', () => resolve(JSON.parse(text) as Record<string, string>))
        })
        .on('error', reject)
    })
    expect(doc.issuer).toBe(cli.baseUrl)
    expect(doc.token_endpoint).toBe(`${cli.baseUrl}${ENDPOINT_PATHS.token}`)
  })

  it('ropc-lab cert prints the same certificate from the same database', async () => {
    const r = await runCli(['cert', '--db', join(dir, 'lab.db')])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(pem)
  })
})

describe('the composer over HTTPS', () => {
  it('trusts the lab’s own certificate; the exchange has its trace and no insecure_transport finding', async () => {
    const lab = await createLab({
      dbPath: ':memory:',
      workspace: JSON.parse(readFileSync(DEMO_WORKSPACE_PATH, 'utf8')) as unknown,
    })
    try {
      const status = await lab.start({ port: 0, https: true })
      expect(status.baseUrl).toMatch(/^https:/)
      const e = await invokeLab(lab.handlers, 'runner.send', {
        target: 'token',
        auth: { method: 'basic', clientId: 'legacy', clientSecret: 'legacy-demo-secret' },
        params: [
          ['grant_type', 'password'],
          ['username', 'demo'],
          ['password', 'demo-password'],
        ],
      })
      expect(e).toMatchObject({ origin: 'composer', status: 200 })
      expect(e.trace.some((s) => s.step === 'client_auth.method')).toBe(true)
      expect(e.findings.map((f) => f.code)).not.toContain('insecure_transport')
    } finally {
      await lab.close()
    }
  })
})
