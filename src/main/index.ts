// Electron main process: glue only. Opens the lab (the same core the CLI uses), starts its token
// server on loopback, bridges the LabApi over IPC and shows the one window; closes the lab
// before the process exits.
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BrowserWindow, Menu, app, dialog, ipcMain, session, type IpcMainInvokeEvent } from 'electron'
import { createLab } from '../lab/create-lab'
import type { Lab } from '../lab/lab-types'
import { privateDataDir } from '../lab/paths'
import { appPages, isAppDocument } from './app-pages'
import { registerLabIpc } from './ipc'
import { buildAppMenu } from './menu'
import { createMainWindow, hardenAllWebContents, hardenSession } from './window'
import { exportWorkspaceToFile, importWorkspaceFromFile } from './workspace-files'

const here = dirname(fileURLToPath(import.meta.url)) // out/main
const preloadPath = join(here, '../preload/index.cjs')
const rendererIndexPath = join(here, '../renderer/index.html')
const iconPath = join(here, '../../resources/icon.png')
// A packaged app never takes its page from an environment variable.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL']
const isDev = devServerUrl !== undefined
const pages = appPages(rendererIndexPath, devServerUrl)

// One data folder for the desktop app and the CLI (`ropc-lab serve` without --workspace), so both
// see the same workspace and history. Electron's own files (cache, local storage) live there too:
// userData must be set before `ready`. ROPC_LAB_HOME (read by privateDataDir) points a test run
// at a temp folder.
const dataDir = privateDataDir()
app.setPath('userData', dataDir)

let lab: Lab | null = null
let mainWindow: BrowserWindow | null = null
let disposeIpc: (() => void) | null = null
let shuttingDown: Promise<void> | null = null
let closed = false

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the database and the port: it focuses its window (below), we leave.
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  hardenAllWebContents()
  app.whenReady().then(start, (err: unknown) => fail(err))
}

async function start(): Promise<void> {
  try {
    hardenSession(session.defaultSession, pages)
    mkdirSync(dataDir, { recursive: true })
    // seedDemo: createLab seeds the demo workspace only into a fresh database.
    lab = await createLab({ dbPath: join(dataDir, 'ropc-lab.db'), seedDemo: true })
    const { settings } = await lab.handlers['workspace.get']({})
    // If the port from settings is busy, the lab takes the next free one and says so in
    // `status.note`, which the UI shows (server.status call and event).
    const status = await lab.start({ host: '127.0.0.1', port: settings.port, fallbackToNextPort: true })
    console.log(`[ropc-lab] token server listening on ${status.baseUrl}${status.note ? ` (${status.note})` : ''}`)

    disposeIpc = registerLabIpc(ipcMain, lab, sendToRenderer, {
      isTrustedSender: (event) => {
        const frame = (event as IpcMainInvokeEvent).senderFrame
        return frame !== null && frame.parent === null && isAppDocument(frame.url, pages)
      },
    })
    Menu.setApplicationMenu(
      buildAppMenu(
        {
          importWorkspace: () => void runMenuAction(importWorkspaceFromFile),
          exportWorkspace: () => void runMenuAction(exportWorkspaceToFile),
        },
        { isDev, isMac: process.platform === 'darwin' },
      ),
    )
    openWindow()
  } catch (err) {
    fail(err)
  }
}

function openWindow(): void {
  mainWindow = createMainWindow({
    preloadPath,
    pages,
    devServerUrl,
    rendererIndexPath,
    isDev,
    ...(existsSync(iconPath) ? { iconPath } : {}),
  })
  mainWindow.on('closed', () => {
    mainWindow = null
  })
}

function sendToRenderer(channel: string, payload: unknown): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(channel, payload)
}

async function runMenuAction(action: (lab: Lab, win: BrowserWindow | null) => Promise<void>): Promise<void> {
  if (!lab) return
  try {
    await action(lab, mainWindow)
  } catch (err) {
    dialog.showErrorBox('ROPC Lab', err instanceof Error ? err.message : String(err))
  }
}

function fail(err: unknown): void {
  const detail = err instanceof Error ? err.message : String(err)
  console.error('[ropc-lab] could not start:', err)
  dialog.showErrorBox('ROPC Lab could not start', detail)
  void shutdown().finally(() => app.exit(1))
}

/** Stops the token server and closes the database; bounded so a stuck close never hangs quit. */
function shutdown(): Promise<void> {
  shuttingDown ??= (async () => {
    disposeIpc?.()
    disposeIpc = null
    const current = lab
    lab = null
    if (!current) return
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        console.error('[ropc-lab] the lab did not close within 5 s; exiting anyway')
        resolve()
      }, 5_000)
    })
    try {
      await Promise.race([current.close(), timeout])
    } catch (err) {
      console.error('[ropc-lab] closing the lab failed:', err)
    } finally {
      clearTimeout(timer)
    }
  })()
  return shuttingDown
}

app.on('before-quit', (event) => {
  if (closed) return
  // Hold the quit until the lab has closed (WAL checkpoint, server sockets, hash workers).
  event.preventDefault()
  void shutdown().finally(() => {
    closed = true
    app.quit()
  })
})

app.on('window-all-closed', () => {
  // macOS keeps the app (and its token server) running without a window, as Mac apps do.
  if (process.platform !== 'darwin') app.quit()
})

app.on('activate', () => {
  if (!mainWindow && lab) openWindow()
})

// Ctrl+C in the terminal of `npm start`, or a service manager: quit the same clean way.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit())
