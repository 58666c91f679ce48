// The built renderer (out/renderer) as static files: sirv sends them (streaming, HEAD, ETag and
// 304, Last-Modified, never a directory listing). In front of it, what sirv leaves to us:
// - it checks the path only lexically and follows symlinks out of its folder, so every file is
//   resolved to its real path here first and must lie inside the folder;
// - path traversal (`..`, `.`, `\`, NUL, plain or percent-encoded) is refused with a 400 before
//   sirv sees the path, and so are encoded delimiters (%2F, %3F, %23…): sirv decodes with
//   decodeURI, which keeps them, so refusing them makes sirv read exactly the name checked here;
// - client-side routes (no extension) get the app, a missing asset stays a 404 that names no path;
// - content types carry a charset, and the Cache-Control fits a page tied to this run's token.
import { realpath, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, resolve, sep } from 'node:path'
import sirv from 'sirv'
import type { UiBridgeErrorCode } from '../../shared/http-bridge'
import { sendError } from './reply'

export type StaticFiles = (req: IncomingMessage, res: ServerResponse, rawPath: string) => Promise<void>

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
}

export async function staticFiles(staticDir: string): Promise<StaticFiles> {
  // Resolved once: every served file must really live under this directory (symlinks included).
  const root = await realpath(resolve(staticDir)).catch(() => resolve(staticDir))
  const send = sirv(root, {
    // Looked up on disk per request rather than indexed at start: a rebuild is served without a
    // restart, and sirv's start-up walk (which follows symlinks and throws on a dangling one) never runs.
    dev: true,
    etag: true,
    // No `/x` → `x.html` guessing and no single-page fallback inside sirv: both are decided below,
    // where the real path is checked.
    extensions: [],
    onNoMatch: (_req, res) => sendError(res, 404, 'not_found', 'not found'),
  })

  return async (req, res, rawPath) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD')
      return sendError(res, 405, 'method_not_allowed', 'only GET and HEAD here')
    }
    const checked = checkPath(rawPath)
    if (!checked.ok) return sendError(res, checked.status, checked.code, checked.message)

    let rel = checked.path.replace(/^\/+/, '')
    // What sirv is given to look up: still percent-encoded, since it decodes once itself.
    let target = rawPath
    if (rel === '' || rel.endsWith('/')) {
      rel += 'index.html'
      target = rawPath + 'index.html'
    }
    let found = await locate(root, rel)
    // Client-side routes (no extension) get the app; a missing asset stays a 404.
    if (found === 'none' && extname(rel) === '') {
      rel = 'index.html'
      target = '/index.html'
      found = await locate(root, rel)
    }
    if (found !== 'file') {
      const hint = found === 'none' && rel === 'index.html' ? ' (the renderer is not built: run `npm run build`)' : ''
      return sendError(res, 404, 'not_found', `not found${hint}`)
    }

    const type = CONTENT_TYPES[extname(rel).toLowerCase()] ?? 'application/octet-stream'
    // sirv keeps headers already set on the response over its own.
    res.setHeader('Content-Type', type)
    // The page is tied to this run's token; assets are revalidated (a rebuild changes them).
    res.setHeader('Cache-Control', type.startsWith('text/html') ? 'no-store' : 'no-cache')
    // RFC 9110 §14.2 lets a server ignore Range. sirv does not validate the range (a reversed one
    // throws after the 206 head is out), and the app never asks for one.
    delete req.headers.range
    // sirv pipes a file stream with no error listener: a file gone between the lookup and the
    // open (a rebuild while serving) would throw out of the event loop and stop the server.
    res.once('pipe', (file: NodeJS.ReadableStream) => file.on('error', () => res.destroy()))
    req.url = target
    send(req, res)
  }
}

type PathCheck = { ok: true; path: string } | { ok: false; status: 400 | 404; code: UiBridgeErrorCode; message: string }

function checkPath(rawPath: string): PathCheck {
  const bad = (message: string): PathCheck => ({ ok: false, status: 400, code: 'bad_path', message })
  // RFC 3986 §3.5: a fragment is never sent to a server (and a raw `#` would end sirv's path early).
  if (rawPath.includes('#')) return bad('a request target has no fragment')
  let path: string
  let asSirvReadsIt: string
  try {
    path = decodeURIComponent(rawPath)
    asSirvReadsIt = decodeURI(rawPath)
  } catch {
    return bad('malformed percent-encoding')
  }
  // Checked on the raw target (Node does not normalize it): `..`, encoded or not, never resolves.
  const segments = path.split('/')
  if (path.includes('\0') || path.includes('\\') || segments.some((s) => s === '..' || s === '.')) {
    return bad('path traversal refused')
  }
  if (asSirvReadsIt !== path) return bad('encoded delimiters (%2F, %3F, %23…) are refused in a file path')
  // Hidden files are never part of the built app.
  if (segments.some((s) => s.startsWith('.')))
    return { ok: false, status: 404, code: 'not_found', message: 'not found' }
  return { ok: true, path }
}

/** What `rel` names under `root`: a regular file inside it, something outside it (a symlink out), or nothing to send. */
async function locate(root: string, rel: string): Promise<'file' | 'outside' | 'none'> {
  const candidate = resolve(root, rel)
  if (!candidate.startsWith(root + sep)) return 'outside'
  try {
    const real = await realpath(candidate)
    if (!real.startsWith(root + sep)) return 'outside'
    return (await stat(real)).isFile() ? 'file' : 'none'
  } catch {
    return 'none'
  }
}
