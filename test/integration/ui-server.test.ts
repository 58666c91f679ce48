// The browser bridge over real HTTP on 127.0.0.1 (port 0), with the fake lab and a temp staticDir.
// node:http rather than fetch: fetch may not set Host, and we need to send a forged one.
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises'
import { request, type IncomingHttpHeaders } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LAB_BODY_LIMIT_BYTES } from '../../src/shared/limits'
import { hostAllowed, startUiServer, type UiServer } from '../../src/cli/ui-server'
import { APP_CSP } from '../../src/shared/csp'
import { LabError } from '../../src/shared/lab-api'
import { createFakeLab, type FakeLab } from '../helpers/fake-lab'

interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

let dir: string
let lab: FakeLab
let server: UiServer
let origin: string
let token: string

function send(
  path: string,
  init: { method?: string; headers?: Record<string, string | number>; body?: string | Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const u = new URL(origin)
    const req = request(
      { host: u.hostname, port: u.port, path, method: init.method ?? 'GET', headers: init.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        )
      },
    )
    req.on('error', reject)
    req.end(init.body)
  })
}

const api = (method: string, input: unknown, headers: Record<string, string> = { 'X-Ropc-Lab-Session': token }) =>
  send(`/__lab/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(input),
  })

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ropc-ui-'))
  const staticDir = join(dir, 'renderer')
  await mkdir(join(staticDir, 'assets'), { recursive: true })
  await writeFile(
    join(staticDir, 'index.html'),
    '<!doctype html><title>ROPC Lab</title><script type="module" src="/assets/app.js"></script>',
  )
  await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log("app")')
  await writeFile(join(staticDir, 'assets', 'app.css'), 'body{}')
  // Outside the static dir: what a traversal would try to reach.
  await writeFile(join(dir, 'package.json'), '{"name":"secret"}')
  await symlink(join(dir, 'package.json'), join(staticDir, 'assets', 'link.json'))
  // Inside the static dir: a link that stays inside is fine; hidden files are never served.
  await symlink(join(staticDir, 'assets', 'app.css'), join(staticDir, 'assets', 'inner-link.css'))
  await writeFile(join(staticDir, '.env'), 'SECRET=1')
  await writeFile(join(staticDir, 'favicon.ico'), Buffer.from([0, 0, 1, 0]))
  await writeFile(join(staticDir, 'assets', 'data.bin'), Buffer.from([1, 2, 3]))
  // The handlers these tests call; the fake rejects the others.
  lab = createFakeLab({
    'scopes.create': async (input) => input,
    'server.status': async () => lab.status,
    async 'clients.delete'({ clientId }) {
      if (clientId === 'missing') throw new LabError('not_found', `no client "${clientId}"`)
      return { deleted: true }
    },
  })
  server = await startUiServer({ lab, host: '127.0.0.1', port: 0, staticDir, heartbeatMs: 200 })
  const u = new URL(server.url)
  origin = u.origin
  token = u.searchParams.get('session') ?? ''
})

afterAll(async () => {
  await server?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('startUiServer', () => {
  it('prints a loopback URL with a 256-bit base64url session token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?session=[A-Za-z0-9_-]{43}$/)
  })

  it('serves index.html for / with no-store, a strict CSP and no CORS', async () => {
    const r = await send('/?session=' + token)
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(r.headers['cache-control']).toBe('no-store')
    expect(r.headers['content-security-policy']).toContain("script-src 'self'")
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(r.headers['referrer-policy']).toBe('no-referrer')
    expect(r.headers['access-control-allow-origin']).toBeUndefined()
    expect(r.body).toContain('<title>ROPC Lab</title>')
  })

  it('serves assets with their content types, and the app for client-side routes', async () => {
    const js = await send('/assets/app.js')
    expect(js.status).toBe(200)
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect((await send('/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8')
    expect((await send('/history')).body).toContain('<title>ROPC Lab</title>')
    expect((await send('/assets/missing.js')).status).toBe(404)
    const head = await send('/assets/app.js', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
  })

  it('refuses path traversal, plain or encoded, and symlinks out of the static dir', async () => {
    for (const path of [
      '/../package.json',
      '/assets/../../package.json',
      '/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/assets/..%5c..%5cpackage.json',
    ]) {
      const r = await send(path)
      expect(r.status, path).toBe(400)
      expect(r.body).not.toContain('secret')
    }
    const link = await send('/assets/link.json')
    expect(link.status).toBe(404)
    expect(link.body).not.toContain('secret')
  })

  it('answers 401 without the session header or with a wrong one, and never calls the lab', async () => {
    const none = await api('server.status', {}, {})
    expect(none.status).toBe(401)
    // Shaped as a failed LabResult, so the renderer's HTTP client shows this message as is.
    expect(JSON.parse(none.body)).toMatchObject({
      ok: false,
      code: 'unauthorized',
      error: { message: expect.stringMatching(/session/i) },
    })
    const wrong = await api(
      'server.status',
      {},
      { 'X-Ropc-Lab-Session': token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A') },
    )
    expect(wrong.status).toBe(401)
    const short = await api('server.status', {}, { 'X-Ropc-Lab-Session': 'x' })
    expect(short.status).toBe(401)
    expect(lab.calls).toEqual([])
  })

  it('returns the LabResult with the right session, 200 also for ok:false', async () => {
    const ok = await api('scopes.create', { name: 'read' })
    expect(ok.status).toBe(200)
    expect(ok.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(ok.headers['cache-control']).toBe('no-store')
    expect(ok.headers['access-control-allow-origin']).toBeUndefined()
    expect(JSON.parse(ok.body)).toEqual({ ok: true, data: { name: 'read', description: '', default: false } })

    const invalid = await api('scopes.create', { name: 'has space' })
    expect(invalid.status).toBe(200)
    expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { kind: 'validation' } })

    const notFound = await api('clients.delete', { clientId: 'missing' })
    expect(JSON.parse(notFound.body)).toEqual({
      ok: false,
      error: { kind: 'not_found', message: 'no client "missing"' },
    })

    // An empty body is the empty input.
    const empty = await send('/__lab/api/server.status', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Ropc-Lab-Session': token },
    })
    expect(JSON.parse(empty.body)).toMatchObject({ ok: true, data: { requestedPort: 8443 } })
  })

  it('answers 400 for unparseable JSON, 404 for an unknown method, 405/415 for the wrong verb or type', async () => {
    const bad = await send('/__lab/api/server.status', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Ropc-Lab-Session': token },
      body: '{nope',
    })
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, code: 'bad_json' })
    expect((await api('nope.nothing', {})).status).toBe(404)
    expect((await api('toString', {})).status).toBe(404)
    expect((await send('/__lab/api/server.status', { headers: { 'X-Ropc-Lab-Session': token } })).status).toBe(405)
    const form = await send('/__lab/api/server.status', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', 'X-Ropc-Lab-Session': token },
      body: '{}',
    })
    expect(form.status).toBe(415)
  })

  it('never approves a CORS preflight', async () => {
    const r = await send('/__lab/api/server.status', {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://evil.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'x-ropc-lab-session,content-type',
      },
    })
    expect(r.status).toBe(405)
    expect(r.headers['access-control-allow-origin']).toBeUndefined()
    expect(r.headers['access-control-allow-headers']).toBeUndefined()
  })

  it('refuses a browser request marked cross-site even with the token', async () => {
    const r = await api('server.status', {}, { 'X-Ropc-Lab-Session': token, 'Sec-Fetch-Site': 'cross-site' })
    expect(r.status).toBe(403)
  })

  it('refuses a Host header that does not name the server (DNS rebinding)', async () => {
    const port = new URL(origin).port
    for (const host of [`evil.example:${port}`, `127.0.0.1:${Number(port) + 1}`, `127.0.0.1.nip.io:${port}`]) {
      const r = await send('/', { headers: { Host: host } })
      expect(r.status, host).toBe(403)
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, code: 'bad_host' })
    }
    const withToken = await send('/__lab/api/server.status', {
      method: 'POST',
      headers: { Host: `evil.example:${port}`, 'Content-Type': 'application/json', 'X-Ropc-Lab-Session': token },
      body: '{}',
    })
    expect(withToken.status).toBe(403)
    expect((await send('/', { headers: { Host: `localhost:${port}` } })).status).toBe(200)
  })

  it('answers 413 for a body over 1 MiB, declared or streamed', async () => {
    const big = Buffer.alloc(LAB_BODY_LIMIT_BYTES + 1, 0x20)
    const declared = await send('/__lab/api/server.status', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Ropc-Lab-Session': token, 'Content-Length': big.length },
      body: big,
    })
    expect(declared.status).toBe(413)
    expect(JSON.parse(declared.body)).toMatchObject({ ok: false, code: 'body_too_large' })
    const chunked = await send('/__lab/api/server.status', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Ropc-Lab-Session': token, 'Transfer-Encoding': 'chunked' },
      body: big,
    })
    expect(chunked.status).toBe(413)
    // Exactly 1 MiB of JSON whitespace around {} is fine.
    const atLimit = Buffer.alloc(LAB_BODY_LIMIT_BYTES, 0x20)
    atLimit.write('{}', 0)
    const ok = await send('/__lab/api/server.status', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Ropc-Lab-Session': token },
      body: atLimit,
    })
    expect(ok.status).toBe(200)
  })

  it('streams lab events over SSE with the session, with heartbeats, and unsubscribes when the client leaves', async () => {
    expect((await send('/__lab/events')).status).toBe(401)
    expect((await send('/__lab/events?session=wrong')).status).toBe(401)
    expect(lab.listenerCount('workspace.changed')).toBe(0)

    const ac = new AbortController()
    const res = await fetch(`${origin}/__lab/events?session=${token}`, { signal: ac.signal })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read()
        if (done) throw new Error(`stream ended before ${needle}`)
        text += decoder.decode(value, { stream: true })
      }
    }
    await readUntil(': connected')
    expect(lab.listenerCount('workspace.changed')).toBe(1)
    lab.emit('workspace.changed', { area: 'clients' })
    await readUntil('event: workspace.changed\ndata: {"area":"clients"}\n\n')
    await readUntil(': heartbeat\n\n')

    ac.abort()
    await reader.cancel().catch(() => {})
    // The server sees the socket close shortly after.
    for (let i = 0; i < 50 && lab.listenerCount('workspace.changed') > 0; i++)
      await new Promise((r) => setTimeout(r, 20))
    expect(lab.listenerCount('workspace.changed')).toBe(0)
    expect(lab.listenerCount('exchange.recorded')).toBe(0)
  })

  it('close() ends open event streams and stops listening', async () => {
    const other = await startUiServer({ lab, host: '127.0.0.1', port: 0, staticDir: join(dir, 'renderer') })
    const u = new URL(other.url)
    const res = await fetch(`${u.origin}/__lab/events?session=${u.searchParams.get('session')}`)
    const reader = res.body!.getReader()
    await reader.read()
    expect(lab.listenerCount('server.status')).toBe(1)
    await other.close()
    for (;;) if ((await reader.read()).done) break
    expect(lab.listenerCount('server.status')).toBe(0)
    await expect(fetch(u.origin + '/')).rejects.toThrow()
  })
})

describe('static files (sirv behind the path checks)', () => {
  it('answers HEAD like GET without the body, with the strict CSP', async () => {
    const get = await send('/')
    const head = await send('/', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(get.body)))
    expect(head.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(head.headers['content-security-policy']).toBe(APP_CSP)
    expect(get.headers['content-security-policy']).toBe(APP_CSP)
  })

  it('sends the exact CSP and nosniff on assets and on a 404 too', async () => {
    for (const path of ['/assets/app.js', '/assets/missing.js']) {
      const r = await send(path)
      expect(r.headers['content-security-policy'], path).toBe(APP_CSP)
      expect(r.headers['x-content-type-options'], path).toBe('nosniff')
    }
  })

  it('a missing file is a 404 that names no path', async () => {
    const r = await send('/assets/missing-asset.js')
    expect(r.status).toBe(404)
    expect(JSON.parse(r.body)).toEqual({
      ok: false,
      code: 'not_found',
      error: { kind: 'not_found', message: 'not found' },
    })
    expect(r.body).not.toContain('missing-asset')
    expect(r.body).not.toContain(dir)
  })

  it('refuses encoded traversal and encoded delimiters in every spelling', async () => {
    for (const path of [
      '/assets/..%2f..%2fpackage.json',
      '/assets%2f..%2f..%2fpackage.json',
      '/%2E%2E%2Fpackage.json',
      '/assets/%2e/app.js',
      '/assets%2fapp.js',
      '/assets/app.js%3f',
      '/assets/app.js%00',
      '/assets/app.js#fragment',
      '/%zz',
    ]) {
      const r = await send(path)
      expect(r.status, path).toBe(400)
      expect(JSON.parse(r.body), path).toMatchObject({ ok: false, code: 'bad_path' })
    }
    // Encoded twice: after one decoding it is a literal name "%2e%2e", which does not exist.
    const twice = await send('/%252e%252e/package.json')
    expect(twice.status).toBe(404)
    expect(twice.body).not.toContain('secret')
  })

  it('never lists a directory: a folder URL is a 404 or the app, never its files', async () => {
    const slash = await send('/assets/')
    expect(slash.status).toBe(404)
    expect(slash.body).not.toContain('app.js')
    const bare = await send('/assets')
    expect(bare.status).toBe(200)
    expect(bare.body).toContain('<title>ROPC Lab</title>')
  })

  it('never serves hidden files, and serves a link that stays inside the folder', async () => {
    const hidden = await send('/.env')
    expect(hidden.status).toBe(404)
    expect(hidden.body).not.toContain('SECRET')
    const inner = await send('/assets/inner-link.css')
    expect(inner.status).toBe(200)
    expect(inner.body).toBe('body{}')
    expect(inner.headers['content-type']).toBe('text/css; charset=utf-8')
  })

  it('gives content types sirv would leave out or without a charset', async () => {
    expect((await send('/favicon.ico')).headers['content-type']).toBe('image/x-icon')
    expect((await send('/assets/data.bin')).headers['content-type']).toBe('application/octet-stream')
    const js = await send('/assets/app.js')
    expect(js.headers['cache-control']).toBe('no-cache')
    expect(js.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('revalidates an asset with its ETag (304, no body)', async () => {
    const first = await send('/assets/app.js')
    const etag = first.headers['etag']
    expect(etag).toBeTruthy()
    const again = await send('/assets/app.js', { headers: { 'If-None-Match': etag! } })
    expect(again.status).toBe(304)
    expect(again.body).toBe('')
  })

  it('ignores Range (RFC 9110 §14.2), even a reversed one, and sends the whole file', async () => {
    for (const range of ['bytes=5-2', 'bytes=0-3', 'bytes=nope']) {
      const r = await send('/assets/app.js', { headers: { Range: range } })
      expect(r.status, range).toBe(200)
      expect(r.body).toBe('console.log("app")')
      expect(r.headers['content-range']).toBeUndefined()
    }
  })

  it('answers 405 to anything but GET and HEAD', async () => {
    const r = await send('/assets/app.js', { method: 'POST', body: 'x' })
    expect(r.status).toBe(405)
    expect(r.headers['allow']).toBe('GET, HEAD')
  })

  it('serves a file written after start (a rebuild needs no restart)', async () => {
    await writeFile(join(dir, 'renderer', 'assets', 'late.js'), 'late()')
    const r = await send('/assets/late.js')
    expect(r.status).toBe(200)
    expect(r.body).toBe('late()')
  })

  it('says the renderer is not built when its folder is missing', async () => {
    const other = await startUiServer({ lab, host: '127.0.0.1', port: 0, staticDir: join(dir, 'not-built') })
    try {
      const u = new URL(other.url)
      const r = await fetch(`${u.origin}/`)
      expect(r.status).toBe(404)
      expect(((await r.json()) as { error: { message: string } }).error.message).toContain('npm run build')
    } finally {
      await other.close()
    }
  })
})

describe('hostAllowed', () => {
  it('accepts the bound host and loopback names, refuses everything else', () => {
    expect(hostAllowed('127.0.0.1:8080', '127.0.0.1', 8080)).toBe(true)
    expect(hostAllowed('localhost:8080', '127.0.0.1', 8080)).toBe(true)
    expect(hostAllowed('[::1]:8080', '::1', 8080)).toBe(true)
    expect(hostAllowed('127.0.0.1:8081', '127.0.0.1', 8080)).toBe(false)
    expect(hostAllowed('attacker.test:8080', '127.0.0.1', 8080)).toBe(false)
    expect(hostAllowed(undefined, '127.0.0.1', 8080)).toBe(false)
    expect(hostAllowed('192.168.1.5:8080', '0.0.0.0', 8080)).toBe(true)
    expect(hostAllowed('attacker.test:8080', '0.0.0.0', 8080)).toBe(false)
    expect(hostAllowed('127.0.0.1', '127.0.0.1', 80)).toBe(true)
  })
})
