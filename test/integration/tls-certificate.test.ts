// The HTTPS listener's certificate (src/server/tls): made with @peculiar/x509, kept in a real SQLite
// file, and trusted for real — a real https.createServer on 127.0.0.1:0 (and ::1 where the machine has
// IPv6), `curl --cacert` with the exported PEM, Node's https with and without `ca`, and the fingerprint
// checked against `openssl x509 -fingerprint -sha256`.
import { execFile, execFileSync } from 'node:child_process'
import { createPrivateKey, X509Certificate } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import https from 'node:https'
import { createServer as createTcpServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportWorkspace } from '../../src/lab/workspace-io'
import { certificatePem, ensureCertificate, httpsServerOptions, type TlsMaterial } from '../../src/server/tls/index'
import { openDatabase } from '../../src/store/database'
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src/store/migrations/index'
import { openStore, type Store } from '../../src/store/index'
import { noProxyEnv } from '../interop/fixtures/lab'
import { requiresTool } from '../helpers/requires-tool'

const DAY = 24 * 60 * 60 * 1000
const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/

const probe = (tool: string, args: string[]): string | null => {
  try {
    execFileSync(tool, args, { stdio: 'ignore' })
    return null
  } catch (err) {
    return `${tool} not runnable (${(err as Error).message})`
  }
}
const curlMissing = probe('curl', ['--version'])
const opensslMissing = probe('openssl', ['version'])
const hasCurl = requiresTool('curl', curlMissing)
const hasOpenssl = requiresTool('openssl', opensslMissing)

let dir: string
let store: Store
let material: TlsMaterial
let pemFile: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ropc-tls-'))
  store = openStore(join(dir, 'lab.db'))
  material = await ensureCertificate(store)
  pemFile = join(dir, 'lab-cert.pem')
  writeFileSync(pemFile, await certificatePem(store))
})
afterAll(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

async function listen(options: https.ServerOptions, host = '127.0.0.1'): Promise<{ port: number; close(): void }> {
  const server = https.createServer(options, (_req, res) => {
    res.setHeader('Content-Type', 'text/plain')
    res.end('hello over TLS')
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, resolve)
  })
  return { port: (server.address() as AddressInfo).port, close: () => server.close() }
}

function curl(url: string, cacert: string | null): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = ['-sS', '--noproxy', '*', '--max-time', '10', ...(cacert ? ['--cacert', cacert] : []), url]
  return new Promise((resolve) => {
    execFile('curl', args, { env: noProxyEnv(), encoding: 'utf8' }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    )
  })
}

function nodeGet(url: string, options: https.RequestOptions): Promise<{ body: string } | { error: string }> {
  return new Promise((resolve) => {
    https
      .get(url, { agent: false, ...options }, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (body += c))
        res.on('end', () => resolve({ body }))
      })
      .on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }))
  })
}

