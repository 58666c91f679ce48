// The desktop shell, launched for real through Playwright's `_electron`, where the Electron binary
// exists (and, on Linux, a display). Elsewhere it skips and says why: the binary cannot be
// downloaded on the build machines, and `serve --ui` covers the same UI in Chromium.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron, type ElectronApplication } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// The same check `npm start` makes, so the two never disagree about Electron being usable.
import { findElectron } from '../../scripts/start.mjs'
import { requiresTool } from '../helpers/requires-tool'

const root = resolve(import.meta.dirname, '../..')
const electron = findElectron(root) as { binary?: string; reason?: string }
// Excepted from CI's no-skip rule: the Electron binary cannot be downloaded on these machines.
const hasElectron = requiresTool(
  'Electron',
  electron.binary ? null : `Electron cannot start here (${electron.reason ?? 'unknown reason'})`,
  'its binary cannot be had on the build machines; serve --ui covers the same UI in Chromium',
)

/** What the page can see of its environment (evaluated in the sandboxed renderer). */
interface PageView {
  bridgeType: string
  areas: string[]
  requireType: string
  processType: string
  ipcRendererExposed: boolean
}

describe('Electron shell', () => {
  let app: ElectronApplication | undefined
  let home = ''

  beforeAll(async () => {
    if (!hasElectron) return
    if (!existsSync(join(root, 'out/main/index.js')) || !existsSync(join(root, 'out/preload/index.cjs'))) {
      const build = spawnSync(
        process.execPath,
        [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
        {
          cwd: root,
          stdio: 'inherit',
        },
      )
      if (build.status !== 0) throw new Error('electron-vite build failed')
    }
    // A fresh data folder: the app seeds the demo workspace into a new database there.
    home = await mkdtemp(join(tmpdir(), 'ropc-electron-'))
    app = await _electron.launch({
      executablePath: electron.binary!,
      args: [root],
      cwd: root,
      env: { ...process.env, ROPC_LAB_HOME: home },
      timeout: 60_000,
    })
  })

  afterAll(async () => {
    await app?.close()
    if (home) await rm(home, { recursive: true, force: true })
  })

  it.skipIf(!hasElectron)('opens one hardened window whose page sees only window.ropcLab', async () => {
    const page = await app!.firstWindow()
    await page.waitForLoadState('domcontentloaded')

    const view = await page.evaluate((): PageView => {
      const g = globalThis as unknown as Record<string, unknown>
      const bridge = g['ropcLab'] as Record<string, unknown> | undefined
      return {
        bridgeType: typeof bridge,
        areas: bridge ? Object.keys(bridge).sort() : [],
        requireType: typeof g['require'],
        processType: typeof g['process'],
        ipcRendererExposed: 'ipcRenderer' in g || Boolean(bridge && 'ipcRenderer' in bridge),
      }
    })
    expect(view).toEqual({
      bridgeType: 'object',
      areas: ['clients', 'exchanges', 'on', 'runner', 'scopes', 'server', 'settings', 'tokens', 'users', 'workspace'],
      requireType: 'undefined',
      processType: 'undefined',
      ipcRendererExposed: false,
    })

    // webPreferences are not readable back through Electron's API; what they cause is checked
    // above (no require, no process, nothing but the bridge in the page's world).
    const windows = await app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)
    expect(windows).toBe(1)
  })

  it.skipIf(!hasElectron)('runs the embedded token server and answers LabApi calls over IPC', async () => {
    const page = await app!.firstWindow()
    const result = await page.evaluate(async () => {
      const bridge = (
        globalThis as unknown as {
          ropcLab: { server: { status(): Promise<unknown> }; workspace: { get(): Promise<unknown> } }
        }
      ).ropcLab
      return { status: await bridge.server.status(), workspace: await bridge.workspace.get() }
    })
    expect(result.status).toMatchObject({ ok: true, data: { running: true, host: '127.0.0.1' } })
    const status = (result.status as { data: { baseUrl: string } }).data
    const metadata = await fetch(new URL('/.well-known/oauth-authorization-server', status.baseUrl))
    expect(metadata.status).toBe(200)
    // First start seeds the demo workspace.
    expect(result.workspace).toMatchObject({ ok: true })
    expect((result.workspace as { data: { clients: unknown[] } }).data.clients.length).toBeGreaterThan(0)
    // Invalid input comes back as a tagged result, not a thrown error.
    const invalid = await page.evaluate(() =>
      (
        globalThis as unknown as { ropcLab: { scopes: { create(i: unknown): Promise<unknown> } } }
      ).ropcLab.scopes.create({ name: 'has space' }),
    )
    expect(invalid).toMatchObject({ ok: false, error: { kind: 'validation' } })
  })

  it.skipIf(!hasElectron)('denies new windows and rejects unknown event names', async () => {
    const page = await app!.firstWindow()
    const outcome = await page.evaluate(() => {
      const g = globalThis as unknown as {
        open(url: string): unknown
        ropcLab: { on(e: string, l: () => void): () => void }
      }
      let unknownEvent = 'accepted'
      try {
        g.ropcLab.on('not.an.event', () => {})
      } catch {
        unknownEvent = 'rejected'
      }
      const off = g.ropcLab.on('server.status', () => {})
      off()
      return { popup: g.open('about:blank') === null, unknownEvent }
    })
    expect(outcome).toEqual({ popup: true, unknownEvent: 'rejected' })
    expect(app!.windows()).toHaveLength(1)
  })
})
