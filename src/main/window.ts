// The one BrowserWindow and the hardening around it (Electron's security checklist): isolated,
// sandboxed renderer; CSP header on the app's responses; no navigation, no new windows, no
// webviews; permission requests denied.
import { BrowserWindow, app, nativeTheme, shell, type Session, type WebContents } from 'electron'
import { APP_CSP, devCsp } from '../shared/csp'
import { externalHttpUrl, isAppDocument, isAppResource, type AppPages } from './app-pages'

/**
 * The only permission the UI needs: writing text to the clipboard ("Copy as curl", copying a
 * newly generated secret). Write-only and sanitized; reading the clipboard stays denied.
 */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write'])

export function hardenSession(ses: Session, pages: AppPages): void {
  const csp = pages.devServerOrigin ? devCsp(pages.devServerOrigin) : APP_CSP
  // Header CSP for the app's own responses (the dev server, and file:// where Chromium reports
  // it); the renderer's meta CSP covers file:// loads either way.
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppResource(details.url, pages)) return callback({})
    const headers = { ...details.responseHeaders }
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name]
    }
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [csp] } })
  })

  const allowed = (permission: string, url: string | undefined) =>
    ALLOWED_PERMISSIONS.has(permission) && url !== undefined && isAppDocument(url, pages)
  ses.setPermissionRequestHandler((wc, permission, callback) => callback(allowed(permission, wc.getURL())))
  ses.setPermissionCheckHandler((wc, permission) => allowed(permission, wc?.getURL()))
  // No USB, HID, serial or Bluetooth device pickers for a page that only needs its own IPC.
  ses.setDevicePermissionHandler(() => false)
}

/** Applied to every webContents the app ever creates (the window, devtools, anything else). */
export function hardenAllWebContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      // The UI is one page; a link that would replace it opens in the system browser instead.
      event.preventDefault()
      openExternally(url)
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      openExternally(url)
      return { action: 'deny' }
    })
  })
}

function openExternally(url: string): void {
  const href = externalHttpUrl(url)
  if (href) void shell.openExternal(href)
}

export interface MainWindowOptions {
  preloadPath: string
  pages: AppPages
  devServerUrl: string | undefined
  rendererIndexPath: string
  isDev: boolean
  iconPath?: string
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'ROPC Lab',
    // Matches the system theme the UI follows, so the window does not flash white in dark mode.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1e1e1e' : '#ffffff',
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // A middle click would ask for a new window (denied by setWindowOpenHandler anyway): not even the event.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools: options.isDev,
    },
  })
  win.once('ready-to-show', () => win.show())
  if (options.devServerUrl) void win.loadURL(options.devServerUrl)
  else void win.loadFile(options.rendererIndexPath)
  return win
}
