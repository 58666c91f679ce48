// @vitest-environment jsdom
// The live-traffic tools of the app against a real lab: History → Export HAR (the file har-validator
// accepts, History's filter applied, masked), Composer → Copy as (placeholders unless Include secrets),
// Settings → HTTPS (the certificate's fingerprint, Export certificate, the switch that restarts the
// embedded server).
import { execFileSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { HarLog } from '../../../src/lab/har'
import { renderApp } from './render-app'
import { ALICE_PASSWORD, LEGACY_SECRET, startTestLab } from './test-lab'

const harValidator = createRequire(import.meta.url)('har-validator') as { har(data: unknown): Promise<unknown> }

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

/** jsdom has no object URLs and does not download: record what would have been saved. */
function recordDownloads(): Array<{ name: string; blob: Blob }> {
  const saved: Array<{ name: string; blob: Blob }> = []
  const blobs = new Map<string, Blob>()
  class RecordingURL extends URL {
    static override createObjectURL = (blob: Blob | MediaSource) => {
      const url = `blob:lab/${blobs.size + 1}`
      blobs.set(url, blob as Blob)
      return url
    }
    static override revokeObjectURL = () => {}
  }
  vi.stubGlobal('URL', RecordingURL)
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, blob: blobs.get(this.href)! })
  })
  return saved
}

describe('History: Export HAR', () => {
  it('downloads ropc-lab-history.har: HAR 1.2 that har-validator accepts, History’s filter applied, masked', async () => {
    const app = await renderApp()
    await app.lab.sendAsOutsideClient({ username: 'alice', password: ALICE_PASSWORD })
    await app.lab.sendAsOutsideClient({ username: 'alice', password: 'not-her-password' })
    const downloads = recordDownloads()
    await app.user.click(screen.getByRole('button', { name: 'History' }))
    await waitFor(() => expect(app.store.getState().historyTotal).toBe(2))
    await app.user.click(screen.getByRole('button', { name: 'Export HAR' }))
    await screen.findByText('2 exchanges exported as ropc-lab-history.har.')
    expect(downloads.map((d) => d.name)).toEqual(['ropc-lab-history.har'])
    const text = await downloads[0]!.blob.text()
    const har = JSON.parse(text) as HarLog
    await expect(harValidator.har(har)).resolves.toBeTruthy()
    expect(har.log.entries.map((e) => e.response.status)).toEqual([200, 400])
    expect(har.log.entries[0]!.request.url).toBe(`${app.lab.baseUrl}/oauth/v2/oauth-token`)
    for (const secret of [ALICE_PASSWORD, LEGACY_SECRET, 'not-her-password']) expect(text).not.toContain(secret)

    // With History filtered to the refused attempt, the file holds that one.
    await app.user.selectOptions(screen.getByLabelText('Status'), '400')
    await waitFor(() => expect(app.store.getState().historyTotal).toBe(1))
    await app.user.click(screen.getByRole('button', { name: 'Export HAR' }))
    await screen.findByText('1 exchange exported as ropc-lab-history.har.')
    const filtered = JSON.parse(await downloads[1]!.blob.text()) as HarLog
    expect(filtered.log.entries.map((e) => e.response.status)).toEqual([400])
    expect(app.lab.calls.filter((c) => c.method === 'exchanges.exportHar').map((c) => c.input)).toEqual([
      {},
      { status: 400 },
    ])
  })
})

