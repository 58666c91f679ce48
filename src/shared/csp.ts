// The Content-Security-Policy of the app's pages, as a header: the Electron shell adds it to the
// renderer's responses and `serve --ui` sends it with every file. The renderer's index.html also
// carries a meta CSP (for file:// loads); a page obeys both, so neither may be looser than needed.

/**
 * Production policy: everything from the app's own origin, nothing inline but styles.
 * - `style-src 'unsafe-inline'`: libraries (and React's `style` props rendered to markup) use
 *   inline styles; styles cannot run script, scripts stay `'self'` only.
 * - `img-src data:`: small inline icons.
 * - `connect-src 'self'`: the browser transport's fetch and EventSource go to the serving origin;
 *   the desktop renderer talks over IPC and never fetches.
 * - `frame-ancestors 'none'`, `form-action 'none'`, `base-uri 'none'`, `object-src 'none'`:
 *   no framing (clickjacking on a page that holds a session token), no form posts, no <base> tricks.
 */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ')

/**
 * Development policy for the Vite dev server (electron-vite dev): Vite injects an inline
 * React-refresh preamble and talks to its HMR server over a websocket. Never used in a build.
 */
export function devCsp(devServerUrl: string): string {
  const u = new URL(devServerUrl)
  const ws = `${u.protocol === 'https:' ? 'wss:' : 'ws:'}//${u.host}`
  return [
    "default-src 'none'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${ws}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ')
}