describe('the HTTPS certificate', () => {
  it('is a self-signed end-entity certificate for localhost, 127.0.0.1 and ::1 (RFC 6125 §6.4: SubjectAltName)', () => {
    const cert = new X509Certificate(material.certPem)
    expect(cert.ca).toBe(false)
    expect(cert.subjectAltName?.split(', ').sort()).toEqual(
      ['DNS:localhost', 'IP Address:0:0:0:0:0:0:0:1', 'IP Address:127.0.0.1'].sort(),
    )
    expect(cert.checkHost('localhost')).toBe('localhost')
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1')
    expect(cert.checkIP('::1')).toBe('::1')
    expect(cert.checkHost('example.com')).toBeUndefined()
    expect(cert.issuer).toBe(cert.subject)
    expect(cert.verify(cert.publicKey)).toBe(true)
    expect(cert.publicKey.asymmetricKeyType).toBe('ec')
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1')
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']) // extended key usage: serverAuth
    const lifetime = Date.parse(cert.validTo) - Date.parse(cert.validFrom)
    expect(lifetime).toBeGreaterThan(365 * DAY)
    expect(lifetime).toBeLessThan(366 * DAY)
    expect(Date.parse(cert.validFrom)).toBeLessThanOrEqual(Date.now())
  })

  it('keeps the private key as PKCS#8 PEM that matches the certificate', () => {
    expect(material.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
    expect(new X509Certificate(material.certPem).checkPrivateKey(createPrivateKey(material.keyPem))).toBe(true)
  })

  it('gives the SHA-256 fingerprint as colon-separated uppercase hex', () => {
    expect(material.fingerprintSha256).toMatch(FINGERPRINT)
    expect(material.fingerprintSha256).toBe(new X509Certificate(material.certPem).fingerprint256)
  })

  it.skipIf(!hasOpenssl)('has the fingerprint `openssl x509 -fingerprint -sha256` prints', () => {
    const out = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', pemFile], {
      encoding: 'utf8',
    })
    expect(out.trim().split('=')[1]?.toUpperCase()).toBe(material.fingerprintSha256)
  })

  it('is the same on the next call and after the database is reopened', async () => {
    expect((await ensureCertificate(store)).fingerprintSha256).toBe(material.fingerprintSha256)
    const again = openStore(join(dir, 'lab.db'))
    try {
      const reopened = await ensureCertificate(again)
      expect(reopened.certPem).toBe(material.certPem)
      expect(reopened.keyPem).toBe(material.keyPem)
    } finally {
      await again.close()
    }
  })

  it('is made once when several callers ask at the same time', async () => {
    const fresh = openStore(':memory:')
    try {
      const all = await Promise.all([ensureCertificate(fresh), ensureCertificate(fresh), certificatePem(fresh)])
      expect(all[1].fingerprintSha256).toBe(all[0].fingerprintSha256)
      expect(all[2]).toBe(all[0].certPem)
      expect(fresh.tls.get()?.fingerprintSha256).toBe(all[0].fingerprintSha256)
    } finally {
      await fresh.close()
    }
  })

  it('is made again when it has expired (or has less than a day left), and stored in place of the old one', async () => {
    const fresh = openStore(':memory:')
    try {
      const first = await ensureCertificate(fresh)
      const nearlyOver = await ensureCertificate(fresh, { now: () => first.notAfter - 2 * DAY })
      expect(nearlyOver.fingerprintSha256).toBe(first.fingerprintSha256)
      const later = first.notAfter + 1000
      const renewed = await ensureCertificate(fresh, { now: () => later })
      expect(renewed.fingerprintSha256).not.toBe(first.fingerprintSha256)
      expect(renewed.notAfter).toBeGreaterThan(later + 364 * DAY)
      expect(renewed.keyPem).not.toBe(first.keyPem)
      expect(fresh.tls.get()?.fingerprintSha256).toBe(renewed.fingerprintSha256)
      expect(fresh.db.prepare('SELECT count(*) AS n FROM tls_certificate').get()).toEqual({ n: 1 })
    } finally {
      await fresh.close()
    }
  })

  it('is made again when the stored pair is unreadable', async () => {
    const fresh = openStore(':memory:')
    try {
      const first = await ensureCertificate(fresh)
      fresh.tls.put({ ...first, keyPem: 'not a key', createdAt: Date.now() })
      const replaced = await ensureCertificate(fresh)
      expect(replaced.fingerprintSha256).not.toBe(first.fingerprintSha256)
      expect(replaced.keyPem).toMatch(/BEGIN PRIVATE KEY/)
    } finally {
      await fresh.close()
    }
  })

  it('is stored by migration 2, which a version-1 database gets on open', async () => {
    const path = join(dir, 'v1.db')
    openDatabase(path, MIGRATIONS.slice(0, 1)).close()
    const upgraded = openStore(path)
    try {
      expect(upgraded.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
      expect(upgraded.tls.get()).toBeNull()
      const made = await ensureCertificate(upgraded)
      expect(upgraded.tls.get()?.fingerprintSha256).toBe(made.fingerprintSha256)
    } finally {
      await upgraded.close()
    }
  })

  it('never appears in a workspace export (neither the key nor the certificate)', () => {
    const exported = JSON.stringify(exportWorkspace(store))
    expect(exported).not.toContain('PRIVATE KEY')
    expect(exported).not.toContain('CERTIFICATE')
  })
})