describe('Composer: Copy as', () => {
  it('copies Python requests, HTTPie, fetch, PowerShell and curl with placeholders, and the real values with Include secrets', async () => {
    const { user } = await renderApp()
    await user.selectOptions(screen.getByLabelText('Workspace client'), 'legacy')
    await user.selectOptions(screen.getByLabelText('Client authentication'), 'body')
    await user.clear(screen.getByLabelText('Client secret'))
    await user.type(screen.getByLabelText('Client secret'), LEGACY_SECRET)
    await user.type(screen.getByLabelText('Username'), 'alice')
    await user.type(screen.getByLabelText('Password'), ALICE_PASSWORD)
    expect(screen.getByRole('button', { name: 'Copy as curl' })).toBeTruthy()

    const copyAs = async (label: string) => {
      await user.click(screen.getByRole('button', { name: 'Copy as…' }))
      await user.click(within(screen.getByRole('group', { name: 'Copy as' })).getByRole('button', { name: label }))
      return navigator.clipboard.readText()
    }
    const python = await copyAs('Python requests')
    expect(python).toContain('import requests')
    expect(python).toContain('$PASSWORD')
    expect(python).toContain('$CLIENT_SECRET')
    expect(python).not.toContain(ALICE_PASSWORD)
    expect(python).not.toContain(LEGACY_SECRET)
    expect(screen.getByText('Copied as Python requests')).toBeTruthy()
    for (const [label, marker] of [
      ['HTTPie', 'http '],
      ['JavaScript fetch', 'fetch('],
      ['PowerShell', 'Invoke-RestMethod'],
      ['curl', 'curl '],
    ] as const) {
      const text = await copyAs(label)
      expect(text).toContain(marker)
      expect(text).toContain('$PASSWORD')
      expect(text).not.toContain(LEGACY_SECRET)
    }

    await user.click(screen.getByRole('button', { name: 'Copy as…' }))
    await user.click(screen.getByLabelText('Include secrets'))
    await user.click(
      within(screen.getByRole('group', { name: 'Copy as' })).getByRole('button', { name: 'Python requests' }),
    )
    const withSecrets = await navigator.clipboard.readText()
    expect(withSecrets).toContain(LEGACY_SECRET)
    expect(withSecrets).toContain(ALICE_PASSWORD)
    expect(withSecrets).not.toContain('$PASSWORD')
    expect(screen.getByText('Copied as Python requests (with secrets)')).toBeTruthy()
  })
})

describe('Settings: HTTPS', () => {
  // jsdom's globals break @peculiar/x509's Web Crypto calls in this process (a test-only problem: the
  // lab makes certificates in Node), so the certificate is made and stored by a plain Node process, the
  // way `ropc-lab serve --https` would, in the database the lab then opens.
  let dir: string
  let dbPath: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ropc-renderer-tls-'))
    dbPath = join(dir, 'lab.db')
    const script = [
      "import { openStore } from './src/store/index.ts'",
      "import { ensureCertificate } from './src/server/tls/index.ts'",
      'const store = openStore(process.argv[1])',
      'await ensureCertificate(store)',
      'await store.close()',
    ].join('\n')
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dbPath], { stdio: 'pipe' })
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const labWithCertificate = () => startTestLab({ dbPath })

  it('shows the certificate’s SHA-256 fingerprint and exports the PEM (never the key)', async () => {
    const app = await renderApp(await labWithCertificate())
    await app.user.click(screen.getByRole('button', { name: 'Workspace' }))
    await app.user.click(screen.getByRole('tab', { name: 'Settings' }))
    const fingerprint = await screen.findByLabelText('SHA-256 fingerprint')
    const downloads = recordDownloads()
    await app.user.click(screen.getByRole('button', { name: 'Export certificate' }))
    expect(downloads.map((d) => d.name)).toEqual(['ropc-lab-certificate.pem'])
    const pem = await downloads[0]!.blob.text()
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----/)
    expect(pem).not.toMatch(/PRIVATE KEY/)
    expect(fingerprint.textContent).toBe(new X509Certificate(pem).fingerprint256)
  })

  it('"Serve over HTTPS" saves the setting and restarts the embedded server on the same port: https://… in the status bar', async () => {
    const app = await renderApp(await labWithCertificate())
    const port = app.store.getState().serverStatus?.port
    await app.user.click(screen.getByRole('button', { name: 'Workspace' }))
    await app.user.click(screen.getByRole('tab', { name: 'Settings' }))
    const toggle = screen.getByRole('switch', { name: 'Serve over HTTPS' }) as HTMLInputElement
    expect(toggle.checked).toBe(false)
    await app.user.click(toggle)
    await waitFor(() => expect(toggle.checked).toBe(true))
    expect(app.lab.calls.map((c) => c.method)).toEqual(expect.arrayContaining(['settings.update', 'server.restart']))
    expect(app.lab.calls.find((c) => c.method === 'settings.update')?.input).toEqual({ https: true })
    expect((await app.lab.call('workspace.get', {})).settings.https).toBe(true)
    await waitFor(() => expect(app.store.getState().serverStatus).toMatchObject({ running: true, port }))
    const bar = screen.getByRole('contentinfo', { name: 'Server status' })
    await waitFor(() => expect(bar.textContent).toContain(`Embedded server on https://127.0.0.1:${port}`))

    // And back: plain HTTP on the same port.
    await app.user.click(toggle)
    await waitFor(() => expect(bar.textContent).toContain(`Embedded server on http://127.0.0.1:${port}`))
    expect((await app.lab.call('workspace.get', {})).settings.https).toBe(false)
  })
})
