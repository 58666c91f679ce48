// Which URLs are the app's own pages, and which links may leave for the system browser.
// Pure functions (no `electron` import) so the rules are unit-tested under plain Node.
import { pathToFileURL } from 'node:url'

export interface AppPages {
  /** `ELECTRON_RENDERER_URL` under `electron-vite dev`, else null. */
  devServerOrigin: string | null
  /** file:// URL of out/renderer/index.html. */
  indexUrl: URL
  /** file:// URL of out/renderer/ (with the trailing slash). */
  dirUrl: URL
}

export function appPages(rendererIndexPath: string, devServerUrl: string | undefined): AppPages {
  const indexUrl = pathToFileURL(rendererIndexPath)
  return {
    devServerOrigin: devServerUrl ? new URL(devServerUrl).origin : null,
    indexUrl,
    dirUrl: new URL('./', indexUrl),
  }
}

function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/** A resource of the app (the page, its scripts and styles): gets the CSP header. */
export function isAppResource(url: string, pages: AppPages): boolean {
  const u = parse(url)
  if (!u) return false
  if (pages.devServerOrigin) return u.origin === pages.devServerOrigin
  return u.protocol === 'file:' && u.pathname.startsWith(pages.dirUrl.pathname)
}

/** The app's document itself: the only frame whose IPC calls are served. */
export function isAppDocument(url: string, pages: AppPages): boolean {
  const u = parse(url)
  if (!u) return false
  if (pages.devServerOrigin) return u.origin === pages.devServerOrigin
  // Query and hash may change (client-side routing); the file may not.
  return u.protocol === 'file:' && u.host === pages.indexUrl.host && u.pathname === pages.indexUrl.pathname
}

/** The URL to hand to the system browser, or null: only http(s), never file:, javascript:, custom schemes. */
export function externalHttpUrl(url: string): string | null {
  const u = parse(url)
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) return null
  // Credentials in a link are a phishing trick (`https://trusted@evil/`): do not pass them on.
  if (u.username || u.password) return null
  return u.href
}