describe('an HTTPS listener with the certificate', () => {
  let server: { port: number; close(): void }
  beforeAll(async () => {
    server = await listen(httpsServerOptions(material))
  })
  afterAll(() => server.close())

  it.skipIf(!hasCurl)('is trusted by `curl --cacert <exported pem>` at https://localhost', async () => {
    const r = await curl(`https://localhost:${server.port}/`, pemFile)
    expect(r.stderr).toBe('')
    expect(r).toMatchObject({ code: 0, stdout: 'hello over TLS' })
  })

  it.skipIf(!hasCurl)('is trusted by `curl --cacert <exported pem>` at https://127.0.0.1', async () => {
    const r = await curl(`https://127.0.0.1:${server.port}/`, pemFile)
    expect(r).toMatchObject({ code: 0, stdout: 'hello over TLS' })
  })

  it.skipIf(!hasCurl)('is refused by curl without --cacert (exit 60: peer certificate not trusted)', async () => {
    const r = await curl(`https://127.0.0.1:${server.port}/`, null)
    expect(r.code).toBe(60)
  })

  it('is trusted by Node https with `ca`, for localhost and 127.0.0.1', async () => {
    for (const host of ['localhost', '127.0.0.1']) {
      const url = `https://${host}:${server.port}/`
      // localhost may resolve to ::1 first; the listener is on 127.0.0.1.
      expect(await nodeGet(url, { ca: material.certPem, family: 4 })).toEqual({ body: 'hello over TLS' })
    }
  })

  it('is refused by Node https without `ca` (a self-signed certificate is trusted only when given)', async () => {
    expect(await nodeGet(`https://127.0.0.1:${server.port}/`, { family: 4 })).toEqual({
      error: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    })
  })

  it('is refused for a name it does not carry, even with `ca`', async () => {
    const r = await nodeGet(`https://127.0.0.1:${server.port}/`, { ca: material.certPem, servername: 'example.com' })
    expect(r).toEqual({ error: 'ERR_TLS_CERT_ALTNAME_INVALID' })
  })

  it('is refused with another certificate as `ca`', async () => {
    const other = openStore(':memory:')
    try {
      const r = await nodeGet(`https://127.0.0.1:${server.port}/`, { ca: await certificatePem(other) })
      expect(r).toEqual({ error: 'DEPTH_ZERO_SELF_SIGNED_CERT' })
    } finally {
      await other.close()
    }
  })
})

describe('a renewed certificate', () => {
  it('replaces the old one on a running listener with server.setSecureContext(httpsServerOptions(...))', async () => {
    const fresh = openStore(':memory:')
    // Made a year ago: still valid for half a day, so due for renewal now.
    const first = await ensureCertificate(fresh, { now: () => Date.now() - 364.5 * DAY })
    const server = https.createServer(httpsServerOptions(first), (_req, res) => res.end('hello over TLS'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`
    try {
      expect(await nodeGet(url, { ca: first.certPem })).toEqual({ body: 'hello over TLS' })
      const renewed = await ensureCertificate(fresh)
      expect(renewed.fingerprintSha256).not.toBe(first.fingerprintSha256)
      server.setSecureContext(httpsServerOptions(renewed))
      expect(await nodeGet(url, { ca: renewed.certPem })).toEqual({ body: 'hello over TLS' })
      expect(await nodeGet(url, { ca: first.certPem })).toEqual({ error: 'DEPTH_ZERO_SELF_SIGNED_CERT' })
    } finally {
      server.close()
      await fresh.close()
    }
  })
})

const ipv6Missing = await new Promise<string | null>((resolve) => {
  const probeServer = createTcpServer()
  probeServer.once('error', (err) => resolve(`cannot listen on ::1 (${err.message})`))
  probeServer.listen(0, '::1', () => probeServer.close(() => resolve(null)))
})
if (ipv6Missing) console.log(`[tls] ::1 check skipped: ${ipv6Missing}`)

describe.skipIf(ipv6Missing !== null || !hasCurl)('on ::1', () => {
  it('is trusted by `curl --cacert` at https://[::1]', async () => {
    const server = await listen(httpsServerOptions(material), '::1')
    try {
      expect(await curl(`https://[::1]:${server.port}/`, pemFile)).toMatchObject({ code: 0, stdout: 'hello over TLS' })
    } finally {
      server.close()
    }
  })
})
